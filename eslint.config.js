// Lint keeps the layers apart: renderer -> api contract <- app/server/cli -> engine.
// A wrong import is an error, and `npm test` runs lint with --max-warnings 0.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'http2', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'tty', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

// Bare builtin names are listed as exact paths: as patterns, `events` would also match a local './events'.
const builtinPaths = (message) => nodeBuiltins.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine runs under Electron, `switchyard serve`, the CLI and vitest: it never sees Electron
    // and never reaches up into the layers that sit on top of it.
    files: ['src-main/engine/**/*.ts'],
    rules: restrict(
      [
        { group: ['electron', 'electron/*'], message: 'The engine must not import electron; put Electron glue in src-main/app.' },
        { group: ['**/app/**', '**/server/**', '**/cli/**', '**/src-renderer/**', '**/src-preload/**'], message: 'The engine is the bottom layer; it cannot import the app, server, CLI or UI.' },
      ],
    ),
  },
  {
    // The contract is shared with the renderer: plain data and zod only.
    files: ['src-main/api/**/*.ts'],
    rules: restrict(
      [
        { group: ['electron', 'electron/*', 'node:*'], message: 'The API contract is shared with the renderer: no Node or Electron imports.' },
        { group: ['**/engine/**', '**/app/**', '**/server/**', '**/cli/**'], message: 'The API contract must not depend on an implementation layer.' },
      ],
      builtinPaths('The API contract is shared with the renderer: no Node or Electron imports.'),
    ),
  },
  {
    files: ['src-main/cli/**/*.ts', 'src-main/server/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'The CLI and browser mode run without Electron.' },
      { group: ['**/app/**'], message: 'The CLI and server must not import the Electron shell.' },
    ]),
  },
  {
    // The renderer talks only to the typed client: no Node, no Electron, no engine internals.
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
        { group: ['electron', 'electron/*', 'better-sqlite3', 'node-pty', 'simple-git'], message: 'The renderer must use the typed API client, not main-process modules.' },
        { group: ['**/src-main/engine/**', '**/src-main/app/**', '**/src-main/server/**', '**/src-main/cli/**', '**/src-main/host/**', '**/src-preload/**'], message: 'The renderer may import only the API contract (src-main/api).' },
      ],
      builtinPaths('The renderer runs in a sandboxed page: no Node modules.'),
    ),
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict([
      { group: ['**/src-main/engine/**', '**/src-main/server/**', '**/src-main/cli/**', 'better-sqlite3', 'node-pty'], message: 'The preload exposes the API contract only.' },
    ]),
  },
);
