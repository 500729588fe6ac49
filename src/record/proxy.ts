/**
 * The recording proxy: the user's own bot connects to tapedeck, tapedeck connects upstream, and
 * both directions are recorded with their true timing. Plain HTTP requests are passed through
 * to a REST origin (a Tradovate base URL) and recorded too, so the bot's login and lookups are
 * in the tape. Secrets are redacted in the tape, never in the traffic; a REST response is
 * recorded (registering its tokens) before the bot receives it, so any later frame carrying
 * those tokens is masked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { InputError } from "../errors.js";
import type { Timers } from "../live/timers.js";
import { detectProtocol } from "../protocols/detect.js";
import { ActiveRecording } from "./active.js";
import { Recording, type RecordingOptions } from "./recording.js";

/** Options of {@link startRecordingProxy}. */
export interface ProxyOptions {
  /** The websocket every client connection is relayed to (the client's query is appended). */
  upstream: string;
  /** REST origin for plain HTTP requests, e.g. `https://demo.tradovateapi.com`; none: 404. */
  rest?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  tape: Omit<RecordingOptions, "timers" | "onFatal">;
  timers: Timers;
  fetch?: typeof fetch;
  log: (line: string) => void;
}

/** A running proxy and its recording. */
export interface RecordingProxy {
  active: ActiveRecording;
  /** `ws://host:port` the bot connects to (and `http://host:port` for REST). */
  url: string;
}

/** Headers not forwarded: hop-by-hop, or set by the websocket / fetch layer itself. */
const SKIP_HEADERS = new Set([
  "host",
  "connection",
  "upgrade",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-accept",
  "proxy-connection",
  "te",
  "trailer",
]);

