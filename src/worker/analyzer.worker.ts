// The worker entry: expose the import verb, nothing else.

import { expose } from 'comlink';
import type { AnalyzerApi } from './api.ts';
import { importFile } from './import-file.ts';

expose({ importFile } satisfies AnalyzerApi);
