// "Search all output" over interactive logs: escape sequences do not hide a word, a hit's line
// number is the line `switchyard logs` prints, however large the log, and a search that stopped
// reading a log says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/engine/store';
import { terminalTextLines } from '../../../src-main/engine/transcript';
import { searchOutput } from '../../../src-main/host/search';
import { tempDir } from '../../helpers/cli';
import { buildSession } from '../../helpers/session-fixture';

const ESC = '\x1b';
let dir: { path: string; cleanup: () => void };
let store: Store;

afterEach(() => {
  store?.close();
  dir?.cleanup();
});

function addLog(id: string, minutesAgo: number, bytes: Buffer): string {
  const logPath = join(dir.path, `${id}.log`);
  writeFileSync(logPath, bytes);
  store.insertSession(buildSession(id, 'completed', new Date(Date.now() - minutesAgo * 60_000), { mode: 'interactive', task: `task ${id}` }));
  store.upsertOutputLog({ sessionId: id, logPath, bytes: bytes.length });
  return logPath;
}

/** 60,000 coloured lines (about 6 MB: more than the 4 MB tail searches used to read) before the needle. */
function bigColouredLog(): Buffer {
  const filler = Array.from({ length: 60_000 }, (_, i) => `${ESC}[38;5;${i % 200}m${String(i).padStart(6, '0')} ${'·'.repeat(40)}${ESC}[0m\r\n`).join('');
  return Buffer.from(`${filler}${ESC}[1mNEE${ESC}[31mDLE${ESC}[0m-alpha in the big log\r\n`);
}

describe('searching interactive logs', () => {
  it('finds words split by colour codes with the line number logs prints, in a log of any size', async () => {
    dir = tempDir('sy-search-');
    store = openStore(join(dir.path, 'db.sqlite'));
    const big = bigColouredLog();
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    addLog('big00001', 5, big);
    // A TUI: text placed with cursor addressing, in the alternate screen, no newlines at all.
    const tui = Buffer.from(`${ESC}[?1049h${ESC}[2J${ESC}[1;1H${ESC}[7m Fake TUI ${ESC}[0m${ESC}[4;3HTool: ${ESC}[32mWrite${ESC}[0m notes.txt${ESC}[6;3Hneedle-beta drawn by position${ESC}[?1049l`);
    addLog('tui00001', 1, tui);

    const result = await searchOutput(store, 'needle', 50);
    expect(result.truncated).toBe(false);
    expect(result.partial).toEqual([]);
    // Newest session first.
    expect(result.hits).toEqual([
      { sessionId: 'tui00001', task: 'task tui00001', line: 3, text: '  needle-beta drawn by position' },
      { sessionId: 'big00001', task: 'task big00001', line: 60_001, text: 'NEEDLE-alpha in the big log' },
    ]);
    // The same lines `switchyard logs` prints for these sessions.
    expect(terminalTextLines(tui)[2]).toBe('  needle-beta drawn by position');
    expect(terminalTextLines(big)[60_000]).toBe('NEEDLE-alpha in the big log');
  }, 60_000);

  it('says which logs were only partly searched when the byte budget runs out', async () => {
    dir = tempDir('sy-search-');
    store = openStore(join(dir.path, 'db.sqlite'));
    const big = bigColouredLog();
    addLog('big00001', 5, big);
    addLog('small001', 1, Buffer.from('a needle early\r\n'));
    const result = await searchOutput(store, 'needle', 50, { budgetBytes: 1024 * 1024 });
    expect(result.hits.map((h) => [h.sessionId, h.line])).toEqual([['small001', 1]]);
    expect(result.partial).toEqual([{ sessionId: 'big00001', searchedBytes: 1024 * 1024 - 16, totalBytes: big.length }]);
  }, 60_000);
});
