// The contract between a splitter (bytes -> record boundaries) and whoever reads the records.
// Records arrive as UTF-8 bytes so the reader can skip the ones the rule ignores without decoding them.

export interface RecordSink {
  /** One whole record, as bytes, starting on 1-based `line`. */
  record(bytes: Uint8Array, line: number): void;
  /** A stretch of input that could not be read as a record; reading goes on after it. */
  broken(line: number, message: string): void;
  /** The column list of the records that follow, when they are arrays of values (a Log Analytics table). */
  columns?(bytes: Uint8Array, line: number): void;
}

/**
 * Whole records a splitter may count rather than hand over: those without `needle` and, where `alsoOneOf` is
 * given, those naming none of it. A splitter may still hand such records over (when it cannot tell without
 * cutting them out); the reader counts the ones it gets without reading them.
 */
export interface SkipRule {
  readonly needle: Uint8Array;
  readonly alsoOneOf?: { needle: Uint8Array; ignoreAsciiCase: boolean }[];
}

export interface Splitter {
  write(chunk: Uint8Array): void;
  end(): void;
  /**
   * From now on, count the records `rule` lets go instead of calling record(). The reader calls it once the
   * records have shown what the file is, and again to add `alsoOneOf`; the needle stays the same.
   */
  skipUnless(rule: SkipRule): void;
  /** Records counted under skipUnless(), never handed over. */
  skipped(): number;
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
