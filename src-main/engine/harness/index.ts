// Agent harnesses: kinds and aliases, detection from project markers, program lookup and the
// command lines (with environment) that launch each agent CLI.
export {
  BUILTIN_PROGRAMS,
  HARNESS_KINDS,
  HARNESS_PROJECT_MARKERS,
  canonicalAgentType,
  harnessFromAgentType,
  harnessRunner,
  isBuiltinHarness,
  runnerKey,
  type HarnessKind,
  type KnownHarnessKind,
} from './kinds';
export {
  detectHarness,
  detectMarkers,
  detectedSummary,
  isLaunchableLabel,
  resolveRequestedAgentType,
  withConfigDetection,
  type SessionHarnessInfo,
} from './detect';
export { agentProgram, missingProgramMessage, resolveProgram } from './program';
export { formatNumber, renderTaskWithProfileProjection, type ProjectionSupport } from './projection';
export {
  PACKAGE_MANAGERS,
  defaultPluginRootSeeds,
  normalizePackageManager,
  packageRoot,
  resolveEccPluginRoot,
  resolveProjectPackageManager,
  sharedHarnessEnv,
  type PackageManager,
  type PackageManagerSources,
  type SharedEnvOptions,
} from './env';
export { sessionName } from './builtin-args';
export { buildAgentCommand, type AgentCommand, type BuildAgentCommandOptions } from './command';
export { runnerStderrLogPath } from './paths';
export {
  DARWIN_ARG_MAX,
  LINUX_MAX_ARG_BYTES,
  WINDOWS_MAX_COMMAND_LINE,
  commandLineProblem,
} from './argv-limits';
