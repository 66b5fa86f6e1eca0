/** True for a SQLite constraint error, optionally of one kind (e.g. 'PRIMARYKEY', 'UNIQUE', 'FOREIGNKEY'). */
export function isConstraintError(err: unknown, kind?: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return false;
  return kind === undefined || code === `SQLITE_CONSTRAINT_${kind}`;
}
