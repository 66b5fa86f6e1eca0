// Terminal titles as a status source for what an agent's hooks leave out (Gemini's "Ready" after a
// refused approval): read from the output, only once the hooks have reported the agent's start.
import { describe, expect, it } from 'vitest';
import { geminiTitleEvents } from '../../../src-main/engine/agents/gemini/interactive';
import { scanTitles } from '../../../src-main/engine/sessions/title-tap';

describe('terminal titles', () => {
  it('finds OSC 0 and OSC 2 titles ended by BEL or ST, keeping one cut mid-sequence for the next chunk', () => {
    const text = 'x\x1b]0;◇  Ready (wt)\x07y\x1b]2;✦  Working… (wt)\x1b\\z\x1b]0;✋  Act';
    expect(scanTitles(text)).toEqual({ titles: ['◇  Ready (wt)', '✦  Working… (wt)'], rest: '\x1b]0;✋  Act' });
    // Other OSC sequences (colour queries) are not titles.
    expect(scanTitles('\x1b]11;?\x1b\\')).toEqual({ titles: [], rest: '' });
  });

  it("reads Gemini's titles: Ready ends a turn, Working starts one, Action Required is the Notification hook's", () => {
    expect(geminiTitleEvents('◇  Ready (dfd546df)')).toEqual([{ kind: 'turn_ended' }]);
    expect(geminiTitleEvents('✦  Working… (dfd546df)')).toEqual([{ kind: 'turn_started' }]);
    expect(geminiTitleEvents('✋  Action Required (dfd546df)')).toEqual([]);
    expect(geminiTitleEvents('Gemini CLI')).toEqual([]);
  });
});
