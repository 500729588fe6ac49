/**
 * The scenario's client: real websockets to an in-process replay server, every frame written
 * down as tape events (so the ledger reads exactly what the client received), and waiting done
 * by turning the event loop and the server's virtual clock, never by sleeping.
 *
 * Knowing that everything has arrived: when the server has no stream left to play, the client
 * sends a probe on each open socket (a Tradovate request for an endpoint that does not exist, a
 * Trade Manager frame that is not JSON) and waits for its answer; the server answers in order
 * on the same socket, so every frame sent before it has been received. Probes and their answers
 * are left out of the transcript.
 */
import WebSocket from "ws";
import type { ReplayRole } from "../replay/engine.js";
import type { ReplayServer } from "../replay/server.js";
import type { VirtualTimer } from "../replay/timer.js";
import type { EventInput, TapeEvent } from "../tape/events.js";
import { receivedKinds } from "./kinds.js";

/**
 * Event-loop turns a wait may go without the client receiving anything but heartbeats before
 * it gives up: a guard against waiting for what never comes, not a timing rule (in-process,
 * the server answers within a few turns).
 */
const MAX_IDLE_TURNS = 2_000;
/** Turns any one wait may take at all. */
const MAX_TURNS = 1_000_000;
const PROBE_ENDPOINT = "tapedeck/probe";
const TM_PROBE = "tapedeck-probe";

/** A wait that cannot finish: names what it waited for. */
export class StuckError extends Error {}

interface Socket {
  readonly name: string;
  readonly role: ReplayRole;
  readonly proto: "tradovate" | "trademanager";
  readonly c: number;
  readonly ws: WebSocket;
  nextId: number;
  open: boolean;
  closedBy?: "server" | "client";
  closeCode?: number;
  /** Request id -> response text, for requests a step waits on. */
  readonly answers: Map<number, string>;
  probe?: number | "tm";
  probeAnswered: boolean;
}

/** Sockets by name with the tape events of everything they did. */
export class ScenarioClient {
  readonly #server: ReplayServer;
  readonly #timer: VirtualTimer;
  readonly #sessionKey: string;
  readonly #sockets = new Map<string, Socket>();
  readonly #events: TapeEvent[] = [];
  readonly #names = new Map<number, string>();
  /** Sockets the server closed and a later step connected again. */
  readonly reconnected = new Set<string>();
  /** Order ids the venue answered with, by the `as` name of the step that placed them. */
  readonly orderNames = new Map<string, number>();
  /** Order strategy ids, by the `as` name of the step that started them. */
  readonly strategyNames = new Map<string, number>();
  #conn = 0;
  #received = 0;

  constructor(server: ReplayServer, timer: VirtualTimer, sessionKey: string) {
    this.#server = server;
    this.#timer = timer;
    this.#sessionKey = sessionKey;
  }

  /** What the client did and received, as tape events in order. */
  get events(): readonly TapeEvent[] {
    return this.#events;
  }

  /** The socket name of connection number `c`. */
  nameOf(c: number): string | undefined {
    return this.#names.get(c);
  }

  #record(e: EventInput): void {
    const t = Math.round(this.#timer.now() * 1000);
    this.#events.push({ ...e, seq: this.#events.length + 1, t } as TapeEvent);
  }

