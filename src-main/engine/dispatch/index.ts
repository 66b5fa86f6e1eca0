// Remote dispatch: the request queue, computer-use rendering, the queue runner and the HTTP intake.
export * from './launcher';
export * from './requests';
export * from './run';
export * from './intake-body';
export * from './intake';
export * from './intake-token';
