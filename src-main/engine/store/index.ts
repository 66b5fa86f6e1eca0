// The state store: the only place that speaks SQL. Everything else uses these typed operations.
export { openStore, type Store, type StoreOptions } from './store';
export { migrate, currentSchemaVersion, SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
export { inspectDatabase, type DatabaseInspection } from './inspect';
export { canTransition } from './transitions';
export { handoffPriority, messagePriority, priorityFromInt, priorityToInt } from './priority';
export { defaultProjectLabel, defaultTaskGroupLabel, parseSessionState } from './session-rows';
export { EMPTY_ACTIVITY } from './daemon';
export type { SessionExit } from './sessions';
export type { UnreadHandoffTarget } from './messages';
export type { NewToolLogEntry, ToolLogInsert, ToolLogPage, NewFileActivity } from './tools';
export type { ConflictIncidentInput } from './conflicts';
export type { ContextEntityInput, ContextRelation, ContextRelationInput } from './graph';
export type { NewScheduledTask } from './schedules';
export type { NewRemoteDispatchRequest } from './remote';
export type { DispatchPass, RecoveryDispatchPass, RebalancePass, AutoMergePass, AutoPrunePass } from './daemon';
export type { OutputLogInput } from './outputs';
