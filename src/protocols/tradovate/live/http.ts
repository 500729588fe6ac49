/**
 * REST calls that are recorded: every exchange is handed to `record` (the tape's `http` event)
 * before the caller sees the response, so tokens in a response are registered as secrets
 * before any socket can send them.
 */
import type { HttpEvent, HttpMessage } from "../../../tape/events.js";

/** The `fetch` the client uses (global fetch by default; tests pass nock'd or msw'd fetch). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** One recorded exchange: the tape's `http` event before the writer gives it seq and t. */
export type HttpExchange = Omit<HttpEvent, "k" | "seq" | "t">;

/** A response as the live client reads it. */
export interface HttpReply {
  status: number;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Makes REST calls and records them. */
export interface RecordedHttp {
  request(
    method: string,
    url: string,
    opts?: { headers?: Record<string, string>; body?: string },
  ): Promise<HttpReply>;
}

/** A {@link RecordedHttp} over `fetch`; `now` gives milliseconds for the round-trip time. */
export function recordedHttp(
  fetchFn: FetchLike,
  record: (x: HttpExchange) => void,
  now: () => number = () => performance.now(),
): RecordedHttp {
  return {
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
      if (opts.body !== undefined) headers["content-type"] ??= "application/json";
      const started = now();
      let res: Response;
      try {
        res = await fetchFn(url, {
          method,
          headers,
          ...(opts.body !== undefined ? { body: opts.body } : {}),
        });
      } catch (err) {
        record({
          method,
          url,
          status: 0,
          req: message(headers, opts.body),
          res: {},
          ms: Math.max(0, now() - started),
        });
        throw err;
      }
      const body = await res.text();
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        resHeaders[k] = v;
      });
      record({
        method,
        url,
        status: res.status,
        req: message(headers, opts.body),
        res: message(resHeaders, body),
        ms: Math.max(0, Math.round((now() - started) * 1000) / 1000),
      });
      let json: unknown;
      try {
        json = body === "" ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      return { status: res.status, body, json };
    },
  };
}

function message(headers: Record<string, string>, body: string | undefined): HttpMessage {
  return {
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(body !== undefined && body !== "" ? { body } : {}),
  };
}
