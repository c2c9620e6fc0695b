#!/usr/bin/env node
// Bundles the CLI into one ES module (dist/mox.mjs). Loading ~100 small modules costs about
// 300 ms at startup on a machine with slow file access; one file loads in a fraction of that.
// npm packages stay external (they are installed next to it).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  target: 'node20',
  outfile: 'dist/mox.mjs',
  sourcemap: true,
  logLevel: 'warning',
});
