// The floor a session runner is measured against (bench/runner.ts): a bare Node process (CommonJS,
// as the runner bundle is) holding what every runner must hold: an agent in a node-pty, a
// listening unix socket, and the SQLite store open with one write. Argv: <socket> <db>.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded as the runner bundle is */
const { spawn } = require('node-pty');
const { createServer } = require('node:net');
const Database = require('better-sqlite3');

const pty = spawn('/bin/sleep', ['600'], {});
pty.onData(() => undefined);
createServer().listen(process.argv[2]);
const db = new Database(process.argv[3]);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS t (x)');
db.prepare('INSERT INTO t VALUES (?)').run(process.pid);
process.on('SIGTERM', () => {
  pty.kill();
  process.exit(0);
});
