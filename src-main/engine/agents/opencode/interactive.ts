// Interactive opencode: not wired to hooks yet, so its status is guessed from output activity.
import type { InteractiveAgent } from '../interactive';

export const opencodeInteractive: InteractiveAgent = {
  reportsThroughHooks: false,
  prepare: () => ({ args: [], env: {} }),
};
