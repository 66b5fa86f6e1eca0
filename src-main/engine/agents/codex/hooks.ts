// Codex's interactive hooks → normalized session events (see ../hooks.ts).
import type { HookAdapter } from '../hooks';

export function createCodexHookAdapter(): HookAdapter {
  return {
    fromHook: () => [],
  };
}
