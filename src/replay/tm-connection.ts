/**
 * A replayed Trade Manager socket: `AUTH` answered with the recorded acknowledgement, then the
 * tape's DATA/LOGS/TRADES frames on the session clock (byte for byte: the tape's own text),
 * CLOSE_TRADE / MANUALTRADE acknowledged with what the recording answered.
 */
import { TmSocketProtocol } from "../protocols/trademanager/fake/socket.js";
import { ConnectionBase, type Outlet } from "./connection-base.js";
import type { EngineContext, SessionCore } from "./engine-types.js";
import type { TmConnIndex } from "./recorded.js";
import type { StreamItem } from "./scheduler.js";

/** Finds the session a Trade Manager login belongs to (and joins it). */
export type TmSessionBinder = (user: string, token: string) => SessionCore;

/** One replayed Trade Manager socket. */
export class TmConnection extends ConnectionBase {
  readonly #protocol: TmSocketProtocol;
  readonly #bind: TmSessionBinder;

  constructor(ctx: EngineContext, out: Outlet, bind: TmSessionBinder) {
    super(ctx, "trademanager", out);
    this.#bind = bind;
    this.#protocol = new TmSocketProtocol({
      send: (text) => this.emit(text),
      close: (code, reason) => this.close(code, reason),
      login: (user, token) => {
        if (!this.session) {
          this.session = this.#bind(user, token);
          this.session.attach(this);
        }
        return this.#recorded()?.authOk?.text;
      },
      loggedIn: () => {
        const rec = this.#recorded();
        if (!rec || !this.session) return;
        const anchor = rec.authOk?.t ?? rec.openT;
        this.session.scheduler.add(this, rec.stream, anchor, "tm");
      },
      acknowledge: (type) => {
        const all = this.#recorded()?.acks.get(type);
        if (!all || all.length === 0 || !this.session) return false;
        const n = this.session.use(`tm\n${type}`);
        for (const f of all[Math.min(n, all.length - 1)]!) this.emit(f.text);
        return true;
      },
      rejected: (why) => this.ctx.log(`${this.name}: ${why}`),
    });
  }

  #recorded(): TmConnIndex | undefined {
    return this.session?.index.trademanager[0];
  }

  protected text(text: string): void {
    this.#protocol.receive(text);
  }

  deliver(items: readonly StreamItem[]): void {
    for (const item of items) this.emitData(item.text);
  }

  protected override stopTimers(): void {
    this.session?.scheduler.remove((st) => st.target === this);
  }
}
