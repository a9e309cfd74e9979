// `npm run detect`: the bundled command line (build-cli.mjs), built first when it is missing or stale, run
// in this process, so the command starts without a TypeScript loader.

import { buildCli, CLI_BUNDLE, isStale } from './build-cli.mjs';

if (isStale()) await buildCli();
await import(CLI_BUNDLE);
