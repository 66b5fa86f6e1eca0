// The layer rules are real: a wrong import in the engine or the renderer fails lint (and so `npm test`).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('refuses electron in the engine', async () => {
    const messages = await restrictedImports('src-main/engine/sessions/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages.join('\n')).toContain('The engine must not import electron');
  });

  it('refuses the app layer in the engine', async () => {
    const messages = await restrictedImports('src-main/engine/x.ts', "import { secureWindowOptions } from '../app/window-options';\nexport const a = secureWindowOptions;\n");
    expect(messages).toHaveLength(1);
  });

  it('refuses Node modules and engine internals in the renderer', async () => {
    const node = await restrictedImports('src-renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n");
    expect(node.join('\n')).toContain('no Node modules');
    const engine = await restrictedImports('src-renderer/src/x.ts', "import { openStore } from '../../src-main/engine/store';\nexport const a = openStore;\n");
    expect(engine.join('\n')).toContain('only the API contract');
  });

  it('refuses bare Node builtins but not local modules that share their names', async () => {
    expect(await restrictedImports('src-renderer/src/x.ts', "import { EventEmitter } from 'events';\nexport const a = EventEmitter;\n")).toHaveLength(1);
    expect(await restrictedImports('src-main/api/x.ts', "import { sessionEvents } from './events';\nexport const a = sessionEvents;\n")).toEqual([]);
  });

  it('allows the API contract in the renderer and node modules in the engine', async () => {
    expect(await restrictedImports('src-renderer/src/x.ts', "import type { X } from '../../src-main/api/contract';\nexport type Y = X;\n")).toEqual([]);
    expect(await restrictedImports('src-main/engine/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });
});
