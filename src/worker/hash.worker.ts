// The import's SHA-256, on a thread of its own that reads the file itself (sha256.ts says why).

import { expose } from 'comlink';
import { hashWholeFile, type HashApi } from './sha256.ts';

expose({ hashFile: hashWholeFile } satisfies HashApi);
