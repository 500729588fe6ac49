/**
 * The plain-HTTP side of the replay server: REST `/v1/...` through the fake Tradovate REST API,
 * the control endpoint, CORS for browser clients, bounded request bodies.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  FakeTradovateRest,
  RestAnswer,
  RestRequest,
} from "../protocols/tradovate/fake/rest.js";
import { CONTROL_PREFIX, type ControlAnswer } from "./control.js";
import type { ReplayRecorder } from "./replay-recorder.js";
import { normaliseQuery, restPath } from "./tape-index.js";

/** What {@link handleHttp} needs from the server. */
export interface HttpRoutes {
  maxPayload: number;
  log: (line: string) => void;
  control: (method: string, path: string, body: string) => ControlAnswer;
  /** The REST API of the tape a request's URL picks. */
  rest: (url: URL) => FakeTradovateRest;
  /** The simulated account's answer to a REST request, asked before the tape's REST. */
  sim?: (url: URL, req: RestRequest) => RestAnswer | undefined;
  /** Records each REST exchange, when the server records. */
  recorder?: ReplayRecorder;
  /**
   * Pages served besides the API (the live report at `/`): asked first for every GET; undefined
   * passes the request on to control and REST.
   */
  pages?: (url: URL) => HttpPage | undefined | Promise<HttpPage | undefined>;
}

/** A page answer: status, content type and body. */
export interface HttpPage {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The request body as text, or undefined past `limit` bytes or on error. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(undefined));
  });
}

/** Browser clients (the official JS tutorial) call REST from another origin. */
export const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, accept",
  "access-control-allow-methods": "GET, POST, OPTIONS",
};

/** Sends a JSON body (already text) with CORS headers. */
function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    ...CORS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers one HTTP request. Never throws: an internal error is a 500 and a log line. */
export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  routes: HttpRoutes,
): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://replay.invalid");
    const body = await readBody(req, routes.maxPayload);
    if (body === undefined) return sendJson(res, 413, JSON.stringify("Request body too large"));
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "OPTIONS") {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const page = method === "GET" ? await routes.pages?.(url) : undefined;
    if (page !== undefined) {
      res.writeHead(page.status, {
        "content-type": page.contentType,
        "content-length": Buffer.byteLength(page.body),
        "cache-control": "no-store",
      });
      res.end(page.body);
      return;
    }
    if (url.pathname.toLowerCase().startsWith(CONTROL_PREFIX)) {
      const a = routes.control(method, url.pathname.slice(CONTROL_PREFIX.length), body);
      return sendJson(res, a.status, JSON.stringify(a.body));
    }
    const auth = req.headers.authorization;
    const bearer = auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : undefined;
    const started = performance.now();
    const restReq: RestRequest = {
      method,
      path: restPath(url.pathname),
      query: normaliseQuery(url.search),
      body,
      ...(bearer !== undefined ? { bearer } : {}),
    };
    const answer = routes.sim?.(url, restReq) ?? routes.rest(url).handle(restReq);
    sendJson(res, answer.status, answer.body);
    routes.recorder?.http({
      method,
      url: `http://${req.headers.host ?? "127.0.0.1"}${url.pathname}${url.search}`,
      status: answer.status,
      req: body,
      res: answer.body,
      ms: performance.now() - started,
    });
  } catch (err) {
    routes.log(`http: ${(err as Error).message}`);
    if (!res.headersSent) sendJson(res, 500, JSON.stringify("Internal error"));
  }
}
