import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// One build for every process. The main bundle has two entries: the Electron
// main process (`index`) and the `switchyard` CLI (`cli`). Beside them, the
// session runner (`runner.cjs`) gets a bundle of its own (see runnerBundle).
// All run under the same Node (or Electron as Node), so they share one native ABI.
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * V8 keeps a script's source for as long as any function of it lives, as a one-byte string when it
 * is all ASCII and a two-byte one otherwise: one "…" in a message doubled the runner bundle's 230 KB
 * in every runner. Characters outside ASCII (left only in string, template and regex literals once
 * comments are dropped) are written as \u escapes, which mean the same there.
 */
function asciiOnly(): Plugin {
  return {
    name: 'switchyard-runner-ascii',
    // At the end: the printer would turn escapes in plain string literals back into characters.
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') file.code = file.code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      }
    },
  };
}

/**
 * The session runner's bundle, out/main/runner.cjs, built after the main bundle. A runner lives as
 * long as its session, so it must hold only what it uses: its own entry, CommonJS (Node's ES
 * module loader alone costs a process about 1.4 MB more), and what only some sessions need in
 * chunks of its own (runner-chunks/) that are required when used. No comments and ASCII only
 * (asciiOnly): its source stays in every runner's memory.
 */
function runnerBundle(): Plugin {
  return {
    name: 'switchyard-runner-bundle',
    apply: 'build',
    async closeBundle() {
      const { build } = await import('vite');
      await build({
        configFile: false,
        logLevel: 'warn',
        plugins: [asciiOnly()],
        build: {
          ssr: true,
          outDir: resolve(root, 'out/main'),
          emptyOutDir: false,
          minify: false,
          rollupOptions: {
            input: { runner: resolve(root, 'src-main/runner/main.ts') },
            output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'runner-chunks/[name]-[hash].cjs', comments: false },
          },
        },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [runnerBundle()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          cli: resolve(root, 'src-main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only `electron`: bundle its other imports (zod, the contract).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // Sandboxed preload scripts must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
