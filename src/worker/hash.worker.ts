// The hashing worker's entry: the file's SHA-256, nothing else (file-hash.ts starts it).

import { expose } from 'comlink';
import type { HashApi } from './api.ts';
import { sha256OfFile } from './sha256-file.ts';

expose({ sha256: sha256OfFile } satisfies HashApi);
