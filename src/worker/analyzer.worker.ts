// The worker entry: expose the analyzer's verbs (analyzer-api.ts), nothing else.

import { expose } from 'comlink';
import { createAnalyzerApi } from './analyzer-api.ts';

expose(createAnalyzerApi());
