/**
 * Incremental gzip for an append-only file: each `compress` returns every byte needed to
 * decompress all input so far (a Z_SYNC_FLUSH point), so a process killed between two calls
 * leaves a file whose prefix decompresses to whole flushes. One deflate history spans the
 * whole tape, so repeated JSON keys keep compressing well across flushes.
 */
import { once } from "node:events";
import { constants, createGzip, type Gzip } from "node:zlib";

/** A gzip stream that hands back its output at each flush point. */
export class SyncFlushGzip {
  readonly #gz: Gzip;
  #out: Buffer[] = [];
  #error: Error | undefined;

  constructor(level: number = constants.Z_DEFAULT_COMPRESSION) {
    this.#gz = createGzip({ level });
    this.#gz.on("data", (chunk: Buffer) => this.#out.push(chunk));
    this.#gz.on("error", (err) => {
      this.#error ??= err;
    });
  }

  /** Compresses `data` and returns the output up to and including a sync-flush point. */
  async compress(data: Buffer): Promise<Buffer> {
    if (this.#error) throw this.#error;
    this.#gz.write(data);
    await new Promise<void>((resolve, reject) =>
      this.#gz.flush(constants.Z_SYNC_FLUSH, (err?: Error | null) =>
        err ? reject(err) : resolve(),
      ),
    );
    // zlib pushes a flush's output before calling back, but a chunk may still sit in the
    // readable buffer: wait until every pushed byte has reached the "data" listener.
    while (this.#gz.readableLength > 0) await once(this.#gz, "data");
    return this.#take();
  }

  /** Ends the stream (final block and gzip trailer) and returns the remaining output. */
  async finish(): Promise<Buffer> {
    if (this.#error) throw this.#error;
    const ended = once(this.#gz, "end");
    this.#gz.end();
    await ended;
    return this.#take();
  }

  /** Releases zlib's memory without producing output (after a failure). */
  destroy(): void {
    this.#gz.destroy();
  }

  #take(): Buffer {
    const out = Buffer.concat(this.#out);
    this.#out = [];
    return out;
  }
}
