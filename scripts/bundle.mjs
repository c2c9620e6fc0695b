#!/usr/bin/env node
// Bundles the CLI into one ES module (dist/mox.mjs). Loading ~100 small modules costs about
// 300 ms at startup on a machine with slow file access; one file loads in a fraction of that.
// npm packages stay external (they are installed next to it).
//
// The terminal UI is a second bundle (dist/tui.mjs): the CLI imports it lazily, only when
// stdout is a terminal, so other commands never load Ink and React. Its dynamic import in
// the CLI is rewritten to the sibling file instead of being inlined.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

const tuiExternal = {
  name: 'tui-external',
  setup(b) {
    b.onResolve({ filter: /(^|\/)tui\/index\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './tui.mjs', external: true } : undefined));
  },
};

await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/mox.mjs', plugins: [tuiExternal] });
await build({ ...common, entryPoints: ['tui/index.tsx'], outfile: 'dist/tui.mjs', jsx: 'automatic' });
