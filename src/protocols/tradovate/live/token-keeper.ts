/**
 * Keeps a Tradovate session's tokens fresh: renews 15 minutes before expiry (spec §4), retrying
 * a failed renewal every minute, and logs in again when a renewal is refused. Open sockets stay
 * authorized after expiry, so renewal only matters for reconnects and REST.
 */
import type { TimerHandle, Timers } from "../../../live/timers.js";
import type { TokenSet } from "./auth.js";

/** Renew this long before expiry. */
export const RENEW_BEFORE_MS = 15 * 60_000;
const RETRY_MS = 60_000;

/** How the keeper gets new tokens. */
export interface TokenKeeperOptions {
  timers: Timers;
  renew: (current: TokenSet) => Promise<TokenSet>;
  login: () => Promise<TokenSet>;
  log?: (line: string) => void;
}

/** Holds the current tokens and renews them on time. */
export class TokenKeeper {
  #tokens: TokenSet;
  readonly #o: TokenKeeperOptions;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(initial: TokenSet, opts: TokenKeeperOptions) {
    this.#tokens = initial;
    this.#o = opts;
    this.#arm();
  }

  /** The tokens to use now. */
  get tokens(): TokenSet {
    return this.#tokens;
  }

  /** Logs in again (e.g. a socket's authorize was refused); resolves with the new tokens. */
  async relogin(): Promise<TokenSet> {
    this.#tokens = await this.#o.login();
    this.#arm();
    return this.#tokens;
  }

  /** Stops renewing. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.timers.clearTimeout(this.#timer);
  }

  #arm(delay = this.#tokens.expiresAt - RENEW_BEFORE_MS - this.#o.timers.now()): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) this.#o.timers.clearTimeout(this.#timer);
    this.#timer = this.#o.timers.setTimeout(() => void this.#renew(), Math.max(0, delay));
  }

  async #renew(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.#tokens = await this.#o.renew(this.#tokens);
      this.#arm();
    } catch (err) {
      if (this.#stopped) return;
      this.#o.log?.(`token renewal failed: ${(err as Error).message}; trying again in 60 s`);
      if (this.#o.timers.now() >= this.#tokens.expiresAt) {
        try {
          await this.relogin();
          return;
        } catch (e) {
          this.#o.log?.(`login failed: ${(e as Error).message}`);
        }
      }
      this.#arm(RETRY_MS);
    }
  }
}
