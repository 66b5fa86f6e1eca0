// Readable session output: headless streams as conversations, interactive logs as text or as
// their last screen. Used by `switchyard logs`, the host's session view and output search.
export * from './format';
export * from './reader';
export * from './screen';
export * from './terminal-text';
export * from './view';
