// Small helpers shared by the row mappers.

export function parseJsonOr<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function stringArray(text: string | null | undefined): string[] {
  const v = parseJsonOr<unknown>(text, []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function stringMap(text: string | null | undefined): Record<string, string> {
  const v = parseJsonOr<unknown>(text, {});
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern written with ESCAPE '\'. */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function notFound(id: string): Error {
  return new Error(`Session not found: ${id}`);
}
