import { describe, expect, it } from 'vitest';
import { QueryScanner } from '../../../src-main/engine/runner/term-scanner';
import type { TerminalQuery } from '../../../src-main/engine/runner/term-scanner';
import { TerminalAnswerer } from '../../../src-main/engine/runner/term-answers';
import { QueryFilter, stripTerminalQueries } from '../../../src-main/engine/runner/query-filter';

const ESC = '\x1b';

function scan(chunks: string[]): Array<{ q: TerminalQuery; text: string }> {
  const scanner = new QueryScanner();
  const all = chunks.join('');
  const found: Array<{ q: TerminalQuery; text: string }> = [];
  for (const c of chunks) scanner.feed(Buffer.from(c, 'latin1'), { query: (q, s, e) => found.push({ q, text: all.slice(s, e) }) });
  return found;
}

/** Every way of cutting `s` into two chunks. */
function splits(s: string): string[][] {
  const out: string[][] = [];
  for (let i = 0; i <= s.length; i++) out.push([s.slice(0, i), s.slice(i)]);
  return out;
}

// The start-up probes of the real CLIs (spec/agent-clis.md, "Terminal queries at start-up").
const GEMINI = `${ESC}[?u${ESC}]11;?${ESC}\\${ESC}[>q${ESC}[>4;?m${ESC}[c`;
const CODEX = `${ESC}[?u${ESC}[?1007$p${ESC}[c${ESC}[6n${ESC}]10;?${ESC}\\${ESC}]11;?\x07`;
const OPENCODE = `${ESC}]10;?\x07${ESC}]11;?\x07${ESC}[>0q${ESC}[6n${ESC}P+q544e${ESC}\\${ESC}[?1016$p${ESC}[?u${ESC}]99;i=1:p=?;${ESC}\\`;

describe('QueryScanner', () => {
  it("finds every start-up probe of Gemini, Codex and OpenCode, whole, wherever a chunk boundary falls", () => {
    for (const probe of [GEMINI, CODEX, OPENCODE]) {
      const whole = scan([probe]).map((f) => f.text);
      expect(whole.join('')).toBe(probe);
      for (const parts of splits(probe)) expect(scan(parts).map((f) => f.text)).toEqual(whole);
    }
    expect(scan([CODEX]).map((f) => f.q.kind)).toEqual(['kitty-keyboard', 'decrqm', 'da1', 'dsr', 'osc', 'osc']);
  });

  it('leaves ordinary output alone: colours, cursor moves, titles, hyperlinks, sixel-free DCS', () => {
    const text = `hello ${ESC}[1;31mred${ESC}[0m ${ESC}[2J${ESC}[H${ESC}]0;title\x07${ESC}]8;;https://x.test/?q=1${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}[?25l${ESC}[?2004h ${ESC}[5 q · é`;
    expect(scan([text])).toEqual([]);
  });

  it('sees queries written with UTF-8 encoded C1 introducers and inside other sequences', () => {
    expect(scan(['\u009b6n'.replace('\u009b', '\xc2\x9b')]).map((f) => f.q.kind)).toEqual(['dsr']);
    // An ESC ends an unterminated OSC and starts a new sequence (xterm.js does the same).
    expect(scan([`${ESC}]0;title${ESC}[6n`]).map((f) => f.text)).toEqual([`${ESC}[6n`]);
    // C0 controls inside a CSI are executed, the CSI goes on.
    expect(scan([`${ESC}[6\nn`]).map((f) => f.q.kind)).toEqual(['dsr']);
    // CAN aborts it.
    expect(scan([`${ESC}[6\x18n`])).toEqual([]);
  });
});

describe('TerminalAnswerer', () => {
  const answer = (probe: string) => {
    const a = new TerminalAnswerer();
    const replies: string[] = [];
    new QueryScanner().feed(Buffer.from(probe, 'latin1'), {
      query: (q) => {
        const r = a.answer(q);
        if (r) replies.push(r);
      },
      privateMode: (m, set) => a.privateMode(m, set),
    });
    return replies;
  };

  it("answers like xterm.js: DA1, DA2, CPR, colours, XTVERSION, DECRQM; leaves the kitty query to the DA1 sentinel", () => {
    expect(answer(CODEX)).toEqual([`${ESC}[?1007;0$y`, `${ESC}[?1;2c`, `${ESC}[1;1R`, `${ESC}]10;rgb:d7d7/dada/e0e0${ESC}\\`, `${ESC}]11;rgb:0d0d/0f0f/1414\x07`]);
    expect(answer(`${ESC}[>c${ESC}[>q${ESC}[5n${ESC}[?6n`)).toEqual([`${ESC}[>0;276;0c`, `${ESC}P>|xterm.js(6.0.0)${ESC}\\`, `${ESC}[0n`, `${ESC}[?1;1R`]);
    expect(answer(`${ESC}P+q544e${ESC}\\${ESC}P$qm${ESC}\\`)).toEqual([`${ESC}P0+r${ESC}\\`, `${ESC}P0$r${ESC}\\`]);
  });

  it('reports the private modes the agent set', () => {
    expect(answer(`${ESC}[?2004$p${ESC}[?2004h${ESC}[?2004$p${ESC}[?25l${ESC}[?25$p`)).toEqual([`${ESC}[?2004;2$y`, `${ESC}[?2004;1$y`, `${ESC}[?25;2$y`]);
  });
});

describe('QueryFilter', () => {
  const text = `before ${ESC}[1mbold${ESC}[0m ${GEMINI} middle ${CODEX} ${OPENCODE} after`;
  const expected = `before ${ESC}[1mbold${ESC}[0m  middle   after`;

  it('removes every query from history, wherever the chunks are cut', () => {
    expect(stripTerminalQueries(Buffer.from(text)).toString()).toBe(expected);
    for (const parts of splits(text)) {
      const f = new QueryFilter();
      const out = Buffer.concat([...parts.map((p) => f.push(Buffer.from(p), false)), f.flush()]);
      expect(out.toString()).toBe(expected);
    }
  });

  it('passes queries through to the terminal that answers them, holding back only an unfinished sequence', () => {
    const f = new QueryFilter();
    expect(f.push(Buffer.from(`a${ESC}[6`), true).toString()).toBe('a');
    expect(f.heldBytes).toBe(3);
    expect(f.push(Buffer.from('nb'), true).toString()).toBe(`${ESC}[6nb`);
    // Switching to history mid-stream: the query completed in history is removed whole.
    expect(f.push(Buffer.from(`${ESC}[`), true).toString()).toBe('');
    expect(f.push(Buffer.from('cz'), false).toString()).toBe('z');
  });

  it('does not hold back long strings that cannot be queries', () => {
    const f = new QueryFilter();
    const image = `${ESC}]1337;File=inline=1:${'A'.repeat(10_000)}`;
    expect(f.push(Buffer.from(image), false).length).toBe(image.length);
  });
});

describe('QueryScanner on malformed UTF-8', () => {
  it('does not let a stray 0xC2 hide the ESC after it', () => {
    const scanner = new QueryScanner();
    const found: string[] = [];
    scanner.feed(Buffer.from([0x41, 0xc2, 0x1b, 0x5b, 0x36, 0x6e, 0xc2, 0xb7, 0x1b, 0x5b, 0x63]), { query: (q) => found.push(q.kind) });
    expect(found).toEqual(['dsr', 'da1']);
  });
});
