/**
 * orders (when the client places any): `isAutomated: true` on every order it places, and a
 * request answered with a `failureReason` is not sent again unchanged.
 */
import { parseServerFrame } from "../../protocols/tradovate/frames.js";
import { connName, requestsOf, secs } from "../connections.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";
import { httpOf, jsonObject } from "./tokens.js";

const PLACING = new Set([
  "order/placeorder",
  "order/placeoso",
  "order/placeoco",
  "order/startorderstrategy",
]);

interface Placed {
  where: string;
  seq: number;
  ms: number;
  key: string;
  body: string;
  parsed: Record<string, unknown> | undefined;
  /** The answer's `d` (socket) or body (REST), when there was one. */
  answer: Record<string, unknown> | undefined;
}

function placed(ctx: CheckContext): Placed[] {
  const out: Placed[] = [];
  for (const c of ctx.conns) {
    const answers = new Map<number, Record<string, unknown>>();
    for (const a of c.answers) {
      const f = parseServerFrame(a.text);
      if (f.kind !== "messages") continue;
      for (const m of f.messages) {
        const r = m as { i?: unknown; d?: unknown };
        if (typeof r.i === "number" && typeof r.d === "object" && r.d !== null)
          answers.set(r.i, r.d as Record<string, unknown>);
      }
    }
    for (const r of requestsOf(c)) {
      if (!PLACING.has(r.key) || r.frame.kind !== "request") continue;
      out.push({
        where: connName(c),
        seq: r.seq,
        ms: r.ms,
        key: r.key,
        body: r.frame.rawBody.trim(),
        parsed: jsonObject(r.frame.rawBody),
        answer: answers.get(r.id),
      });
    }
  }
  for (const e of httpOf(ctx)) {
    if (!PLACING.has(e.path)) continue;
    out.push({
      where: "REST",
      seq: e.seq,
      ms: e.ms,
      key: e.path,
      body: e.req.trim(),
      parsed: jsonObject(e.req),
      answer: jsonObject(e.res),
    });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** orders.automated and orders.retry. */
export function checkOrders(ctx: CheckContext): Verdict[] {
  const orders = placed(ctx);
  if (orders.length === 0)
    return [
      verdict("orders", "automated", "not-exercised", "the client placed no order"),
      verdict("orders", "retry", "not-exercised", "the client placed no order"),
    ];
  const manual = orders
    .filter((o) => o.parsed?.isAutomated !== true)
    .map(
      (o) =>
        `${o.key} #${o.seq} at ${secs(o.ms)} on ${o.where}: isAutomated is ${JSON.stringify(o.parsed?.isAutomated)}`,
    );
  const blind: string[] = [];
  let failures = 0;
  for (const [k, o] of orders.entries()) {
    const reason = o.answer?.failureReason ?? o.answer?.errorText;
    if (reason === undefined) continue;
    failures++;
    const again = orders.slice(k + 1).find((p) => p.key === o.key && p.body === o.body);
    if (again)
      blind.push(
        `${o.key} #${o.seq} failed (${String(reason)}), re-sent unchanged as #${again.seq} at ${secs(again.ms)}`,
      );
  }
  return [
    manual.length > 0
      ? verdict("orders", "automated", "fail", "orders without isAutomated: true", manual)
      : verdict(
          "orders",
          "automated",
          "pass",
          `${orders.length} order(s), all with isAutomated: true`,
        ),
    failures === 0
      ? verdict("orders", "retry", "not-exercised", "no order was refused")
      : blind.length > 0
        ? verdict("orders", "retry", "fail", "a refused order was retried unchanged", blind)
        : verdict(
            "orders",
            "retry",
            "pass",
            `${failures} refused order(s), none retried unchanged`,
          ),
  ];
}
