// Removes secrets from text before it is stored (tool summaries, output previews). Each secret
// keeps a short, non-secret prefix so a reader still sees what kind of value was there
// (`sk-ant-***`, `Bearer ***`, `password=***`).

export const REDACTED = '***';

interface Rule {
  name: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g;

// Order matters: the specific key shapes run before the generic `name=value` rule, so
// `API_KEY=sk-ant-...` still keeps its `sk-ant-` hint instead of a bare `***`.
const RULES: readonly Rule[] = [
  { name: 'pem', pattern: PEM_BLOCK, replace: (_m, label) => `-----BEGIN ${label}----- ${REDACTED} -----END ${label}-----` },
  { name: 'anthropic', pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, replace: () => `sk-ant-${REDACTED}` },
  // OpenAI-style keys, including sk-proj-/sk-svcacct- forms.
  { name: 'openai', pattern: /\bsk-(?!ant-)(?:[A-Za-z]+-)?[A-Za-z0-9_-]{16,}/g, replace: () => `sk-${REDACTED}` },
  { name: 'github-pat', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: () => `github_pat_${REDACTED}` },
  { name: 'github-token', pattern: /\b(gh[pousr])_[A-Za-z0-9]{20,}/g, replace: (_m, kind) => `${kind}_${REDACTED}` },
  { name: 'slack', pattern: /\b(xox[abpors])-[A-Za-z0-9-]{10,}/g, replace: (_m, kind) => `${kind}-${REDACTED}` },
  { name: 'aws-access-key', pattern: /\b((?:AKIA|ASIA))[A-Z0-9]{16}\b/g, replace: (_m, kind) => `${kind}${REDACTED}` },
  { name: 'bearer', pattern: /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_m, word) => `${word} ${REDACTED}` },
  {
    // name=value, name: value, "name": "value" for secret-looking names. The value ends at
    // whitespace, a quote, comma, semicolon or ampersand (query strings, env lines, JSON).
    name: 'assignment',
    pattern:
      /\b((?:[A-Za-z0-9_]*[_-])?(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth)(?:[_-][A-Za-z0-9_]*)?)("?\s*[:=]\s*"?)((?![^\s"'&,;]*\*\*\*)[^\s"'&,;]+)/gi,
    replace: (_m, key, sep) => `${key}${sep}${REDACTED}`,
  },
];

export interface RedactionResult {
  text: string;
  /** Names of the rules that fired, once each (e.g. ["anthropic", "bearer"]). */
  found: string[];
}

export function redactSecretsDetailed(text: string): RedactionResult {
  let out = text;
  const found: string[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    const next = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
    if (next !== out) found.push(rule.name);
    out = next;
  }
  return { text: out, found };
}

export function redactSecrets(text: string): string {
  return redactSecretsDetailed(text).text;
}
