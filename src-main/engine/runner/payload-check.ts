// Checks for the runner's JSON control payloads. Hand-written instead of zod: the runner process
// loads this module, and zod alone would add ~7 MB to every session's memory (issue 14).
// The interface is zod's `safeParse`, so the messages read the same ("cols Too small...").

export interface Issue {
  path: string;
  message: string;
}
export type Checked<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };
export interface PayloadSchema<T> {
  safeParse(value: unknown): Checked<T>;
}

type Check = (value: unknown) => string | null;

export interface IntRule {
  min?: number;
  max?: number;
  nullable?: boolean;
  optional?: boolean;
}

export function int(rule: IntRule = {}): Check {
  return (v) => {
    if (v === undefined) return rule.optional ? null : 'is required';
    if (v === null) return rule.nullable ? null : 'expected a number, received null';
    if (typeof v !== 'number' || !Number.isInteger(v)) return `expected an integer, received ${typeof v === 'number' ? v : typeof v}`;
    if (rule.min !== undefined && v < rule.min) return `Too small: expected a number >= ${rule.min}`;
    if (rule.max !== undefined && v > rule.max) return `Too big: expected a number <= ${rule.max}`;
    return null;
  };
}

export function bool(optional = false): Check {
  return (v) => (v === undefined && optional ? null : typeof v === 'boolean' ? null : `expected a boolean, received ${typeof v}`);
}

export function str(nullable = false): Check {
  return (v) => (typeof v === 'string' || (nullable && v === null) ? null : `expected a string, received ${v === null ? 'null' : typeof v}`);
}

export function intList(max: number): Check {
  return (v) => (Array.isArray(v) && v.length <= max && v.every((x) => Number.isInteger(x)) ? null : `expected at most ${max} integers`);
}

export function optional(check: Check): Check {
  return (v) => (v === undefined ? null : check(v));
}

/** An object with these fields; other fields are dropped, as zod's object does. `nullable`: null passes. */
export function object<T>(fields: Record<string, Check>, nullable = false): PayloadSchema<T> & { check: Check } {
  const check: Check = (value) => {
    if (nullable && value === null) return null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
    for (const [key, field] of Object.entries(fields)) {
      const problem = field((value as Record<string, unknown>)[key]);
      if (problem) return `${key} ${problem}`;
    }
    return null;
  };
  return {
    check,
    safeParse(value) {
      const problem = check(value);
      if (problem === 'expected an object') return { success: false, error: { issues: [{ path: '', message: problem }] } };
      if (problem) {
        const space = problem.indexOf(' ');
        return { success: false, error: { issues: [{ path: problem.slice(0, space), message: problem.slice(space + 1) }] } };
      }
      if (value === null) return { success: true, data: value as T };
      const data: Record<string, unknown> = {};
      for (const key of Object.keys(fields)) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== undefined) data[key] = v;
      }
      return { success: true, data: data as T };
    },
  };
}
