// Policies the daemon runs every tick: metrics ingestion, heartbeats, budgets (+ alerts), conflicts.
export * from './deps';
export * from './heartbeats';
export * from './budgets';
export * from './conflicts';
export * from './metrics-ingest';
