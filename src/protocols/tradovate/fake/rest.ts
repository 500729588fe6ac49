/**
 * A fake Tradovate REST API (`/v1/<endpoint>`), answered from a recording: the tape's own HTTP
 * exchanges first, then its sync snapshot (`account/list`, `contract/find`, `position/list`...,
 * so ids agree with the socket frames). Logins issue fresh fake tokens: recorded tapes hold
 * «secret:N» placeholders, never real tokens. Unknown paths get Tradovate's 404: the text
 * `"Not found: <path>"` as a JSON string.
 */
import { randomBytes } from "node:crypto";
import { isObject, type JsonObject, parseJson } from "../json.js";
import { normaliseBody } from "../requests.js";
import { SYNC_LISTS } from "../sync.js";
import { TokenRegistry } from "./tokens.js";

/** A recorded REST exchange, as a replay index keeps it. */
export interface RecordedHttp {
  method: string;
  /** Lower-case path after `/v1/`. */
  path: string;
  /** Sorted query. */
  query: string;
  /** `normaliseBody` of the JSON request body, else its text. */
  bodyKey: string;
  status: number;
  body: string | undefined;
}

/** What the fake answers from. */
export interface FakeTradovateData {
  rest: readonly RecordedHttp[];
  /** The `d` of a recorded `user/syncrequest`. */
  snapshot: Record<string, unknown> | undefined;
}

/** One REST request. */
export interface RestRequest {
  method: string;
  /** Lower-case path after `/v1/` (e.g. `contract/find`). */
  path: string;
  /** Sorted query. */
  query: string;
  body: string;
  /** The bearer token of the Authorization header, if any. */
  bearer?: string;
}

/** One REST answer; `body` is JSON text. */
export interface RestAnswer {
  status: number;
  body: string;
  /** Login group of the tokens issued by this answer, if it issued any. */
  issuedGroup?: string;
}

/** Options of the fake REST API. */
export interface FakeRestOptions {
  /** Answer the first login of each name with a `p-ticket` penalty (spec §4). */
  penalty?: boolean;
  /** Seconds the penalty asks the client to wait. */
  penaltySeconds?: number;
  /** The penalty also sets `p-captcha: true`: no ticket will ever be accepted. */
  penaltyCaptcha?: boolean;
  /** Epoch ms (injected in tests). */
  now?: () => number;
  tokens?: TokenRegistry;
}

/** Endpoint entities Tradovate has: a path under another one is a 404. */
const ENTITIES = new Set([
  "account",
  "accountriskstatus",
  "auth",
  "cashbalance",
  "command",
  "commandreport",
  "contract",
  "contractgroup",
  "contractmaturity",
  "currency",
  "executionreport",
  "fill",
  "fillfee",
  "fillpair",
  "marginsnapshot",
  "order",
  "orderstrategy",
  "orderversion",
  "position",
  "product",
  "productsession",
  "user",
  "userplugin",
  "userproperty",
  "usersession",
  "exchange",
  "spreaddefinition",
  "md",
  "replay",
  "chat",
  "alert",
]);

/** Entity name (lower-case) -> its snapshot list name. */
const LIST_OF = new Map<string, string>(
  Object.entries(SYNC_LISTS).map(([list, entity]) => [entity.toLowerCase(), list]),
);

/** True for paths Tradovate has (`<entity>/<operation>`), false for anything else. */
export function isKnownRestPath(path: string): boolean {
  const parts = path.split("/");
  return parts.length === 2 && ENTITIES.has(parts[0]!) && parts[1] !== "";
}

function json(status: number, value: unknown): RestAnswer {
  return { status, body: JSON.stringify(value) };
}

/** Tradovate's 404: the text JSON-encoded (what the socket wraps once more). */
export function restNotFound(path: string): RestAnswer {
  return json(404, `Not found: ${path}`);
}

