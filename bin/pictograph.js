#!/usr/bin/env node
// Launcher for the compiled CLI (bin/cli.ts → dist/bin/cli.js). Run `npm run build` (or `npm run setup`) first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/bin/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('pictograph: the TypeScript build is missing (dist/). Run `npm run setup` or `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(compiled);
process.exitCode = await main(process.argv.slice(2));
