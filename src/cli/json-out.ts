// `--json` written in pieces: the text JSON.stringify(value, null, 2) gives, without ever holding it as one
// string. A large export's document (alerts with thousands of mailboxes, a story per mailbox) can pass the
// longest string V8 makes (about 512 MB), where one JSON.stringify throws.

/** The pieces of JSON.stringify(value, null, 2), in order; containers down to `depth` are opened piecewise. */
export function* jsonPieces(value: unknown, depth = 3, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (depth > 0 && Array.isArray(value) && value.length) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* jsonPieces(value[i] ?? null, depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && value !== null && typeof value === 'object' && !Array.isArray(value) && !('toJSON' in value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length) {
      yield '{';
      for (let i = 0; i < entries.length; i++) {
        yield `${i ? ',' : ''}\n${inner}${JSON.stringify(entries[i][0])}: `;
        yield* jsonPieces(entries[i][1], depth - 1, inner);
      }
      yield `\n${indent}}`;
      return;
    }
  }
  yield (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
}

/** Writes the pieces in batches of about 1 MB. */
export async function writeJson(value: unknown, write: (text: string) => Promise<void>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const piece of jsonPieces(value)) {
    batch.push(piece);
    size += piece.length;
    if (size >= 1 << 20) {
      await write(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  await write(`${batch.join('')}\n`);
}
