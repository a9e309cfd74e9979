// The contract between a splitter (bytes -> record boundaries) and whoever reads the records.
// Records arrive as UTF-8 bytes so the reader can skip the ones the rule ignores without decoding them.

export interface RecordSink {
  /** One whole record, as bytes, starting on 1-based `line`. */
  record(bytes: Uint8Array, line: number): void;
  /** A stretch of input that could not be read as a record; reading goes on after it. */
  broken(line: number, message: string): void;
  /** The column list of the records that follow, when they are arrays of values (a Log Analytics table). */
  columns?(bytes: Uint8Array, line: number): void;
  filter?: RecordFilter;
}

/**
 * Bytes every record the reader wants contains. Once the reader sets `skipping`, a splitter that sees a whole
 * record lacking them, without cutting it out, adds one to `skipped` instead of calling record(). Fields
 * rather than a callback, so that a splitter can skip many records in one step (json-records.ts).
 */
export interface RecordFilter {
  readonly needle: Uint8Array;
  /**
   * Also skippable: a record with the needle but none of these. A splitter may skip such records (counting
   * them in `skipped`) or hand them over; the reader must count the ones it gets without reading them.
   */
  alsoOneOf?: { needle: Uint8Array; ignoreAsciiCase: boolean }[];
  skipping: boolean;
  /** Whether `alsoOneOf` applies yet: the reader turns it on once skipping such records loses nothing. */
  skippingAlso: boolean;
  skipped: number;
}

export interface Splitter {
  write(chunk: Uint8Array): void;
  end(): void;
}

/** Largest record read; past it a record is reported and skipped so one runaway field cannot eat the file. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Collects the pieces of a record that spans chunks; copies, because callers may reuse chunk buffers. */
export class Carry {
  private parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // Not bytes.slice(): on a Node Buffer that is a view of the same memory, not a copy.
    this.parts.push(new Uint8Array(bytes));
    this.length += bytes.length;
  }

  /** The carried bytes followed by `tail`, as one array; empties the carry. */
  take(tail: Uint8Array): Uint8Array {
    if (this.parts.length === 0) return tail;
    const out = new Uint8Array(this.length + tail.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    out.set(tail, at);
    this.clear();
    return out;
  }

  clear(): void {
    this.parts = [];
    this.length = 0;
  }
}
