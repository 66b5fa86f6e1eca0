/** An expected failure of a worktree operation; the message names the problem and what to do. */
export class WorktreeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorktreeError';
  }
}
