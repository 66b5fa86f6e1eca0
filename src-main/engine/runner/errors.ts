// One error type for the runner, so callers can branch on `code` instead of parsing messages.

export type RunnerErrorCode =
  | 'program_not_found'
  | 'cwd_missing'
  | 'spawn_failed'
  | 'already_running'
  | 'not_running'
  | 'protocol'
  | 'log_missing'
  | 'connection_closed'
  | 'unsafe_socket'
  | 'disk_full'
  | 'log_failed';

export class RunnerError extends Error {
  readonly code: RunnerErrorCode;

  constructor(code: RunnerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunnerError';
    this.code = code;
  }
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
