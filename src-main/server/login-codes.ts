// One-time sign-in codes for browser mode. `serve` hands the browser a URL on the command line of
// xdg-open/open (and the browser keeps it in its own argv), where every user on the machine can read
// it in `ps`. So that URL carries a code, not the token: the first request exchanges it for the auth
// cookie, and any later use (or one after the code expired) gets 401.
import { createHash, randomBytes } from 'node:crypto';

/** Long enough for a slow desktop to start a browser, short enough that an unopened link goes stale. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;

const digest = (code: string) => createHash('sha256').update(code).digest('hex');

export class LoginCodes {
  // Keyed by a digest, so the lookup's timing tells nothing about the codes themselves.
  private readonly live = new Map<string, number>();

  constructor(
    private readonly ttlMs = LOGIN_CODE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    this.prune();
    const code = randomBytes(24).toString('base64url');
    this.live.set(digest(code), this.now() + this.ttlMs);
    return code;
  }

  /** True once per issued, unexpired code. */
  redeem(code: string): boolean {
    this.prune();
    const key = digest(code);
    const expires = this.live.get(key);
    this.live.delete(key);
    return expires !== undefined && expires > this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [key, expires] of this.live) if (expires <= now) this.live.delete(key);
  }
}
