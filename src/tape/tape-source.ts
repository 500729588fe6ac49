/**
 * The bytes of a tape file, decompressed when its name ends in ".gz". A gzip stream that stops
 * early (a writer killed mid-recording) is not an error here: its readable prefix is delivered
 * and `truncated` says so, because the reader treats that as a torn end, not a corrupt tape.
 */
import { type FileHandle, open } from "node:fs/promises";
import { fsError } from "../errors.js";
import { CorruptGzip, gunzipChunks } from "./gunzip-chunks.js";
import type { AccessPointCollector } from "./gzip-access.js";

export { CorruptGzip };

/** A tape file opened for one pass over its (decompressed) bytes. */
export interface TapeSource {
  readonly path: string;
  readonly gzip: boolean;
  /** The bytes, in order; iterate once. Throws CorruptGzip on damaged gzip data. */
  readonly chunks: AsyncIterable<Buffer>;
  /** True once `chunks` has ended because the gzip stream was cut short. */
  readonly truncated: boolean;
  /** Releases the file early (iterating to the end or breaking out releases it too). */
  close(): Promise<void>;
}

/** Whether a path names a gzip tape: by extension, as the writer decides too. */
export function isGzipPath(path: string): boolean {
  return path.endsWith(".gz");
}

const CHUNK_BYTES = 64 * 1024;
/** Compressed reads are smaller: one read's output is held at once, and gzip expands ~10x. */
const GZIP_CHUNK_BYTES = 16 * 1024;

/**
 * Opens `path` for reading; a missing file, a directory or no permission is an InputError.
 * With `points`, a gzip tape's access points are collected as it is read.
 */
export async function openTapeSource(
  path: string,
  points?: AccessPointCollector,
): Promise<TapeSource> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (err) {
    fsError(err, path);
  }
  try {
    if ((await fh.stat()).isDirectory()) fsError({ code: "EISDIR" }, path);
  } catch (err) {
    await fh.close();
    throw err;
  }
  const gzip = isGzipPath(path);
  const raw = fh.createReadStream({ highWaterMark: gzip ? GZIP_CHUNK_BYTES : CHUNK_BYTES });
  let truncated = false;

  async function* chunks(): AsyncGenerator<Buffer> {
    let inflated: ReturnType<typeof gunzipChunks> | undefined;
    try {
      if (gzip) {
        inflated = gunzipChunks(points ? points.split(raw) : raw);
        for (let r = await inflated.next(); ; r = await inflated.next()) {
          if (r.done) {
            truncated = r.value.truncated;
            return;
          }
          points?.output(r.value);
          yield r.value;
        }
      }
      for await (const chunk of raw) yield chunk as Buffer;
    } catch (err) {
      if (err instanceof CorruptGzip) throw err;
      fsError(err, path);
    } finally {
      await inflated?.return({ truncated: false });
      raw.destroy();
    }
  }

  return {
    path,
    gzip,
    chunks: chunks(),
    get truncated() {
      return truncated;
    },
    async close() {
      if (!raw.closed) {
        const closed = new Promise<void>((resolve) => raw.once("close", () => resolve()));
        raw.destroy();
        await closed;
      }
    },
  };
}
