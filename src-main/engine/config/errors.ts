// A config problem the user has to fix: always names the file, and for value problems the key,
// what was expected and what was found.

export interface ConfigErrorDetails {
  file: string;
  key?: string;
  expected?: string;
  found?: string;
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly key: string | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, details: ConfigErrorDetails) {
    super(message);
    this.file = details.file;
    this.key = details.key;
    this.expected = details.expected;
    this.found = details.found;
    this.line = details.line;
    this.column = details.column;
  }
}

/** `<file>: <key>: expected <expected>, found <found> (<fix>)`. */
export function valueError(file: string, key: string, expected: string, found: string, fix: string): ConfigError {
  return new ConfigError(`${file}: ${key}: expected ${expected}, found ${found} (${fix})`, { file, key, expected, found });
}

export function isTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** How a TOML value reads in an error message: `string "four"`, `integer -1`, `array [1, 2]`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'number nan';
    if (!Number.isFinite(value)) return `number ${value > 0 ? 'inf' : '-inf'}`;
    return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  }
  if (typeof value === 'bigint') return `integer ${value}`;
  if (value instanceof Date) return `date-time ${value.toISOString()}`;
  if (Array.isArray(value)) return `array ${formatShort(value)}`;
  if (isTable(value)) return 'a table';
  return String(value);
}

/** A value as it would be written in TOML, for "use the default, ..." hints. */
export function formatTomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatTomlValue).join(', ')}]`;
  if (isTable(value)) {
    const inner = Object.entries(value).map(([k, v]) => `${k} = ${formatTomlValue(v)}`);
    return inner.length === 0 ? '{}' : `{ ${inner.join(', ')} }`;
  }
  return String(value);
}

function formatShort(value: unknown[]): string {
  const text = formatTomlValue(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
