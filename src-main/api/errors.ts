// Every call answers with a Result: a value, or a typed error the UI can show. Transports never
// throw at the caller for an expected failure (bad input, unknown session, a refused operation).
import { z } from 'zod';

export const apiErrorCodes = [
  /** The input did not match the operation's schema. */
  'invalid_input',
  /** No such operation or event stream in this contract. */
  'unknown_operation',
  /** The session (or other object) named does not exist. */
  'not_found',
  /** The engine refused the operation; the message says why and what to do. */
  'rejected',
  /** A launch refused because a hard budget is spent; the message names it. Retry with `overBudget: true` to insist. */
  'over_budget',
  /** The transport failed (connection lost, timed out). */
  'transport',
  /** A bug or an unexpected failure in the host. */
  'internal',
] as const;
export const apiErrorSchema = z.object({ code: z.enum(apiErrorCodes), message: z.string() });
export type ApiError = z.infer<typeof apiErrorSchema>;
export type ApiErrorCode = ApiError['code'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** "path: problem; path: problem", short enough for a toast. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}
