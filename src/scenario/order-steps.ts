/**
 * Order-entry steps: each becomes the Tradovate request a bot sends (`order/placeorder`, ...)
 * on the scenario's trading socket with the client's own request ids, for the account of the
 * socket's sync snapshot; the venue's answer is checked (accepted unless the step expects a
 * failure) and its ids are remembered under the step's `as` names.
 */
import { isObject } from "../protocols/tradovate/json.js";
import type { ScenarioClient } from "./client.js";
import { tradingView } from "./trading.js";
import type {
  LinkedOrderSpec,
  OrderAnswerExpectation,
  OrderStep,
  OrderTermsSpec,
  PlaceOrderSpec,
  Step,
} from "./types.js";

type Obj = Record<string, unknown>;

/** The order-entry step kinds, in the order the schema lists them. */
export const ORDER_STEP_KINDS = [
  "placeOrder",
  "placeOCO",
  "placeOSO",
  "modifyOrder",
  "cancelOrder",
  "liquidatePosition",
  "startOrderStrategy",
] as const;

/** True when `step` is an order-entry step. */
export function isOrderStep(step: Step): step is OrderStep {
  return ORDER_STEP_KINDS.some((k) => k in step);
}

/** A step that cannot be sent (an unknown name, no account): a difference, not a crash. */
class NotSent extends Error {}

function terms(t: OrderTermsSpec): Obj {
  const out: Obj = { orderType: t.orderType };
  if (t.price !== undefined) out.price = t.price;
  if (t.stopPrice !== undefined) out.stopPrice = t.stopPrice;
  if (t.timeInForce !== undefined) out.timeInForce = t.timeInForce;
  if (t.text !== undefined) out.text = t.text;
  return out;
}

function linked(l: LinkedOrderSpec): Obj {
  return {
    action: l.action,
    ...(l.orderQty === undefined ? {} : { orderQty: l.orderQty }),
    ...terms(l),
  };
}

/** `accountSpec` and `accountId` of the socket's account (or the step's own id). */
function account(client: ScenarioClient, accountId: number | undefined): Obj {
  const seen = tradingView(client.events).account;
  if (accountId !== undefined) {
    return seen?.id === accountId && seen.name !== undefined
      ? { accountSpec: seen.name, accountId }
      : { accountId };
  }
  if (!seen) {
    throw new NotSent(
      "no account to trade: sync first (user/syncrequest) or give the step an accountId",
    );
  }
  return seen.name === undefined
    ? { accountId: seen.id }
    : { accountSpec: seen.name, accountId: seen.id };
}

function placeBody(client: ScenarioClient, p: PlaceOrderSpec): Obj {
  return {
    ...account(client, p.accountId),
    action: p.action,
    symbol: p.symbol,
    orderQty: p.orderQty,
    ...terms(p),
    isAutomated: p.isAutomated ?? true,
  };
}

function orderId(client: ScenarioClient, ref: string | number, what: string): number {
  if (typeof ref === "number") return ref;
  const id = client.orderNames.get(ref);
  if (id === undefined) {
    throw new NotSent(`${what}: no order named "${ref}" (the step that placed it got no orderId)`);
  }
  return id;
}

/** The request of an order step: endpoint, body, and how to read the names off its answer. */
interface OrderRequest {
  readonly on: string;
  readonly endpoint: string;
  readonly body: Obj;
  /** [name, field of the answer] pairs: `["entry", "orderId"]`. */
  readonly names: ReadonlyArray<readonly [string, string]>;
  readonly strategyName?: string;
}

function named(as: string | undefined, field: string): Array<[string, string]> {
  return as === undefined ? [] : [[as, field]];
}

