/**
 * Gunzip for a reader that may be slow: a stream's async iterator drops output it has buffered
 * when zlib reports an error, and a cut-short gzip file always ends in an error. Here the input
 * is fed one compressed chunk at a time and every byte zlib produces is taken before the next,
 * so when the cut is reported all readable output has already been handed on.
 */
import { createGunzip, type Gunzip } from "node:zlib";

/** Gzip data that is damaged rather than merely cut short. */
export class CorruptGzip extends Error {}

/** What ended the decompressed stream: its end, or input that stops inside the gzip stream. */
export interface GunzipEnd {
  truncated: boolean;
}

/** Waits until `start`'s callback runs or the stream fails or closes, whichever is first. */
function settle(gz: Gunzip, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      gz.off("error", done);
      gz.off("close", done);
      resolve();
    };
    gz.once("error", done);
    gz.once("close", done);
    start(done);
  });
}

/**
 * Decompresses `compressed`, yielding what each input chunk decodes to. Returns `truncated`
 * when the input ends inside the gzip stream; throws {@link CorruptGzip} for damaged data.
 */
export async function* gunzipChunks(
  compressed: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, GunzipEnd, undefined> {
  const gz = createGunzip();
  let out: Buffer[] = [];
  let error: NodeJS.ErrnoException | undefined;
  gz.on("data", (chunk: Buffer) => out.push(chunk));
  gz.on("error", (err) => {
    error ??= err;
  });
  // Output normally reaches the listener as zlib pushes it; wait out any chunk still buffered.
  const drain = async () => {
    while (gz.readableLength > 0 && !gz.destroyed) await settle(gz, (d) => gz.once("data", d));
  };
  const take = () => {
    const chunk = out.length === 1 ? out[0]! : Buffer.concat(out);
    out = [];
    return chunk;
  };

  try {
    for await (const chunk of compressed) {
      await settle(gz, (done) => gz.write(chunk, () => done()));
      await drain();
      if (out.length > 0) yield take();
      if (error) break;
    }
    if (!error) {
      await settle(gz, (done) => {
        gz.once("end", done);
        gz.end();
      });
      if (out.length > 0) yield take();
    }
  } finally {
    gz.destroy();
  }
  if (!error) return { truncated: false };
  if (error.code === "Z_BUF_ERROR") return { truncated: true };
  throw new CorruptGzip(error.message, { cause: error });
}