/** The fake REST API. */
export class FakeTradovateRest {
  readonly tokens: TokenRegistry;
  readonly #data: FakeTradovateData;
  readonly #opts: FakeRestOptions;
  readonly #now: () => number;
  readonly #tickets = new Map<string, string>();

  constructor(data: FakeTradovateData, opts: FakeRestOptions = {}) {
    this.#data = data;
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.tokens = opts.tokens ?? new TokenRegistry(this.#now);
  }

  /** The user the recording is of: snapshot user, else the recorded login, else id 1. */
  user(): { id: number; name: string } {
    const u = this.#list("users")[0];
    if (isObject(u) && typeof u.id === "number") {
      return { id: u.id, name: typeof u.name === "string" ? u.name : "replay" };
    }
    const login = this.#recordedJson("auth/accesstokenrequest");
    if (isObject(login) && typeof login.userId === "number") {
      return { id: login.userId, name: typeof login.name === "string" ? login.name : "replay" };
    }
    return { id: 1, name: "replay" };
  }

  /** Answers one request. Never throws. */
  handle(req: RestRequest): RestAnswer {
    if (!isKnownRestPath(req.path)) return restNotFound(req.path);
    if (req.path === "auth/accesstokenrequest") return this.#login(req);
    if (req.path === "auth/renewaccesstoken") return this.#renew(req);
    if (req.bearer !== undefined && !this.tokens.isValid(req.bearer)) {
      return json(401, "Expired Access Token");
    }
    const recorded = this.#recorded(req);
    if (recorded) return { status: recorded.status, body: recorded.body ?? "" };
    return this.#fromSnapshot(req);
  }

  #login(req: RestRequest): RestAnswer {
    const body = parseJson(req.body || "{}");
    const b = body.ok && isObject(body.value) ? body.value : {};
    const name = typeof b.name === "string" ? b.name.trim() : "";
    if (name === "") {
      return json(200, { errorText: "Incorrect username or password. Please try again." });
    }
    if (this.#opts.penaltyCaptcha) {
      const fresh = randomBytes(12).toString("hex");
      return json(200, {
        "p-ticket": fresh,
        "p-time": this.#opts.penaltySeconds ?? 1,
        "p-captcha": true,
      });
    }
    if (this.#opts.penalty) {
      const ticket = this.#tickets.get(name);
      if (ticket === undefined || b["p-ticket"] !== ticket) {
        const fresh = randomBytes(12).toString("hex");
        this.#tickets.set(name, fresh);
        return json(200, { "p-ticket": fresh, "p-time": this.#opts.penaltySeconds ?? 1 });
      }
      this.#tickets.delete(name);
    }
    const user = this.user();
    const pair = this.tokens.issue(user.id, name);
    return { ...json(200, this.#tokenAnswer(pair, user.id, name)), issuedGroup: pair.group };
  }

  #renew(req: RestRequest): RestAnswer {
    const known = req.bearer === undefined ? undefined : this.tokens.get(req.bearer);
    if (req.bearer === undefined || req.bearer === "" || !this.tokens.isValid(req.bearer)) {
      return json(401, "Expired Access Token");
    }
    const user = this.user();
    const pair = this.tokens.issue(
      known?.userId ?? user.id,
      known?.name ?? user.name,
      known?.group,
    );
    const answer = this.#tokenAnswer(pair, known?.userId ?? user.id, known?.name ?? user.name);
    return { ...json(200, answer), issuedGroup: pair.group };
  }

  #tokenAnswer(
    pair: { accessToken: string; mdAccessToken: string; expirationTime: string },
    userId: number,
    name: string,
  ): JsonObject {
    const recorded = this.#recordedJson("auth/accesstokenrequest");
    const base: JsonObject = isObject(recorded) && !("errorText" in recorded) ? recorded : {};
    return {
      userStatus: "Active",
      hasLive: false,
      ...base,
      accessToken: pair.accessToken,
      mdAccessToken: pair.mdAccessToken,
      expirationTime: pair.expirationTime,
      userId,
      name,
    };
  }

  #recordedJson(path: string): unknown {
    const r = this.#data.rest.find((x) => x.path === path && x.status >= 200 && x.status < 300);
    if (!r?.body) return undefined;
    const parsed = parseJson(r.body);
    return parsed.ok ? parsed.value : undefined;
  }

  #recorded(req: RestRequest): RecordedHttp | undefined {
    const method = req.method.toUpperCase();
    const bodyKey = bodyKeyOf(req.body);
    const same = this.#data.rest.filter((r) => r.path === req.path && r.method === method);
    return (
      same.find((r) => r.query === req.query && r.bodyKey === bodyKey) ??
      // Lists and snapshots whose query or body only names the (one) user or account.
      (/\/(list|me|getcashbalancesnapshot)$/.test(req.path) || req.path === "auth/me"
        ? same[0]
        : undefined)
    );
  }

