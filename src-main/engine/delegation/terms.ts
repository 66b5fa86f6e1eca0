// Graph-context matching (spec §3.11.2): which of a task's words a delegate's context entities mention.
import type { ContextEntity } from '../model';

/** Tokens of 3+ characters (letters, digits, `_`, `.`, `-`), lowercased, first occurrence order. */
export function graphMatchTerms(task: string): string[] {
  const seen = new Set<string>();
  for (const token of task.split(/[^A-Za-z0-9_.-]+/)) {
    if (token.length < 3) continue;
    seen.add(token.toLowerCase());
  }
  return [...seen];
}

/** The terms that are a substring of an entity's name, summary, path, or a metadata key or value. */
export function matchedTerms(terms: readonly string[], entities: readonly ContextEntity[]): string[] {
  if (terms.length === 0 || entities.length === 0) return [];
  const haystacks: string[] = [];
  for (const e of entities) {
    haystacks.push(e.name.toLowerCase(), e.summary.toLowerCase());
    if (e.path) haystacks.push(e.path.toLowerCase());
    for (const [k, v] of Object.entries(e.metadata)) haystacks.push(k.toLowerCase(), v.toLowerCase());
  }
  return terms.filter((t) => haystacks.some((h) => h.includes(t)));
}
