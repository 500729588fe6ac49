/**
 * `tapedeck/nock`: nock scopes that answer a tape's REST exchanges (Tradovate's `/v1/...` API)
 * for code that calls it with Node's http/https or fetch. Answers come from the same fake REST
 * API as the replay server: fresh tokens for logins, recorded answers by method, path, query and
 * body, the sync snapshot for entity lists, 404 `"Not found: <path>"` otherwise.
 */
import nock from "nock";
import type { TapeIndex } from "../replay/tape-index.js";
import { type TapeEngine, type TapeEngineOptions, tapeEngine } from "./tape-engine.js";

export { DEFAULT_TAPE_URLS, type TapeEngineOptions, type TapeUrls } from "./tape-engine.js";

/** A tape's REST API as a nock scope. */
export interface NockTape extends TapeEngine {
  /** The persisted scope on the REST origin; `scope.isDone()` and nock's other checks apply. */
  readonly scope: nock.Scope;
  /** Removes the interceptors and closes the engine. */
  close(): void;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Intercepts the tape's REST origin (default `https://demo.tradovateapi.com`) with nock. */
export async function nockTape(
  tape: string | TapeIndex,
  options: TapeEngineOptions = {},
): Promise<NockTape> {
  const engine = await tapeEngine(tape, options);
  const base = new URL(engine.urls.rest);
  const origin = `${base.protocol}//${base.host}`;
  const prefix = base.pathname.replace(/\/+$/, "");
  const scope = nock(origin).persist();
  const interceptors: nock.Interceptor[] = [];
  for (const method of METHODS) {
    const interceptor = scope.intercept(
      (path) => path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`),
      method,
    );
    interceptors.push(interceptor);
    interceptor.reply(function (uri, body) {
      const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
      const auth = this.req.headers.authorization;
      const answer = engine.rest(
        method,
        `${origin}${uri}`,
        text,
        Array.isArray(auth) ? auth[0] : (auth ?? null),
      );
      return [answer.status, answer.body, { "content-type": "application/json; charset=utf-8" }];
    });
  }
  return {
    ...engine,
    scope,
    close() {
      // Only this tape's interceptors: the test's own nock scopes stay.
      for (const i of interceptors) nock.removeInterceptor(i);
      engine.close();
    },
  };
}