function orderRequest(client: ScenarioClient, step: OrderStep): OrderRequest {
  if ("placeOrder" in step) {
    const p = step.placeOrder;
    return {
      on: p.on ?? "trading",
      endpoint: "order/placeorder",
      body: placeBody(client, p),
      names: named(p.as, "orderId"),
    };
  }
  if ("placeOCO" in step) {
    const p = step.placeOCO;
    return {
      on: p.on ?? "trading",
      endpoint: "order/placeOCO",
      body: { ...placeBody(client, p), other: linked(p.other) },
      names: [...named(p.as, "orderId"), ...named(p.other.as, "ocoId")],
    };
  }
  if ("placeOSO" in step) {
    const p = step.placeOSO;
    const body: Obj = { ...placeBody(client, p), bracket1: linked(p.bracket1) };
    if (p.bracket2) body.bracket2 = linked(p.bracket2);
    return {
      on: p.on ?? "trading",
      endpoint: "order/placeOSO",
      body,
      names: [
        ...named(p.as, "orderId"),
        ...named(p.bracket1.as, "oso1Id"),
        ...named(p.bracket2?.as, "oso2Id"),
      ],
    };
  }
  if ("modifyOrder" in step) {
    const m = step.modifyOrder;
    const id = orderId(client, m.order, "modifyOrder");
    // A bot modifies with the whole of the new terms: what the step leaves out stays as the
    // order's last version had it.
    const v = tradingView(client.events).orderVersions.get(id) ?? {};
    const body: Obj = { orderId: id };
    for (const k of ["orderQty", "orderType", "price", "stopPrice", "timeInForce"] as const) {
      const value = m[k] ?? v[k];
      if (value !== undefined) body[k] = value;
    }
    body.isAutomated = true;
    return { on: m.on ?? "trading", endpoint: "order/modifyorder", body, names: [] };
  }
  if ("cancelOrder" in step) {
    const c = step.cancelOrder;
    return {
      on: c.on ?? "trading",
      endpoint: "order/cancelorder",
      body: { orderId: orderId(client, c.order, "cancelOrder"), isAutomated: true },
      names: [],
    };
  }
  if ("liquidatePosition" in step) {
    const l = step.liquidatePosition;
    const contractId = tradingView(client.events).contracts.get(l.symbol.toUpperCase());
    if (contractId === undefined) {
      throw new NotSent(`liquidatePosition: no contract ${l.symbol} in the sync snapshot`);
    }
    const { accountId } = account(client, l.accountId);
    return {
      on: l.on ?? "trading",
      endpoint: "order/liquidateposition",
      body: { accountId, contractId, admin: false },
      names: named(l.as, "orderId"),
    };
  }
  const s = step.startOrderStrategy;
  const params = {
    entryVersion: { orderQty: s.entry.orderQty, ...terms(s.entry) },
    brackets: s.brackets.map((b) => ({
      qty: b.qty ?? s.entry.orderQty,
      profitTarget: b.profitTarget ?? null,
      stopLoss: b.stopLoss ?? null,
      trailingStop: b.trailingStop ?? false,
    })),
  };
  return {
    on: s.on ?? "trading",
    endpoint: "orderStrategy/startOrderStrategy",
    body: {
      ...account(client, s.accountId),
      symbol: s.symbol,
      action: s.action,
      orderStrategyTypeId: 2,
      params: JSON.stringify(params),
    },
    names: [],
    ...(s.as === undefined ? {} : { strategyName: s.as }),
  };
}

/** Status and `d` of a response frame. */
function answerOf(frame: string): { status: number | undefined; d: unknown } {
  try {
    const msg = (JSON.parse(frame.slice(1)) as unknown[])[0];
    if (!isObject(msg)) return { status: undefined, d: undefined };
    return { status: typeof msg.s === "number" ? msg.s : undefined, d: msg.d };
  } catch {
    return { status: undefined, d: undefined };
  }
}

/** The error text of an answer: `d` as a (JSON) string, or `d.errorText`. */
function errorText(d: unknown): string | undefined {
  if (typeof d === "string") {
    try {
      const inner = JSON.parse(d) as unknown;
      return typeof inner === "string" ? inner : d;
    } catch {
      return d;
    }
  }
  return isObject(d) && typeof d.errorText === "string" ? d.errorText : undefined;
}

function checkAnswer(
  frame: string,
  want: OrderAnswerExpectation | undefined,
  what: string,
): string | undefined {
  const { status, d } = answerOf(frame);
  const wantStatus = want?.status ?? 200;
  if (status !== wantStatus) {
    return `${what}: expected status ${wantStatus}, got ${status ?? "none"} (${frame.slice(0, 160)})`;
  }
  const o = isObject(d) ? d : {};
  const reason = typeof o.failureReason === "string" ? o.failureReason : undefined;
  const text = typeof o.failureText === "string" ? o.failureText : undefined;
  const error = errorText(d);
  const expectsRefusal =
    want?.failureReason !== undefined ||
    want?.failureText !== undefined ||
    want?.error !== undefined;
  if (!expectsRefusal) {
    if (reason !== undefined)
      return `${what}: expected the venue to accept it, got failureReason ${reason} (${text ?? ""})`;
    if (error !== undefined && status === 200)
      return `${what}: expected the venue to accept it, got errorText ${JSON.stringify(error)}`;
    return undefined;
  }
  if (want?.failureReason !== undefined && reason !== want.failureReason) {
    return `${what}: expected failureReason ${want.failureReason}, got ${reason ?? "none"}${text === undefined ? "" : ` (${text})`}`;
  }
  if (want?.failureText !== undefined && text !== want.failureText) {
    return `${what}: expected failureText ${JSON.stringify(want.failureText)}, got ${JSON.stringify(text ?? null)}`;
  }
  if (want?.error !== undefined && error !== want.error) {
    return `${what}: expected error ${JSON.stringify(want.error)}, got ${JSON.stringify(error ?? null)}`;
  }
  return undefined;
}

/** Sends an order step and checks its answer; returns a difference, or undefined. */
export async function runOrderStep(
  client: ScenarioClient,
  step: OrderStep,
): Promise<string | undefined> {
  let req: OrderRequest;
  try {
    req = orderRequest(client, step);
  } catch (err) {
    if (err instanceof NotSent) return err.message;
    throw err;
  }
  const answer = await client.request(req.on, req.endpoint, "", req.body);
  const diff = checkAnswer(answer, step.expect, `${req.endpoint} on ${req.on}`);
  if (diff !== undefined) return diff;
  const { d } = answerOf(answer);
  if (!isObject(d)) return undefined;
  for (const [name, field] of req.names) {
    const id = d[field];
    if (typeof id === "number") client.orderNames.set(name, id);
  }
  if (req.strategyName !== undefined && isObject(d.orderStrategy)) {
    const id = d.orderStrategy.id;
    if (typeof id === "number") client.strategyNames.set(req.strategyName, id);
  }
  return undefined;
}
