/**
 * A replayed Tradovate socket (trading, md or replay): `o` at once, live `h` heartbeats while
 * idle, requests answered from the tape under the client's own ids, and each answer's recorded
 * events streamed on the session clock. The protocol decisions come from
 * src/protocols/tradovate/fake/; this class wires them to the session.
 */
import { defaultAnswer } from "../protocols/tradovate/fake/answers.js";
import { replayAnswer } from "../protocols/tradovate/fake/replay-api.js";
import { TradovateSocketProtocol } from "../protocols/tradovate/fake/socket.js";
import {
  CLIENT_HEARTBEAT,
  clockEvent,
  closeFrame,
  errorResponse,
  HEARTBEAT_FRAME,
  isObject,
  messagesFrame,
  normaliseBody,
  OPEN_FRAME,
  type RequestFrame,
  response,
  type ServerMessage,
  shutdownEvent,
  withRequestId,
} from "../protocols/tradovate/index.js";
import { ORDER_ENTRY_ENDPOINTS } from "../sim/venue.js";
import type { Role } from "../tape/events.js";
import { ConnectionBase, type Outlet } from "./connection-base.js";
import type { EngineContext, SessionCore } from "./engine-types.js";
import type { RecordedExchange } from "./recorded.js";
import type { StreamItem } from "./scheduler.js";
import { ownedEntityType, type UserSocket } from "./sim-session.js";
import { exchangeKey, looseKey, normaliseQuery } from "./tape-index.js";
import type { TimerHandle } from "./timer.js";
import { requestSymbol } from "./tradovate-indexer.js";

/** Finds the session a token belongs to (and joins it). */
export type SessionBinder = (token: string) => SessionCore;

/** Endpoints whose recorded answer fits any body (the body only names the one user). */
const ANY_BODY = new Set(["user/syncrequest", "account/list"]);

const UNSUBSCRIBE: Record<string, string> = {
  "md/unsubscribequote": "quote",
  "md/unsubscribedom": "dom",
  "md/unsubscribehistogram": "histogram",
};

/** One replayed Tradovate socket (trading, md or replay role). */
export class TradovateConnection extends ConnectionBase {
  readonly #protocol: TradovateSocketProtocol;
  readonly #bind: SessionBinder;
  #heartbeat: TimerHandle | undefined;
  #clockTimer: TimerHandle | undefined;
  #unlistenClock: (() => void) | undefined;
  /** Set once this socket synced user data: it then receives the simulated account's events. */
  #user: UserSocket | undefined;

