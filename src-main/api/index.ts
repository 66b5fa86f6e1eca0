// The Switchyard API contract: zod schemas and inferred types for every operation, result and
// event stream. Shared by the host (src-main/host), both transports and the renderer.
export * from './schemas';
export * from './errors';
export * from './operations';
export * from './ops-output';
export * from './ops-merge-checks';
export * from './paths';
export * from './events';
export * from './transport';
export * from './validate';
export * from './wire';
export * from './auth-probe';
