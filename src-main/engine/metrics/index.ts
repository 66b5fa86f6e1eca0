// Metrics from agent output and hook files: Claude's stream-json, ECC's JSONL files, risk, redaction.
export * from './claude-stream';
export * from './ecc-jsonl';
export * from './json-lines';
export * from './jsonl-tail';
export * from './redact';
export * from './risk';
