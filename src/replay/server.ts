/**
 * The replay server: one node http server per port, websocket upgrades routed by path
 * (case-insensitive) to a role, REST `/v1/...` answered by the fake Tradovate REST API, and the
 * control endpoint. Each websocket is a thin outlet around an engine connection; backpressure is
 * the socket's `bufferedAmount`.
 *
 * Paths on the shared port: trading `/v1/websocket`, md `/md/v1/websocket`, replay
 * `/replay/v1/websocket`, Trade Manager `/ws`, REST `/v1/<endpoint>`, control `/_tapedeck/...`.
 * With role ports, each role also has a port of its own where any path reaches it (clients that
 * can only change host:port keep `/v1/websocket`). `?session=<key>` on a socket URL joins a
 * named session; `?tape=<n>` picks the n-th tape (1-based).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { InputError } from "../errors.js";
import { FakeTradovateRest } from "../protocols/tradovate/fake/rest.js";
import { TokenRegistry } from "../protocols/tradovate/fake/tokens.js";
import { CONTROL_PREFIX, handleControl } from "./control.js";
import { DEFAULTS } from "./defaults.js";
import { createReplayHub, type ReplayHub, type ReplayRole, type SessionMode } from "./engine.js";
import { type FaultSpec, type FiredFault, parseFault } from "./faults.js";
import { type HttpRoutes, handleHttp } from "./http-routes.js";
import { openReplayRecorder, type ReplayRecorder } from "./replay-recorder.js";
import type { Speed } from "./session-clock.js";
import { type SimConfig, simOptions } from "./sim-session.js";
import { loadTapeIndex, type TapeIndex, type TapeStorage } from "./tape-index.js";
import { realTimer, type Timer } from "./timer.js";
import { attachSocket } from "./ws-outlet.js";

/** Options of {@link startReplayServer}; only `tapes` is required. */
export interface ReplayServerOptions {
  /** Tape paths, or tapes already indexed. */
  tapes: ReadonlyArray<string | TapeIndex>;
  /** Where tapes given as paths keep their replayed texts (default "auto"; see loadTapeIndex). */
  storage?: TapeStorage | "auto";
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Give each role its own port: true (port, +1, +2, +3) or explicit [trading, md, replay, tm]. */
  rolePorts?: boolean | readonly number[];
  speed?: Speed;
  loop?: boolean;
  batch?: boolean;
  /** Fault specs or their CLI text (`drop:p=0.1`). */
  faults?: ReadonlyArray<FaultSpec | string>;
  faultSeed?: number;
  sessionMode?: SessionMode;
  penalty?: boolean;
  silentTimeoutMs?: number;
  heartbeatMs?: number;
  maxPayload?: number;
  backpressureBytes?: number;
  timer?: Timer;
  /** Log lines (faults, refused frames, a tape indexed by reading it whole); default: none. */
  log?: (line: string) => void;
  onFault?: (f: FiredFault) => void;
  /** How late each frame left the scheduler at a numeric speed, ms (benchmarks). */
  onLateness?: (ms: number) => void;
  /** Start every session here: an event's seq (number) or a time of the recording (ISO text). */
  from?: number | string;
  /** Write what the server does (frames both ways, REST, fired faults) to this new tape. */
  record?: string;
  /** Sees what the server does as it happens, like `record` without a tape (conform uses it). */
  observer?: ReplayObserver;
  /** Pages served besides the API, asked first for every GET (the live report at `/`). */
  pages?: HttpRoutes["pages"];
  /** Decides each websocket upgrade: false refuses it with HTTP 503 (conform fails reconnects). */
  admit?: (role: ReplayRole, url: string) => boolean;
  /** Lifetime of the tokens the fake REST issues, ms (default Tradovate's 90 minutes). */
  tokenTtlMs?: number;
  /** Seconds a login penalty asks the client to wait (`p-time`, default 1). */
  penaltySeconds?: number;
  /** The login penalty also demands a captcha (`p-captcha: true`): the client must stop. */
  penaltyCaptcha?: boolean;
  /** Refuse every socket authorize with 401 "Invalid access token" (a rejected-token run). */
  rejectTokens?: boolean;
  /** Order simulation: a bot's own orders filled against the tape's market (default "auto"). */
  sim?: SimConfig;
}

/** What an observer of a replay server sees: a recorder's calls, unredacted, with no file. */
export type ReplayObserver = Omit<ReplayRecorder, "close">;

/** The URLs a server serves. */
export interface ReplayUrls {
  http: string;
  trading: string;
  md: string;
  replay: string;
  trademanager: string;
  control: string;
}

/** A running replay server. */
export interface ReplayServer {
  urls: ReplayUrls;
  /** One hub per tape. */
  hubs: readonly ReplayHub[];
  /** The tapes' indexes, in the order given. */
  tapes: readonly TapeIndex[];
  /** Live connections. */
  connectionCount(): number;
  /** Closes the socket with this ordinal (1006: drops it without a close frame); false if gone. */
  drop(ord: number, code?: number, reason?: string): boolean;
  close(): Promise<void>;
}

