/**
 * Splits a byte stream into "\n"-terminated lines without holding more than one line in memory.
 * Only "\n" ends a line: JSON escapes every other control character, so "\r" or U+2028 inside a
 * line is data, never a break.
 */
import { InputError } from "../errors.js";

/** One line's bytes (without its "\n"), its 1-based number, and whether a "\n" ended it. */
export interface RawLine {
  lineNo: number;
  /** Byte offset of the line's first byte in the (decompressed) stream. */
  offset: number;
  bytes: Buffer;
  terminated: boolean;
}

const NEWLINE = 0x0a;

/** Default cap on one line: far above any real frame, low enough to stop a runaway binary file. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Yields the lines of `chunks`. A final segment without "\n" is yielded with `terminated: false`
 * (an empty one is not). A line longer than `maxLineBytes` is an InputError naming file and line.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<RawLine> {
  for await (const batch of splitLineBatches(chunks, file, maxLineBytes)) yield* batch;
}

/**
 * The lines of `chunks`, as {@link splitLines} gives them, a chunk's worth at a time: one
 * asynchronous step per chunk instead of per line is most of the difference between reading a
 * tape and splitting it. A batch never holds more than one chunk's lines plus one carried line.
 */
export async function* splitLineBatches(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<RawLine[]> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let lineNo = 1;
  let base = 0; // stream offset of the current chunk's first byte
  let lineStart = 0;
  const tooLong = () =>
    new InputError(`${file}:${lineNo}: line is longer than ${maxLineBytes} bytes`, "TAPE_CORRUPT");

  for await (const chunk of chunks) {
    const batch: RawLine[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      const tail = chunk.subarray(from, nl);
      if (partBytes + tail.length > maxLineBytes) {
        // The lines before the long one are good: hand them over first, then fail on it.
        if (batch.length > 0) yield batch;
        throw tooLong();
      }
      const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
      parts = [];
      partBytes = 0;
      batch.push({ lineNo, offset: lineStart, bytes, terminated: true });
      lineNo += 1;
      from = nl + 1;
      lineStart = base + from;
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      partBytes += rest.length;
      if (partBytes > maxLineBytes) {
        if (batch.length > 0) yield batch;
        throw tooLong();
      }
      parts.push(rest);
    }
    base += chunk.length;
    if (batch.length > 0) yield batch;
  }
  if (partBytes > 0) {
    yield [{ lineNo, offset: lineStart, bytes: Buffer.concat(parts), terminated: false }];
  }
}
