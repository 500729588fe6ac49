/** Runs one scenario step on the client, or says how the server's answer differs from the step's. */
import type { ScenarioClient } from "./client.js";
import { isOrderStep, runOrderStep } from "./order-steps.js";
import type { ResponseExpectation, Step } from "./types.js";

/** What a response frame says: status and error text in Tradovate's shape. */
export function responseOf(frame: string): { status?: number; error?: string } {
  let msg: unknown;
  try {
    msg = (JSON.parse(frame.slice(1)) as unknown[])[0];
  } catch {
    return {};
  }
  if (typeof msg !== "object" || msg === null) return {};
  const { s, d } = msg as { s?: unknown; d?: unknown };
  const status = typeof s === "number" ? s : undefined;
  let error: string | undefined;
  if (typeof d === "string") {
    // Tradovate wraps an error text as a JSON string inside `d`.
    try {
      const inner = JSON.parse(d) as unknown;
      error = typeof inner === "string" ? inner : d;
    } catch {
      error = d;
    }
  } else if (
    typeof d === "object" &&
    d !== null &&
    typeof (d as { errorText?: unknown }).errorText === "string"
  ) {
    error = (d as { errorText: string }).errorText;
  }
  return { ...(status === undefined ? {} : { status }), ...(error === undefined ? {} : { error }) };
}

function checkResponse(
  frame: string,
  want: ResponseExpectation | undefined,
  what: string,
): string | undefined {
  const got = responseOf(frame);
  const status = want?.status ?? 200;
  if (got.status !== status) {
    return `${what}: expected status ${status}, got ${got.status ?? "none"} (${frame.slice(0, 160)})`;
  }
  if (want?.error !== undefined && got.error !== want.error) {
    return `${what}: expected error ${JSON.stringify(want.error)}, got ${JSON.stringify(got.error ?? null)}`;
  }
  return undefined;
}

/** Runs `step`; returns a difference when an answer is not what the step expects. */
export async function runStep(client: ScenarioClient, step: Step): Promise<string | undefined> {
  if (isOrderStep(step)) return runOrderStep(client, step);
  if ("connect" in step) {
    await client.connect(step.connect, step.as ?? step.connect, step.tape);
    return undefined;
  }
  if ("authorize" in step) {
    const answer = await client.authorize(
      step.authorize,
      step.token ?? "scenario-token",
      step.user ?? "tape_reader",
    );
    if (answer.startsWith("a["))
      return checkResponse(answer, { status: 200 }, `authorize on ${step.authorize}`);
    return answer === "" ? `AUTH on ${step.authorize}: no answer` : undefined;
  }
  if ("request" in step) {
    const r = step.request;
    const answer = await client.request(r.on, r.endpoint, r.query ?? "", r.body);
    return checkResponse(answer, step.expect, `${r.endpoint} on ${r.on}`);
  }
  if ("subscribe" in step) {
    const s = step.subscribe;
    const endpoint = s.kind === "dom" ? "md/subscribeDOM" : "md/subscribeQuote";
    const answer = await client.request(s.on, endpoint, "", { symbol: s.symbol });
    return checkResponse(answer, { status: 200 }, `${endpoint} ${s.symbol} on ${s.on}`);
  }
  if ("manualTrade" in step) {
    const m = step.manualTrade;
    client.send(
      m.on,
      JSON.stringify({
        type: "MANUALTRADE",
        user: "tape_reader",
        token: "scenario-token",
        side: m.side,
        size: m.size,
        strategy: m.strategy,
        ticker: m.ticker,
      }),
    );
    return undefined;
  }
  if ("send" in step) {
    client.send(step.send.on, step.send.text);
    return undefined;
  }
  if ("close" in step) {
    await client.close(step.close);
    return undefined;
  }
  const w = step.wait;
  if (w === "idle") await client.idle();
  else if ("ms" in w) await client.advance(w.ms);
  else if ("closed" in w) await client.closed(w.closed);
  else await client.received(w.on, w.kind, w.count);
  return undefined;
}