  constructor(ctx: EngineContext, role: Role, out: Outlet, bind: SessionBinder) {
    super(ctx, role, out);
    this.#bind = bind;
    this.#protocol = new TradovateSocketProtocol({
      reply: (msg) => this.#reply(msg),
      authorize: (token) => this.#authorize(token),
      request: (req) => this.#request(req),
      ignored: (why) => this.ctx.log(`${this.name}: unanswerable frame ignored: ${why}`),
    });
    this.emit(OPEN_FRAME);
    this.#armHeartbeat();
  }

  protected text(text: string): void {
    if (text.trim() === CLIENT_HEARTBEAT) return;
    this.#protocol.receive(text);
  }

  protected override closeFrame(code: number, reason: string): string {
    return closeFrame(code, reason);
  }

  protected override shutdown(reason: string): void {
    this.emit(messagesFrame(shutdownEvent(reason, "tapedeck fault")));
  }

  deliver(all: readonly StreamItem[]): void {
    const s = this.session;
    // In sim mode the recorded account's own orders, fills and positions are not the client's.
    const items =
      s?.simActive && !this.ctx.options.sim.sendRecorded
        ? all.filter((i) => ownedEntityType(i.text) === undefined)
        : all;
    if (items.length === 0) return;
    if (this.ctx.options.batch) {
      this.emitData(`a[${items.map((i) => i.text).join(",")}]`);
    } else {
      for (const item of items) this.emitData(`a[${item.text}]`);
    }
  }

  #reply(msg: ServerMessage): void {
    this.emit(messagesFrame(msg));
  }

  #armHeartbeat(): void {
    const period = this.ctx.options.heartbeatMs;
    const wait = Math.max(0, this.lastSent + period - this.ctx.timer.now());
    this.#heartbeat = this.ctx.timer.setTimeout(() => {
      if (this.isClosed) return;
      // A µs of slack: with fractional times, now - lastSent can fall a float ulp short of the
      // period after waiting exactly for it, and the wait would round to nothing, forever.
      if (this.ctx.timer.now() - this.lastSent >= period - 0.001) {
        // A stalled server sends nothing, heartbeats included.
        if (!this.stalled) this.emit(HEARTBEAT_FRAME);
        this.lastSent = this.ctx.timer.now();
      }
      this.#armHeartbeat();
    }, wait);
  }

  #authorize(token: string): boolean {
    if (this.ctx.options.rejectTokens) return false;
    if (!this.session) {
      this.session = this.#bind(token);
      this.session.attach(this);
      this.#startConnectionStream();
    }
    return true;
  }

  /** Events that belonged to the recorded connection itself (shutdown), on the session clock. */
  #startConnectionStream(): void {
    const s = this.session!;
    const conn = s.index.tradovate.find((c) => c.role === this.role);
    if (!conn || conn.connectionEvents.length === 0) return;
    s.scheduler.add(this, conn.connectionEvents, conn.openT, "connection");
  }

  #request(req: RequestFrame): void {
    const s = this.session!;
    if (req.endpointKey === "replay/initializeclock" && isObject(req.body)) {
      const b = req.body.initialBalance;
      if (typeof b === "number" && Number.isFinite(b) && b >= 0) s.initialBalance = b;
    }
    if (this.#simulate(req, s)) return;
    if (req.endpointKey.startsWith("replay/")) {
      const answer = replayAnswer(req, this.#replayHost(s));
      if (answer) {
        this.#reply(answer);
        // Clock events start after the answer, so the client sees its response first.
        if (req.endpointKey === "replay/initializeclock") this.#startClockEvents(s);
        return;
      }
    }
    this.#stopStreams(req, s);
    const ex = this.#match(req, s);
    if (req.endpointKey === "user/syncrequest") this.#joinUserData(s);
    const sim = req.endpointKey === "user/syncrequest" ? s.simulator(false) : undefined;
    if (sim) {
      // The snapshot is the simulated account's as of now; the recorded stream still brings
      // what the venue does not own (user and account props), filtered in deliver().
      this.#reply(response(req.id, 200, sim.snapshot(s.index.snapshot ?? this.#minimalSnapshot())));
      if (ex) s.scheduler.add(this, ex.followers, ex.responseT, ex.tag);
      return;
    }
    if (ex) {
      this.#reply(withRequestId(ex.response, req.id));
      s.scheduler.add(this, ex.followers, ex.responseT, ex.tag);
      return;
    }
    for (const msg of defaultAnswer(req, this.ctx.options.rest, s.index.snapshot, {
      next: () => s.nextChartId(),
    })) {
      this.#reply(msg);
    }
  }

  /** Order entry goes to the simulator; reads too once it runs. True when it answered. */
  #simulate(req: RequestFrame, s: SessionCore): boolean {
    const entry = ORDER_ENTRY_ENDPOINTS.has(req.endpointKey);
    const sim = s.simulator(entry);
    if (!sim?.venue.handles(req.endpointKey)) return false;
    if (entry) this.#joinUserData(s);
    const a = sim.venue.request(req.endpointKey, req.query, req.body);
    this.#reply(
      a.status === 200
        ? response(req.id, 200, a.d)
        : errorResponse(req.id, a.status, typeof a.d === "string" ? a.d : JSON.stringify(a.d)),
    );
    sim.send(a.events);
    return true;
  }

  /** Registers this socket for the simulated account's events (now or once it starts). */
  #joinUserData(s: SessionCore): void {
    if (this.role === "md") return;
    this.#user ??= { sendMessageText: (frame) => this.emit(frame) };
    s.userSockets.add(this.#user);
  }

  #minimalSnapshot(): Record<string, unknown> {
    const u = this.ctx.options.rest.user();
    return { users: [{ id: u.id, name: u.name }] };
  }

  /**
   * The recorded exchange answering `req`: same endpoint, query and body (md requests: same
   * contract and chart description); own role first.
   */
  #match(req: RequestFrame, s: SessionCore): RecordedExchange | undefined {
    const key = exchangeKey(req.endpointKey, normaliseQuery(req.query), normaliseBody(req.body));
    let list = s.index.exchangesByKey.get(key);
    let useKey = key;
    if (!list && ANY_BODY.has(req.endpointKey)) {
      list = s.index.exchangesByEndpoint.get(req.endpointKey);
    }
    if (!list) {
      // The same contract named differently (id, case), or a chart with another time range.
      const loose = looseKey(req.endpointKey, req.body, s.index.contractIds);
      if (loose !== undefined) {
        list = s.index.exchangesByLooseKey.get(loose);
        useKey = loose;
      }
    }
    if (!list || list.length === 0) return undefined;
    const own = list.filter((e) => e.role === this.role);
    const pick = own.length > 0 ? own : list;
    const n = s.use(`${this.role}\n${useKey}`);
    return pick[Math.min(n, pick.length - 1)];
  }

  /** Unsubscribe / cancelChart stop this connection's matching stream. */
  #stopStreams(req: RequestFrame, s: SessionCore): void {
    const kind = UNSUBSCRIBE[req.endpointKey];
    let tagMatch: ((tag: string) => boolean) | undefined;
    if (kind) {
      const sym = requestSymbol(req.body);
      const id =
        typeof sym === "number"
          ? sym
          : sym === undefined
            ? undefined
            : s.index.contractIds.get(sym.toUpperCase());
      if (id !== undefined) tagMatch = (tag) => tag === `${kind}:${id}`;
    } else if (req.endpointKey === "md/cancelchart" && req.body && typeof req.body === "object") {
      const sub = (req.body as Record<string, unknown>).subscriptionId;
      if (typeof sub === "number")
        tagMatch = (tag) => tag.startsWith("chart:") && tag.split(":").includes(String(sub));
    }
    if (tagMatch) {
      const match = tagMatch;
      s.scheduler.remove((st) => st.target === this && st.tag !== undefined && match(st.tag));
    }
  }

  #replayHost(s: SessionCore) {
    const { index, scheduler } = s;
    const startMs = index.startedMs + index.firstT / 1000;
    const endMs = index.startedMs + index.lastT / 1000;
    return {
      range: () => ({ startMs, endMs }),
      initialize: (atMs: number, percent: number) => {
        scheduler.seek(Math.round((atMs - index.startedMs) * 1000));
        this.#setPercent(s, percent);
      },
      changeSpeed: (percent: number) => this.#setPercent(s, percent),
    };
  }

  #setPercent(s: SessionCore, percent: number): void {
    if (percent === 0) {
      s.clock.pause();
      return;
    }
    s.clock.setSpeed(percent / 100);
    s.clock.resume();
  }

  #startClockEvents(s: SessionCore): void {
    if (this.#clockTimer !== undefined) return;
    const tick = () => {
      if (this.isClosed) return;
      const { speed, paused } = s.clock.state();
      const pct = paused ? 0 : speed === "max" ? 10_000 : Math.round(speed * 100);
      const t = new Date(s.index.startedMs + s.clock.now() / 1000).toISOString();
      this.#reply(clockEvent(t, pct));
      this.#clockTimer = this.ctx.timer.setTimeout(tick, this.ctx.options.clockEventMs);
    };
    tick();
    // A change is announced on the next turn, after the answer to the request that made it.
    this.#unlistenClock = s.clock.onChanged(() => {
      if (this.#clockTimer) this.ctx.timer.clearTimeout(this.#clockTimer);
      this.#clockTimer = this.ctx.timer.setTimeout(tick, 0);
    });
  }

  protected override stopTimers(): void {
    for (const h of [this.#heartbeat, this.#clockTimer]) if (h) this.ctx.timer.clearTimeout(h);
    this.#unlistenClock?.();
    this.session?.scheduler.remove((st) => st.target === this);
    if (this.#user) this.session?.userSockets.delete(this.#user);
  }
}
