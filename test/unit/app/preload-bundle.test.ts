// A sandboxed preload can require only `electron`: any other require() in the built preload throws
// when the window opens, leaving the page without its API. Reads the bundle `npm run build` made.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bundle = join(import.meta.dirname, '..', '..', '..', 'out', 'preload', 'index.cjs');

describe('built preload', () => {
  it.skipIf(!existsSync(bundle))('requires nothing but electron (dependencies such as zod are bundled in)', () => {
    const required = [...readFileSync(bundle, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
  });
});
