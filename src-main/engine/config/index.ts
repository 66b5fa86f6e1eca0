// Public surface of the configuration module.
export type * from './types';
export { defaultConfig } from './defaults';
export { ConfigError } from './errors';
export { loadConfig, findProjectConfig, PROJECT_CONFIG_NAME, USER_CONFIG_NAME, type LoadConfigOptions } from './load';
export { resolveAgentProfile } from './profiles';
export { createConfigReloader, type ConfigReloader } from './reloader';
export { resolveOrchestrationTemplate } from './templates';
export { harnessRunner, computerUseDispatchDefaults, configEntries } from './helpers';
export { reviewProjectConfig, trustProjectConfig, type ProjectConfigReview, type TrustOutcome } from './project-trust';
export { readTrustStore, revokeTrust, trustStorePath, TRUST_FILE_NAME, type ProjectTrustState, type TrustRecord } from './trust';
export type { ExecutableKey } from './executable';