  #list(name: string): unknown[] {
    const v = this.#data.snapshot?.[name];
    return Array.isArray(v) ? v : [];
  }

  #fromSnapshot(req: RestRequest): RestAnswer {
    const [entity = "", op = ""] = req.path.split("/");
    const q = new URLSearchParams(req.query);
    if (req.path === "auth/me") {
      const u = this.user();
      return json(200, {
        userId: u.id,
        name: u.name,
        fullName: u.name,
        emailVerified: true,
        isTrial: false,
      });
    }
    if (req.path === "cashbalance/getcashbalancesnapshot") return this.#cashSnapshot(req);
    const listName = LIST_OF.get(entity);
    if (listName === undefined)
      return json(200, { errorText: `tapedeck replay: ${req.path} was not recorded` });
    const items = this.#list(listName).filter(isObject);
    const byName = (n: string | null) =>
      items.find(
        (x) => typeof x.name === "string" && x.name.toUpperCase() === (n ?? "").toUpperCase(),
      );
    const byId = (id: string | null) => items.find((x) => String(x.id) === id);
    switch (op) {
      case "list":
        return json(200, items);
      case "find": {
        const found = byName(q.get("name"));
        return found ? json(200, found) : restNotFound(req.path);
      }
      case "item": {
        const found = byId(q.get("id"));
        return found ? json(200, found) : restNotFound(req.path);
      }
      case "items": {
        const ids = (q.get("ids") ?? "").split(",");
        return json(
          200,
          ids.map(byId).filter((x) => x !== undefined),
        );
      }
      case "suggest": {
        const t = (q.get("t") ?? "").toUpperCase();
        const limit = Number(q.get("l") ?? "10") || 10;
        const hits = items.filter(
          (x) => typeof x.name === "string" && x.name.toUpperCase().startsWith(t),
        );
        return json(200, hits.slice(0, limit));
      }
      default:
        return json(200, { errorText: `tapedeck replay: ${req.path} was not recorded` });
    }
  }

  #cashSnapshot(req: RestRequest): RestAnswer {
    const body = parseJson(req.body || "{}");
    const accountId = body.ok && isObject(body.value) ? body.value.accountId : undefined;
    const cb = this.#list("cashBalances")
      .filter(isObject)
      .find((x) => accountId === undefined || x.accountId === accountId);
    if (!cb) return json(200, { errorText: "tapedeck replay: no cash balance recorded" });
    return json(200, {
      accountId: cb.accountId,
      timestamp: cb.timestamp,
      tradeDate: cb.tradeDate,
      currencyId: cb.currencyId,
      amount: cb.amount,
      realizedPnL: cb.realizedPnL ?? 0,
      weekRealizedPnL: cb.weekRealizedPnL ?? 0,
      totalCashValue: cb.amount,
    });
  }
}

function bodyKeyOf(text: string): string {
  if (text === "") return "";
  const parsed = parseJson(text);
  return parsed.ok ? normaliseBody(parsed.value) : text;
}