const SHARED_PATHS: Record<string, ReplayRole> = {
  "/v1/websocket": "trading",
  "/md/v1/websocket": "md",
  "/replay/v1/websocket": "replay",
  "/ws": "trademanager",
};
const ROLE_ORDER: readonly ReplayRole[] = ["trading", "md", "replay", "trademanager"];

function toFaults(list: ReadonlyArray<FaultSpec | string>): FaultSpec[] {
  return list.map((f) => {
    if (typeof f !== "string") return f;
    const spec = parseFault(f);
    if (typeof spec === "string") throw new InputError(`--fault: ${spec}`);
    return spec;
  });
}

/** The tape time (µs) of `from` in `index`, or an InputError naming what is wrong. */
export function resolveFrom(index: TapeIndex, from: number | string): number {
  if (typeof from === "number") {
    const t = index.timeOfSeq(from);
    if (t === undefined)
      throw new InputError(`--from: ${index.path} has no event with seq ${from}`);
    return t;
  }
  const ms = Date.parse(from);
  if (!Number.isFinite(ms)) throw new InputError(`--from: "${from}" is neither a seq nor a time`);
  const us = Math.round((ms - index.startedMs) * 1000);
  if (us < 0 || us > index.lastT) {
    const end = new Date(index.startedMs + index.lastT / 1000).toISOString();
    throw new InputError(
      `--from: ${from} is outside ${index.path} (${index.header.started} .. ${end})`,
    );
  }
  return us;
}

/** One recorder that writes to `tape` and tells `observer`, either of which may be absent. */
function teeRecorder(
  tape: ReplayRecorder | undefined,
  observer: ReplayObserver | undefined,
): ReplayRecorder | undefined {
  if (!observer) return tape;
  return {
    open: (c, role, url) => {
      tape?.open(c, role, url);
      observer.open(c, role, url);
    },
    frame: (c, k, data, isBinary) => {
      tape?.frame(c, k, data, isBinary);
      observer.frame(c, k, data, isBinary);
    },
    closed: (c, code, reason, by) => {
      tape?.closed(c, code, reason, by);
      observer.closed(c, code, reason, by);
    },
    http: (e) => {
      tape?.http(e);
      observer.http(e);
    },
    fault: (f) => {
      tape?.fault(f);
      observer.fault(f);
    },
    close: async () => {
      await tape?.close();
    },
  };
}

