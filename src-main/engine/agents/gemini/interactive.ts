// Interactive gemini: not wired to hooks yet, so its status is guessed from output activity.
import type { InteractiveAgent } from '../interactive';

export const geminiInteractive: InteractiveAgent = {
  reportsThroughHooks: false,
  prepare: () => ({ args: [], env: {} }),
};
