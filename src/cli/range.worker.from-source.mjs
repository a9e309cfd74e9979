// A range worker thread when the command line runs from source (tests, tsx): Node 20 applies no `--import`
// given in a worker's execArgv, so the thread registers tsx's loader itself, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./range.worker.ts');
