// Orchestration templates: variables, the session-slot check and launching the steps.
export * from './launch';
