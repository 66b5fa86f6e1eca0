// Gemini's interactive hooks → normalized session events (see ../hooks.ts).
import type { HookAdapter } from '../hooks';

export function createGeminiHookAdapter(): HookAdapter {
  return {
    fromHook: () => [],
  };
}
