// A file that changes or becomes unreadable while it is read (Chromium's File.stream() then rejects with
// NotReadableError; a removed or unplugged file does the same). The evidence changed under the responder:
// that is a finding about the file, so it becomes a problem on it, at the line where reading stopped, and
// the results stand for the part read. The analyzer counts the lines as the chunks go by (its countLines
// option, in WebAssembly: indexOf per line cost more than the rest of the loop).

import type { Problem } from '../core/types.ts';

export function readFailure(error: unknown, bytesRead: number, line: number): Problem {
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  return { line, message: `the file changed or could not be read after ${bytesRead} bytes (${name}); results cover the part read` };
}
