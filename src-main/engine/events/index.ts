// Engine events: a typed in-process bus backed by the persisted `events` table.
export * from './types';
export * from './bus';