function forwardable(h: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || SKIP_HEADERS.has(k.toLowerCase())) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** Close codes a peer may send in a close frame (1005/1006/1015 are reserved). */
function sendableCode(code: number): number | undefined {
  return (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
    (code >= 3000 && code <= 4999)
    ? code
    : undefined;
}

/** Starts the proxy and its recording; resolves once it listens. */
export async function startRecordingProxy(o: ProxyOptions): Promise<RecordingProxy> {
  const host = o.host ?? "127.0.0.1";
  let upstream: URL;
  try {
    upstream = new URL(o.upstream);
  } catch {
    throw new InputError(`--upstream: not a URL: "${o.upstream}"`);
  }
  if (upstream.protocol !== "ws:" && upstream.protocol !== "wss:") {
    throw new InputError(`--upstream: expected ws:// or wss://, got "${o.upstream}"`);
  }
  const detected = detectProtocol(o.upstream);
  let active: ActiveRecording | undefined;
  const recording = await Recording.open({
    ...o.tape,
    header: {
      ...o.tape.header,
      meta: { source: "proxy", upstream: o.upstream, ...o.tape.header?.meta },
    },
    timers: o.timers,
    onFatal: (err) => active?.tapeFailed(err),
  });
  active = new ActiveRecording(recording);
  const log = (line: string) => o.log(recording.scrub(line));
  const fetchFn = o.fetch ?? fetch;
  /** A relayed connection; `by` is set by whoever ends it first. */
  interface Pair {
    client: WebSocket;
    up: WebSocket;
    by?: "server" | "client" | "local";
    upClosed: Promise<void>;
  }
  const pairs = new Set<Pair>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (client) => relay(client, req));
  };

  const relay = (client: WebSocket, req: IncomingMessage) => {
    const query = new URL(req.url ?? "/", "http://proxy.invalid").search;
    const target = new URL(upstream);
    if (query) target.search = query;
    const url = target.toString();
    const headers = forwardable(req.headers);
    const up = new WebSocket(url, { headers, perMessageDeflate: false });
    const pair: Pair = {
      client,
      up,
      upClosed: new Promise((resolve) => up.once("close", () => resolve())),
    };
    pairs.add(pair);
    let c = 0;
    const early: Array<{ data: Buffer; binary: boolean }> = [];
    const record = (k: "send" | "recv", data: Buffer, binary: boolean) => {
      if (c !== 0) recording.frame(k, c, binary ? data : data.toString("utf8"));
    };
    client.on("message", (data, binary) => {
      const buf = toBuffer(data);
      if (up.readyState !== WebSocket.OPEN) {
        early.push({ data: buf, binary });
        return;
      }
      record("send", buf, binary);
      up.send(buf, { binary });
    });
    up.on("open", () => {
      c = recording.open(url, detected.proto, detected.role ?? "other", headers);
      for (const f of early.splice(0)) {
        record("send", f.data, f.binary);
        up.send(f.data, { binary: f.binary });
      }
    });
    up.on("message", (data, binary) => {
      const buf = toBuffer(data);
      // Recorded before it is relayed: the tape's order is the order the bot saw.
      record("recv", buf, binary);
      if (client.readyState === WebSocket.OPEN) client.send(buf, { binary });
    });
    let recordedClose = false;
    const recordClose = (by: "server" | "client" | "local", code: number, reason: string) => {
      if (recordedClose || c === 0) return;
      recordedClose = true;
      recording.closed(c, by, code, reason);
    };
    up.on("close", (code, reason) => {
      pairs.delete(pair);
      pair.by ??= "server";
      recordClose(pair.by, code, reason.toString("utf8"));
      const sendable = sendableCode(code);
      if (client.readyState === WebSocket.OPEN) {
        if (sendable === undefined) client.terminate();
        else client.close(sendable, reason.toString("utf8"));
      }
    });
    up.on("error", (err) => {
      log(`proxy: upstream ${url}: ${err.message}`);
      if (c === 0 && client.readyState === WebSocket.OPEN)
        client.close(1011, "upstream unreachable");
    });
    client.on("close", (code, reason) => {
      pair.by ??= "client";
      // The bot's own close is what the tape keeps, whatever the upstream answers.
      if (pair.by === "client") recordClose("client", code, reason.toString("utf8"));
      const sendable = sendableCode(code);
      if (up.readyState === WebSocket.OPEN) {
        if (sendable === undefined) up.terminate();
        else up.close(sendable, reason.toString("utf8"));
      } else if (up.readyState === WebSocket.CONNECTING) up.terminate();
    });
    client.on("error", () => {});
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    if (!o.rest) {
      res
        .writeHead(404, { "content-type": "text/plain" })
        .end("tapedeck proxy: no --rest origin\n");
      return;
    }
    const url = new URL(req.url ?? "/", o.rest).toString();
    const method = (req.method ?? "GET").toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = forwardable(req.headers);
    const t0 = performance.now();
    let status = 0;
    let resBody = Buffer.alloc(0);
    const resHeaders: Record<string, string> = {};
    try {
      const r = await fetchFn(url, {
        method,
        headers,
        ...(body.length > 0 && method !== "GET" && method !== "HEAD" ? { body } : {}),
        redirect: "manual",
      });
      status = r.status;
      r.headers.forEach((v, k) => {
        if (!SKIP_HEADERS.has(k) && k !== "content-encoding") resHeaders[k] = v;
      });
      resBody = Buffer.from(await r.arrayBuffer());
    } catch (err) {
      log(`proxy: ${method} ${url}: ${(err as Error).message}`);
    }
    recording.http({
      method,
      url,
      status,
      req: httpMessage(headers, body),
      res: httpMessage(resHeaders, resBody),
      ms: Math.round((performance.now() - t0) * 1000) / 1000,
    });
    if (status === 0) {
      res
        .writeHead(502, { "content-type": "text/plain" })
        .end("tapedeck proxy: upstream unreachable\n");
      return;
    }
    res.writeHead(status, { ...resHeaders, "content-length": String(resBody.length) }).end(resBody);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`proxy: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on("upgrade", onUpgrade);
  server.on("clientError", (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE" ? new InputError(`port ${o.port} on ${host} is in use`) : err,
      ),
    );
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  active.onStopAsync(async () => {
    const closing = [...pairs].map((p) => {
      // tapedeck ends both sides: recorded as closed by tapedeck.
      p.by ??= "local";
      if (p.up.readyState === WebSocket.OPEN) p.up.close(1000, "tapedeck stopped");
      else p.up.terminate();
      if (p.client.readyState === WebSocket.OPEN) p.client.close(1001, "tapedeck stopped");
      return p.upClosed;
    });
    await Promise.all(closing);
    wss.close();
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  });
  const hostText = host.includes(":") ? `[${host}]` : host;
  return { active, url: `ws://${hostText}:${port}` };
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A body as text when it is UTF-8 (JSON stays a string), else base64. */
function httpMessage(headers: Record<string, string>, body: Buffer) {
  const out: { headers?: Record<string, string>; body?: string; b64?: string } = {};
  if (Object.keys(headers).length > 0) out.headers = headers;
  if (body.length === 0) return out;
  const text = body.toString("utf8");
  if (Buffer.from(text, "utf8").equals(body)) out.body = text;
  else out.b64 = body.toString("base64");
  return out;
}