/** Starts a replay server; resolves once every port listens. */
export async function startReplayServer(opts: ReplayServerOptions): Promise<ReplayServer> {
  if (opts.tapes.length === 0) throw new InputError("no tape to replay");
  const host = opts.host ?? DEFAULTS.host;
  const timer = opts.timer ?? realTimer;
  const log = opts.log ?? (() => {});
  const faults = toFaults(opts.faults ?? []);
  const maxPayload = opts.maxPayload ?? DEFAULTS.maxPayload;
  const bound = opts.backpressureBytes ?? DEFAULTS.backpressureBytes;
  const sim = simOptions(opts.sim);
  const indexes = await Promise.all(
    opts.tapes.map((t) =>
      typeof t === "string"
        ? loadTapeIndex(t, {
            storage: opts.storage ?? "auto",
            onBuild: ({ path, bytes, cachePath }) =>
              log(
                `indexing ${path} (${(bytes / 1e6).toFixed(0)} MB), reading it once` +
                  (cachePath ? `; the index is saved as ${cachePath} for the next start` : ""),
              ),
          })
        : t,
    ),
  );
  // Indexes this server loaded are its to release; ones handed in belong to the caller.
  const owned = indexes.filter((_, k) => typeof opts.tapes[k] === "string");
  const recorder = teeRecorder(
    opts.record === undefined ? undefined : await openReplayRecorder(opts.record),
    opts.observer,
  );
  const onFault = (f: FiredFault) => {
    recorder?.fault(f);
    opts.onFault?.(f);
  };
  const tokens = new TokenRegistry(Date.now, opts.tokenTtlMs);
  const rests = indexes.map(
    (ix) =>
      new FakeTradovateRest(
        { rest: ix.rest, snapshot: ix.snapshot },
        {
          penalty: opts.penalty ?? false,
          tokens,
          ...(opts.penaltySeconds !== undefined ? { penaltySeconds: opts.penaltySeconds } : {}),
          ...(opts.penaltyCaptcha ? { penaltyCaptcha: true } : {}),
        },
      ),
  );
  const hubs = indexes.map((ix, k) =>
    createReplayHub(ix, opts.sessionMode ?? "token", {
      timer,
      speed: opts.speed ?? DEFAULTS.speed,
      loop: opts.loop ?? false,
      batch: opts.batch ?? false,
      silentTimeoutMs: opts.silentTimeoutMs ?? DEFAULTS.silentTimeoutMs,
      rejectTokens: opts.rejectTokens ?? false,
      heartbeatMs: opts.heartbeatMs ?? DEFAULTS.heartbeatMs,
      faults,
      fromUs: opts.from === undefined ? 0 : resolveFrom(ix, opts.from),
      faultSeed: opts.faultSeed ?? DEFAULTS.faultSeed,
      rest: rests[k]!,
      log,
      onFault,
      sim,
      ...(opts.onLateness ? { onLateness: opts.onLateness } : {}),
    }),
  );
  const expiries = faults.filter((f) => f.kind === "token-expiry");
  const expiryTimers = expiries.map((f) =>
    timer.setTimeout(() => {
      tokens.expireAll();
      const fired: FiredFault = {
        kind: "token-expiry",
        conn: 0,
        detail: `at ${f.at} ms: every token expired`,
      };
      log(`fault token-expiry: ${fired.detail}`);
      onFault(fired);
    }, f.at ?? 0),
  );

  const sockets = new Set<WebSocket>();
  const byOrd = new Map<number, WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const pick = (url: URL) => {
    const n = Number(url.searchParams.get("tape") ?? "1");
    return Number.isInteger(n) && n >= 1 && n <= hubs.length ? n - 1 : 0;
  };

  const onUpgrade =
    (fixedRole: ReplayRole | undefined) => (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on("error", () => socket.destroy());
      const url = new URL(req.url ?? "/", "http://replay.invalid");
      const role = SHARED_PATHS[url.pathname.toLowerCase().replace(/\/+$/, "")] ?? fixedRole;
      if (!role) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      if (opts.admit && !opts.admit(role, req.url ?? "/")) {
        socket.end(
          "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.once("close", () => sockets.delete(ws));
        const hub = hubs[pick(url)]!;
        const ord = attachSocket(ws, hub, role, url.searchParams.get("session") ?? undefined, {
          bound,
          log,
          url: `ws://${req.headers.host ?? host}${req.url ?? "/"}`,
          ...(recorder ? { recorder } : {}),
        });
        byOrd.set(ord, ws);
        ws.once("close", () => byOrd.delete(ord));
      });
    };

  const onRequest = (req: IncomingMessage, res: ServerResponse) =>
    handleHttp(req, res, {
      maxPayload,
      log,
      control: (method, path, body) => handleControl(hubs, method, path, body),
      ...(recorder ? { recorder } : {}),
      ...(opts.pages ? { pages: opts.pages } : {}),
      rest: (url) => rests[pick(url)]!,
      sim: (url, req) => hubs[pick(url)]!.simRest(req),
    });

  const servers: Server[] = [];
  const listen = async (port: number, role: ReplayRole | undefined): Promise<number> => {
    const server = createServer((req, res) => void onRequest(req, res));
    server.on("upgrade", onUpgrade(role));
    server.on("clientError", (_err, socket) => socket.destroy());
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err: NodeJS.ErrnoException) =>
        reject(
          err.code === "EADDRINUSE"
            ? new InputError(`port ${port} on ${host} is in use`, "EADDRINUSE")
            : err,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  };

  try {
    const base = opts.port ?? 0;
    const mainPort = await listen(base, undefined);
    const hostText = host.includes(":") ? `[${host}]` : host;
    const at = (port: number) => `${hostText}:${port}`;
    const ports: Record<ReplayRole, number> = {
      trading: mainPort,
      md: mainPort,
      replay: mainPort,
      trademanager: mainPort,
    };
    if (opts.rolePorts) {
      const explicit = Array.isArray(opts.rolePorts) ? opts.rolePorts : undefined;
      for (const [k, role] of ROLE_ORDER.entries()) {
        if (k === 0) continue;
        const wanted = explicit?.[k] ?? (base === 0 ? 0 : base + k);
        ports[role] = await listen(wanted, role);
      }
    }
    const ws = (role: ReplayRole, path: string) =>
      opts.rolePorts && role !== "trading"
        ? `ws://${at(ports[role])}${role === "trademanager" ? "/ws" : "/v1/websocket"}`
        : `ws://${at(mainPort)}${path}`;
    const urls: ReplayUrls = {
      http: `http://${at(mainPort)}/v1`,
      trading: ws("trading", "/v1/websocket"),
      md: ws("md", "/md/v1/websocket"),
      replay: ws("replay", "/replay/v1/websocket"),
      trademanager: ws("trademanager", "/ws"),
      control: `http://${at(mainPort)}${CONTROL_PREFIX}`,
    };
    return {
      urls,
      hubs,
      tapes: indexes,
      connectionCount: () => sockets.size,
      drop(ord, code = 1006, reason = "tapedeck drop") {
        const ws = byOrd.get(ord);
        if (!ws) return false;
        if (code === 1006) ws.terminate();
        else ws.close(code, reason);
        return true;
      },
      async close() {
        for (const h of expiryTimers) timer.clearTimeout(h);
        for (const hub of hubs) hub.close();
        const gone = [...sockets].map(
          (s) => new Promise<void>((resolve) => s.once("close", () => resolve())),
        );
        for (const s of sockets) s.terminate();
        await Promise.all(gone);
        wss.close();
        await Promise.all(
          servers.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.closeAllConnections();
                s.close(() => resolve());
              }),
          ),
        );
        await recorder?.close();
        for (const ix of owned) ix.close();
      },
    };
  } catch (err) {
    for (const s of servers) s.close();
    await recorder?.close();
    for (const ix of owned) ix.close();
    throw err;
  }
}
