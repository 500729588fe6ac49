/**
 * Answers a fake Tradovate gives to known requests a recording never saw: md subscriptions are
 * acknowledged with `d: {}` (JS clients read `d` on every item), a chart gets fresh ids and an
 * end-of-history marker, a sync gets the recorded snapshot (or a minimal one), REST endpoints
 * over the socket get the REST answer, and anything else Tradovate does not have gets 404.
 */

import { parseJson } from "../json.js";
import {
  chartEvent,
  errorResponse,
  notFoundResponse,
  response,
  type ServerMessage,
} from "../messages.js";
import type { RequestFrame } from "../requests.js";
import type { FakeTradovateRest } from "./rest.js";

/** Counter for chart subscription ids a session hands out. */
export interface ChartIds {
  next(): number;
}

/** The messages answering `req` when nothing was recorded for it. */
export function defaultAnswer(
  req: RequestFrame,
  rest: FakeTradovateRest,
  snapshot: Record<string, unknown> | undefined,
  chartIds: ChartIds,
): ServerMessage[] {
  const key = req.endpointKey;
  if (key.startsWith("md/")) {
    if (key === "md/getchart") {
      const historicalId = chartIds.next();
      const realtimeId = chartIds.next();
      return [
        response(req.id, 200, { historicalId, realtimeId }),
        chartEvent([{ id: realtimeId, eoh: true }]),
      ];
    }
    if (/^md\/(un)?subscribe(quote|dom|histogram)$/.test(key) || key === "md/cancelchart") {
      return [response(req.id, 200, {})];
    }
    return [notFoundResponse(req.id, req.endpoint)];
  }
  if (key === "user/syncrequest") {
    const u = rest.user();
    return [response(req.id, 200, snapshot ?? { users: [{ id: u.id, name: u.name }] })];
  }
  const method = req.rawBody.trim() === "" || req.body === undefined ? "GET" : "POST";
  const answer = rest.handle({ method, path: key, query: req.query, body: req.rawBody.trim() });
  if (answer.status === 404) return [notFoundResponse(req.id, req.endpoint)];
  const parsed = parseJson(answer.body);
  const d = parsed.ok ? parsed.value : answer.body;
  if (answer.status >= 200 && answer.status < 300) return [response(req.id, answer.status, d)];
  return [errorResponse(req.id, answer.status, typeof d === "string" ? d : answer.body)];
}
