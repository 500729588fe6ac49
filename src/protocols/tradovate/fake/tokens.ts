/**
 * Access tokens a fake Tradovate issues. A login issues an access token and an md token that
 * belong together (one `group`): a replay server uses the group to put a client's trading and
 * md sockets into one session. Tokens live 90 minutes, as Tradovate's do.
 */
import { randomBytes } from "node:crypto";

/** Tradovate's token lifetime. */
export const TOKEN_TTL_MS = 90 * 60 * 1000;

/** What the registry knows about an issued token. */
export interface IssuedToken {
  token: string;
  /** Shared by the access and md token of one login, and kept across renewals. */
  group: string;
  userId: number;
  name: string;
  /** Epoch ms. */
  expiresMs: number;
}

/** A login's pair of tokens. */
export interface TokenPair {
  accessToken: string;
  mdAccessToken: string;
  expirationTime: string;
  group: string;
}

/** Issues, renews and checks fake tokens. `now` is epoch ms (injected for tests). */
export class TokenRegistry {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #now: () => number;
  readonly #ttl: number;
  #expiredAll = false;

  constructor(now: () => number = Date.now, ttlMs = TOKEN_TTL_MS) {
    this.#now = now;
    this.#ttl = ttlMs;
  }

  /** Issues a new pair; pass `group` to renew within a login. */
  issue(userId: number, name: string, group?: string): TokenPair {
    const g = group ?? `login-${randomBytes(6).toString("hex")}`;
    const expiresMs = this.#now() + this.#ttl;
    const accessToken = `fake-at-${randomBytes(18).toString("base64url")}`;
    const mdAccessToken = `fake-md-${randomBytes(18).toString("base64url")}`;
    for (const token of [accessToken, mdAccessToken]) {
      this.#tokens.set(token, { token, group: g, userId, name, expiresMs });
    }
    this.#expiredAll = false;
    return {
      accessToken,
      mdAccessToken,
      expirationTime: new Date(expiresMs).toISOString(),
      group: g,
    };
  }

  /** The token's record, if this registry issued it. */
  get(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }

  /** False only for a token this registry issued that has expired (or was expired on purpose). */
  isValid(token: string): boolean {
    const t = this.#tokens.get(token);
    if (!t) return !this.#expiredAll;
    return !this.#expiredAll && t.expiresMs > this.#now();
  }

  /** Expires every token now (the token-expiry fault). New logins work again. */
  expireAll(): void {
    this.#expiredAll = true;
    for (const t of this.#tokens.values()) t.expiresMs = Math.min(t.expiresMs, this.#now());
  }
}
