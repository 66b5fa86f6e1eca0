import { randomUUID } from 'node:crypto';

/** Session ids are the first 8 characters of a UUID v4, as in ECC2. */
export function newSessionId(taken: (id: string) => boolean = () => false): string {
  for (;;) {
    const id = randomUUID().slice(0, 8);
    if (!taken(id)) return id;
  }
}
