// An id prefix that matches more than one session is a question back to the user, never a guess:
// `delete 4` once deleted whichever "4..." session was updated last.

export interface SessionCandidate {
  id: string;
  task: string;
}

const SHOWN = 10;
const TASK_CHARS = 60;

function shortTask(task: string): string {
  const line = task.replace(/\s+/g, ' ').trim();
  return line.length > TASK_CHARS ? `${line.slice(0, TASK_CHARS - 1)}…` : line;
}

export class AmbiguousSessionError extends Error {
  readonly kind = 'ambiguous_session';

  constructor(
    readonly prefix: string,
    readonly candidates: SessionCandidate[],
  ) {
    const listed = candidates.slice(0, SHOWN).map((c) => `${c.id} (${JSON.stringify(shortTask(c.task))})`);
    const more = candidates.length > SHOWN ? `, and ${candidates.length - SHOWN} more` : '';
    super(
      `Session id prefix "${prefix}" is ambiguous: it matches ${candidates.length} sessions: ${listed.join(', ')}${more}. Pass more characters of the id, the full id, or \`latest\`.`,
    );
    this.name = 'AmbiguousSessionError';
  }
}
