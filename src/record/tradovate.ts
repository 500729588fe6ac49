/**
 * `record tradovate` as a library: REST login (penalties, captcha, errorText), symbol
 * resolution, the trading socket (`user/syncrequest`) and the md socket (quotes, DOM,
 * histogram, chart), token renewal, all recorded through one redacted tape.
 */

import { sleep, type Timers } from "../live/timers.js";
import {
  AuthError,
  renewAccessToken,
  requestAccessToken,
  socketUrlOf,
  type TokenSet,
} from "../protocols/tradovate/live/auth.js";
import {
  credentialValues,
  type TradovateCredentials,
} from "../protocols/tradovate/live/credentials.js";
import { type FetchLike, recordedHttp } from "../protocols/tradovate/live/http.js";
import { type MdWants, mdRequests } from "../protocols/tradovate/live/md-requests.js";
import { tradovateSession } from "../protocols/tradovate/live/socket-session.js";
import { TokenKeeper } from "../protocols/tradovate/live/token-keeper.js";
import { MIN_SECRET_LENGTH } from "../tape/redact.js";
import { ActiveRecording } from "./active.js";
import type { Random } from "./backoff.js";
import { authErrorOrRethrow } from "./errors.js";
import { Recording, type RecordingOptions } from "./recording.js";
import { type LiveConnection, SocketSource, type WebSocketFactory } from "./socket-source.js";
import { resolveSymbols } from "./symbols.js";

/** Tradovate's endpoints per environment (spec §1). */
export const TRADOVATE_ENVS = {
  demo: {
    baseUrl: "https://demo.tradovateapi.com/v1",
    mdUrl: "wss://md.tradovateapi.com/v1/websocket",
  },
  live: {
    baseUrl: "https://live.tradovateapi.com/v1",
    mdUrl: "wss://md.tradovateapi.com/v1/websocket",
  },
} as const;

/** Everything `recordTradovate` needs; the CLI fills it from flags and the environment. */
export interface TradovateRecordOptions {
  env: keyof typeof TRADOVATE_ENVS;
  baseUrl: string;
  mdUrl: string;
  /** Trading socket URL (default: derived from baseUrl). */
  wsUrl?: string;
  credentials: TradovateCredentials;
  symbols: readonly string[];
  md: MdWants;
  /** Open the trading socket and sync the user. */
  user: boolean;
  tape: Omit<RecordingOptions, "timers" | "secrets" | "shortSecrets" | "onFatal">;
  timers: Timers;
  random: Random;
  socket?: WebSocketFactory;
  fetch?: FetchLike;
  log: (line: string) => void;
}

/** Splits secret values by length: long ones are masked anywhere, short ones where rules point. */
export function splitSecrets(values: readonly string[]): { long: string[]; short: string[] } {
  const uniq = [...new Set(values.filter((v) => v.trim() !== ""))];
  return {
    long: uniq.filter((v) => [...v].length >= MIN_SECRET_LENGTH),
    short: uniq.filter((v) => [...v].length < MIN_SECRET_LENGTH),
  };
}

/** Logs in, opens the sockets and starts recording; resolves once every socket is open. */
export async function recordTradovate(o: TradovateRecordOptions): Promise<ActiveRecording> {
  const secrets = splitSecrets(credentialValues(o.credentials));
  let active: ActiveRecording | undefined;
  const recording = await Recording.open({
    ...o.tape,
    header: {
      ...o.tape.header,
      meta: { source: "tradovate", env: o.env, ...o.tape.header?.meta },
    },
    timers: o.timers,
    secrets: secrets.long,
    shortSecrets: secrets.short,
    onFatal: (err) => active?.tapeFailed(err),
  });
  active = new ActiveRecording(recording);
  const log = (line: string) => o.log(recording.scrub(line));
  const http = recordedHttp(o.fetch ?? fetch, (x) => recording.http(x));
  const login = () =>
    requestAccessToken(
      http,
      o.baseUrl,
      o.credentials,
      {
        sleep: (ms) => sleep(o.timers, ms),
        onPenalty: (s) => log(`Tradovate asks to wait ${s} s before logging in (p-ticket)`),
      },
      () => o.timers.now(),
    );
  let tokens: TokenSet;
  try {
    tokens = await login();
  } catch (err) {
    recording.mark("login failed", { error: recording.scrub((err as Error).message) });
    await recording.finish();
    throw authErrorOrRethrow(err, recording);
  }
  const keeper = new TokenKeeper(tokens, {
    timers: o.timers,
    renew: (t) => renewAccessToken(http, o.baseUrl, t, () => o.timers.now()),
    login,
    log,
  });
  active.onStop(() => keeper.stop());

  let resolved: Awaited<ReturnType<typeof resolveSymbols>>;
  try {
    resolved = await resolveSymbols(
      o.symbols,
      { http, baseUrl: o.baseUrl, token: tokens.accessToken },
      o.timers.now(),
    );
  } catch (err) {
    // Nothing may outlive a failed start: the renewal timer would keep the process alive.
    await active.stop();
    throw err;
  }
  if (resolved.length > 0) recording.mark("symbols resolved", resolved);

  const refusals = new Map<string, number>();
  const refused = (name: string) => (conn: LiveConnection, s: number) => {
    const n = (refusals.get(name) ?? 0) + 1;
    refusals.set(name, n);
    if (n > 1) {
      conn.fatal(`${name} socket: authorize refused twice (status ${s})`);
      return;
    }
    log(`${name} socket: authorize refused (status ${s}); logging in again`);
    keeper.relogin().then(
      () => conn.close(4000, "re-authorize"),
      (err: unknown) => conn.fatal(`${name} socket: login again failed: ${(err as Error).message}`),
    );
  };
  const common = {
    recording,
    timers: o.timers,
    random: o.random,
    ...(o.socket ? { socket: o.socket } : {}),
    log,
    onFatal: (reason: string) => active?.sourceFailed(reason),
  };
  if (o.user) {
    const userId = tokens.userId;
    active.add(
      new SocketSource({
        ...common,
        name: "trading",
        url: () => o.wsUrl ?? socketUrlOf(o.baseUrl),
        proto: "tradovate",
        role: "trading",
        session: tradovateSession({
          token: () => keeper.tokens.accessToken,
          requests: () =>
            userId === undefined
              ? []
              : [{ endpoint: "user/syncrequest", body: { users: [userId] } }],
          timers: o.timers,
          refused: refused("trading"),
          authorized: () => refusals.delete("trading"),
          failed: (ep, s) => log(`trading socket: ${ep} answered ${s}`),
        }),
      }),
    );
  }
  const mdList = resolved.flatMap((r) => mdRequests(r.symbol, o.md));
  if (mdList.length > 0) {
    active.add(
      new SocketSource({
        ...common,
        name: "md",
        url: () => o.mdUrl,
        proto: "tradovate",
        role: "md",
        session: tradovateSession({
          token: () => keeper.tokens.mdAccessToken,
          requests: () => mdList,
          timers: o.timers,
          refused: refused("md"),
          authorized: () => refusals.delete("md"),
          failed: (ep, s) => log(`md socket: ${ep} answered ${s}`),
        }),
      }),
    );
  }
  await active.start();
  return active;
}

export { AuthError };
