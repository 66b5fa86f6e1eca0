// Delegation: routing work from leads to delegates, inbox draining, rebalancing, backlog coordination,
// team and coordination status. The delegation graph is derived from task_handoff messages.
export * from './types';
export { graphMatchTerms, matchedTerms } from './terms';
export { directDelegateSessions, directDelegatesOfLeads, resolveDelegateAgentType, DELEGATE_SCAN_LIMIT } from './delegates';
export { planAssignment, previewFromPlan, type AssignmentPlan } from './plan';
export { sendTaskHandoff, typeIntoTerminal, deliverToDelegate, terminalInputFor } from './deliver';
export { assignSession, previewAssignment, queueDeferredTask, routeTask, type AssignRequest } from './assign';
export { drainInbox, autoDispatchBacklog, type DrainRequest, type AutoDispatchRequest } from './drain';
export { rebalanceTeamBacklog, rebalanceAllTeams, type RebalanceTeamRequest, type RebalanceAllRequest } from './rebalance';
export { summarizeBacklogPressure, backlogTargets, type BacklogPressure } from './pressure';
export {
  coordinateBacklog,
  coordinateUntilHealthy,
  routedCount,
  deferredCount,
  type CoordinateRequest,
  type CoordinateUntilHealthyResult,
} from './coordinate';
export {
  prefersRebalanceFirst,
  dispatchCooloffActive,
  chronicSaturationClearedAt,
  stabilizedAfterRecoveryAt,
  operatorEscalationRequired,
} from './activity';
export { getCoordinationStatus, renderCoordinationStatus, coordinationMode, coordinationHealth, coordinationModeLabel } from './coordination-status';
export { getTeamStatus, renderTeamStatus } from './team';
export { renderAssignment, renderDrain, renderDispatch, renderRebalance, renderCoordinatePass } from './render';
export {
  buildDelegateResult,
  encodeDelegateResult,
  parseDelegateResult,
  delegateResultText,
  reportFinishedDelegates,
  sendResultToLead,
  REPORT_WINDOW_MS,
  type DelegateResult,
  type ReportedResult,
} from './results';
