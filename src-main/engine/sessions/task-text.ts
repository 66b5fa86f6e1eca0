// A task reaches the agent as one command-line argument, which cannot hold a NUL byte: such a task
// is refused where it comes in (start, the API, the remote intake), before any row is written.

/** Why `task` cannot be given to an agent, or null when it can. `what` names it in the message ("task", "goal"). */
export function nulByteProblem(task: string, what = 'task'): string | null {
  const at = task.indexOf('\0');
  if (at < 0) return null;
  return `the ${what} contains a NUL byte (at character ${at}), which a command-line argument cannot carry; remove it (e.g. \`tr -d '\\000'\`) and try again`;
}
