// The import's SHA-256, on a thread of its own (sha256.ts): each chunk's buffer goes back once hashed.

import { expose, transfer } from 'comlink';
import { createInThreadHasher, type HashApi } from './sha256.ts';

const hasher = createInThreadHasher();
expose({
  update: async (buffer, length) => {
    (await hasher).update(buffer, length);
    return transfer(buffer, [buffer]);
  },
  digest: async () => (await hasher).digest(),
} satisfies HashApi);
