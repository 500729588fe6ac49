/** A tiny websocket test client: collects text frames and waits for conditions (no sleeps). */
import WebSocket from "ws";

export interface TestClient {
  ws: WebSocket;
  frames: string[];
  closed: Promise<{ code: number; reason: string }>;
  send(text: string | Buffer, binary?: boolean): void;
  /** Resolves when `pred(frames)` holds; rejects after `ms` with what was received. */
  until(pred: (frames: string[]) => boolean, ms?: number): Promise<string[]>;
  close(): void;
}

export function connect(
  url: string,
  opts: { onOpen?: (ws: WebSocket) => void } = {},
): Promise<TestClient> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data, isBinary) => {
    frames.push(isBinary ? `<binary>` : data.toString());
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of [...waiters]) w();
    });
  });
  ws.on("error", () => {});
  const client: TestClient = {
    ws,
    frames,
    closed,
    send: (text, binary = false) => ws.send(text, { binary }),
    until(pred, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(frames)) {
            waiters.delete(check);
            clearTimeout(timeout);
            resolve(frames);
          } else if (ws.readyState === WebSocket.CLOSED) {
            waiters.delete(check);
            clearTimeout(timeout);
            reject(new Error(`socket closed; got ${JSON.stringify(frames).slice(0, 600)}`));
          }
        };
        const timeout = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; got ${JSON.stringify(frames).slice(0, 600)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      opts.onOpen?.(ws);
      resolve(client);
    });
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

/** The messages of `a[...]` frames, flattened, as JSON texts re-serialised. */
export function messages(frames: readonly string[]): unknown[] {
  return frames
    .filter((f) => f.startsWith("a["))
    .flatMap((f) => JSON.parse(f.slice(1)) as unknown[]);
}

/** Message texts exactly as sent (one message per frame). */
export function messageTexts(frames: readonly string[]): string[] {
  return frames.filter((f) => f.startsWith("a[")).map((f) => f.slice(2, -1));
}