  #socket(name: string): Socket {
    const s = this.#sockets.get(name);
    if (!s) throw new StuckError(`no socket named "${name}" (connect it first)`);
    return s;
  }

  #live(name: string): Socket {
    const s = this.#socket(name);
    if (!s.open) throw new StuckError(`socket "${name}" is closed`);
    return s;
  }

  /** Opens a socket of `role` named `name`; a name the server closed before reconnects. */
  async connect(role: ReplayRole, name: string, tape = 1): Promise<void> {
    const before = this.#sockets.get(name);
    if (before?.open) throw new StuckError(`socket "${name}" is already open`);
    const base = this.#server.urls[role];
    const url = `${base}?session=${encodeURIComponent(this.#sessionKey)}&tape=${tape}`;
    const c = ++this.#conn;
    const proto = role === "trademanager" ? "trademanager" : "tradovate";
    const ws = new WebSocket(url);
    const s: Socket = {
      name,
      role,
      proto,
      c,
      ws,
      nextId: 1,
      open: false,
      answers: new Map(),
      probeAnswered: false,
    };
    this.#sockets.set(name, s);
    this.#names.set(c, name);
    if (before?.closedBy === "server") this.reconnected.add(name);
    let failed: string | undefined;
    ws.on("open", () => {
      s.open = true;
      this.#record({ k: "open", c, url, proto, role });
    });
    ws.on("message", (data, isBinary) => this.#message(s, data, isBinary));
    ws.on("error", (err) => {
      failed = err.message;
    });
    ws.on("close", (code, reason) => {
      const wasOpen = s.open;
      s.open = false;
      s.closeCode = code;
      s.closedBy ??= "server";
      if (wasOpen) {
        this.#record({ k: "close", c, code, reason: reason.toString("utf8"), by: s.closedBy });
      }
    });
    await this.pump(
      () => s.open || failed !== undefined || s.closeCode !== undefined,
      `${name} to open`,
    );
    if (!s.open)
      throw new StuckError(`${name}: could not connect to ${url}: ${failed ?? "closed"}`);
  }

  #message(s: Socket, data: WebSocket.RawData, isBinary: boolean): void {
    const buf = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    // Heartbeats are no progress: a wait that only ever sees them is stuck.
    if (isBinary || buf.length !== 1 || buf[0] !== 0x68) this.#received++;
    if (isBinary) {
      this.#record({ k: "recv", c: s.c, b64: buf.toString("base64") });
      return;
    }
    const text = buf.toString("utf8");
    if (this.#isProbeAnswer(s, text)) {
      s.probeAnswered = true;
      s.probe = undefined;
      return;
    }
    const id = /^a\[\{"s":\d+,"i":(\d+)/.exec(text)?.[1];
    if (id !== undefined) s.answers.set(Number(id), text);
    this.#record({ k: "recv", c: s.c, text });
  }

  #isProbeAnswer(s: Socket, text: string): boolean {
    if (s.probe === undefined) return false;
    if (s.probe === "tm") return text.includes('"ERROR"') && text.includes("not JSON");
    return text.startsWith(`a[{"s":404,"i":${s.probe},`);
  }

  #send(s: Socket, text: string, record = true): void {
    s.ws.send(text);
    if (record) this.#record({ k: "send", c: s.c, text });
  }

  /** Sends a raw text frame. */
  send(name: string, text: string): void {
    this.#send(this.#live(name), text);
  }

  /** Tradovate authorize or Trade Manager AUTH; resolves with the answer's text. */
  async authorize(name: string, token: string, user: string): Promise<string> {
    const s = this.#live(name);
    if (s.proto === "trademanager") {
      const from = this.#events.length;
      this.#send(s, JSON.stringify({ type: "AUTH", user, token }));
      const got = () => this.#events.slice(from).find((e) => e.k === "recv" && e.c === s.c);
      await this.pump(() => got() !== undefined || !s.open, `${name} to acknowledge AUTH`);
      const e = got();
      return e?.k === "recv" ? (e.text ?? "") : "";
    }
    this.#send(s, `authorize\n0\n\n${token}`);
    await this.pump(() => s.answers.has(0) || !s.open, `${name} to answer authorize`);
    return s.answers.get(0) ?? "";
  }

  /** A Tradovate request; resolves with the response frame's text. */
  async request(name: string, endpoint: string, query: string, body: unknown): Promise<string> {
    const s = this.#live(name);
    const i = s.nextId++;
    const text = `${endpoint}\n${i}\n${query}\n${body === undefined ? "" : JSON.stringify(body)}`;
    this.#send(s, text);
    await this.pump(() => s.answers.has(i) || !s.open, `${name} to answer ${endpoint} (id ${i})`);
    const answer = s.answers.get(i);
    if (answer === undefined) throw new StuckError(`${name} closed before answering ${endpoint}`);
    return answer;
  }

  /** Closes a socket from the client side. */
  async close(name: string): Promise<void> {
    const s = this.#live(name);
    s.closedBy = "client";
    s.ws.close(1000, "scenario");
    await this.pump(() => !s.open, `${name} to close`);
  }

  /** Waits until the server closed socket `name`. */
  async closed(name: string): Promise<void> {
    const s = this.#socket(name);
    await this.pump(() => !s.open, `the server to close ${name}`, true);
  }

  /** Waits until `count` messages of `kind` arrived on socket `name` (all its connections). */
  async received(name: string, kind: string, count: number): Promise<void> {
    await this.pump(() => this.count(name, kind) >= count, `${count} ${kind} on ${name}`, true);
  }

  /** Messages of `kind` received so far on socket name `name`. */
  count(name: string, kind: string): number {
    return this.kindCounts()[name]?.[kind] ?? 0;
  }

  /** Received message kinds per socket name. */
  kindCounts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const protos = new Map<number, "tradovate" | "trademanager">();
    for (const e of this.#events) {
      if (e.k === "open")
        protos.set(e.c, e.proto === "trademanager" ? "trademanager" : "tradovate");
      if (e.k !== "recv") continue;
      const name = this.#names.get(e.c) ?? `#${e.c}`;
      const kinds =
        e.text === undefined ? ["binary"] : receivedKinds(protos.get(e.c) ?? "tradovate", e.text);
      const row = out[name] ?? {};
      out[name] = row;
      for (const k of kinds) row[k] = (row[k] ?? 0) + 1;
    }
    return out;
  }

  /** Moves the virtual clock `ms` forward, letting the sockets carry what falls due. */
  async advance(ms: number): Promise<void> {
    const end = this.#timer.now() + ms;
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const due = this.#timer.nextDue();
      if (due === undefined || due > end) break;
      this.#timer.advance(Math.max(0, due - this.#timer.now()));
      await turnLoop();
    }
    this.#timer.advance(Math.max(0, end - this.#timer.now()));
    await turnLoop();
  }

  #busy(): boolean {
    return this.#server.hubs.some((h) =>
      h.sessions().some((s) => {
        const st = s.status();
        return st.pendingStreams > 0 || st.held;
      }),
    );
  }

  /**
   * Waits until every stream has played out and every frame sent has arrived (see the file
   * comment), moving the virtual clock on as the streams need.
   */
  async idle(): Promise<void> {
    await this.pump(() => !this.#busy(), "the replay to play out", true);
    const open = [...this.#sockets.values()].filter((s) => s.open);
    for (const s of open) {
      s.probeAnswered = false;
      if (s.proto === "trademanager") {
        s.probe = "tm";
        this.#send(s, TM_PROBE, false);
      } else {
        const i = s.nextId++;
        s.probe = i;
        this.#send(s, `${PROBE_ENDPOINT}\n${i}\n\n`, false);
      }
    }
    await this.pump(() => open.every((s) => s.probeAnswered || !s.open), "the probes to come back");
  }

  /**
   * Turns the event loop until `done()`. With `moveClock`, whenever a turn brought nothing new
   * the virtual clock jumps to its next timer, so a wait never depends on real time.
   */
  async pump(done: () => boolean, what: string, moveClock = false): Promise<void> {
    let seen = this.#received;
    let quiet = 0;
    for (let turn = 0; turn < MAX_TURNS && quiet < MAX_IDLE_TURNS; turn++) {
      if (done()) return;
      quiet = this.#received === seen ? quiet + 1 : 0;
      // Due-now timers (a stream planned for "the next turn") run whatever moveClock says.
      const due = this.#timer.nextDue();
      if (due !== undefined && due <= this.#timer.now()) this.#timer.advance(0);
      else if (moveClock && this.#received === seen && due !== undefined) {
        this.#timer.advance(due - this.#timer.now());
      }
      seen = this.#received;
      await turnLoop();
    }
    throw new StuckError(`gave up waiting for ${what}`);
  }

  /** Closes every socket still open. */
  async shutdown(): Promise<void> {
    for (const s of this.#sockets.values()) {
      if (s.ws.readyState === WebSocket.OPEN || s.ws.readyState === WebSocket.CONNECTING) {
        s.closedBy ??= "client";
        s.ws.terminate();
      }
    }
    await turnLoop();
  }
}

/** One turn of the event loop (I/O callbacks included). */
function turnLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
