// The import's SHA-256, on a thread of its own: hashing (about 290 MB/s in Chromium here) was a third of the
// import worker's time, and on two cores it runs beside the parsing instead of before it.

import { expose } from 'comlink';
import { createInThreadHasher, type HashApi } from './sha256.ts';

const hasher = createInThreadHasher();
expose({
  update: async (chunk) => (await hasher).update(chunk),
  digest: async () => (await hasher).digest(),
} satisfies HashApi);
