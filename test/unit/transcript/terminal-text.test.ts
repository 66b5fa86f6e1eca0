// Interactive logs as text: escape sequences gone, carriage-return redraws leave their last state,
// TUI cursor addressing ends lines; the last full screen of an agent that ended full-screen.
import { describe, expect, it } from 'vitest';
import { lastAltScreen, readLastScreen, TerminalText, terminalTextLines } from '../../../src-main/engine/transcript';

const ESC = '\x1b';

describe('terminal text', () => {
  it('removes colours, OSC titles, modes and charset selections; keeps the words and blank lines', () => {
    const log = `${ESC}]0;my title${ESC}\\${ESC}[?25l${ESC}(B${ESC}[1;32mgreen${ESC}[0m words\r\n\r\n${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\ end\x07\r\n`;
    expect(terminalTextLines(log)).toEqual(['green words', '', 'link end']);
  });

  it('a carriage return or erase redraws the line: a progress bar leaves its last state', () => {
    expect(terminalTextLines('10%\r50%\r100% done\n')).toEqual(['100% done']);
    expect(terminalTextLines(`working...${ESC}[2K\rfinished\n`)).toEqual(['finished']);
    expect(terminalTextLines('abcdef\x08\x08XY\n')).toEqual(['abcdXY']);
  });

  it('cursor moves to other rows end lines, so text a TUI places by position is found line by line', () => {
    const frame = `${ESC}[2J${ESC}[1;1HTitle bar${ESC}[3;5HWrote notes.txt${ESC}[24;1H${ESC}[7mstatus${ESC}[0m`;
    expect(terminalTextLines(frame)).toEqual(['Title bar', '    Wrote notes.txt', 'status']);
  });

  it('decodes UTF-8 split across chunks', () => {
    const bytes = Buffer.from('naïve ✓\n');
    const lines: string[] = [];
    const t = new TerminalText((l) => lines.push(l));
    for (const b of bytes) t.push(Buffer.from([b]));
    t.end();
    expect(lines).toEqual(['naïve ✓']);
  });
});

describe('the last screen of a full-screen agent', () => {
  const tui = (leave: boolean) =>
    Buffer.from(
      `launching\r\n${ESC}[?1049h${ESC}[2J${ESC}[1;1H┌ Fake TUI ┐${ESC}[5;3HFirst draft${ESC}[5;3H${ESC}[2KSecond draft wins${ESC}[30;100Hcorner` +
        (leave ? `${ESC}[?1049lGoodbye\r\n` : ''),
    );

  it('finds the last alternate-screen stretch', () => {
    const log = tui(true);
    const span = lastAltScreen(log)!;
    expect(span.enter).toBe(log.indexOf(`${ESC}[?1049h`));
    expect(span.leave).toBe(log.indexOf(`${ESC}[?1049l`));
    expect(lastAltScreen(Buffer.from('plain output\n'))).toBeNull();
  });

  it('renders what was on screen when the agent left it (not the blank normal screen), and what it printed after', async () => {
    const screen = (await readLastScreen(tui(true)))!;
    expect(screen.stillInAltScreen).toBe(false);
    expect(screen.lines[0]).toBe('┌ Fake TUI ┐');
    expect(screen.lines[4]).toBe('  Second draft wins');
    // Sized from the cursor positions the agent used: row 30, column 100 fit.
    expect(screen.lines[29]).toBe(`${' '.repeat(99)}corner`);
    expect(screen.after).toEqual(['Goodbye']);
  });

  it('a log still in the alternate screen shows that screen', async () => {
    const screen = (await readLastScreen(tui(false)))!;
    expect(screen.stillInAltScreen).toBe(true);
    expect(screen.lines.join('\n')).toContain('Second draft wins');
    expect(screen.lines.join('\n')).not.toContain('First draft');
  });

  it('an agent that printed much after leaving the full screen is shown as text, not as a screen', async () => {
    const log = Buffer.concat([tui(true), Buffer.from(Array.from({ length: 20 }, (_, i) => `line ${i}\r\n`).join(''))]);
    expect(await readLastScreen(log)).toBeNull();
  });
});
