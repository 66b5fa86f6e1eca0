// Interactive codex: not wired to hooks yet, so its status is guessed from output activity.
import type { InteractiveAgent } from '../interactive';

export const codexInteractive: InteractiveAgent = {
  reportsThroughHooks: false,
  prepare: () => ({ args: [], env: {} }),
};
