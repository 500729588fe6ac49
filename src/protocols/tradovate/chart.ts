/**
 * Chart data: the `d` of `{"e":"chart","d":{"charts":[...]}}` events that follow an
 * `md/getChart` request. A packet is bars, packed ticks, or the end-of-history marker.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import { type FieldSpec, type Schema, schemaProblem } from "./fields.js";
import { isObject, type JsonObject, jsonType, own, toJsonText } from "./json.js";

/** One bar of a MinuteBar/DailyBar/... chart. */
export interface Bar {
  timestamp: string;
  open: number;
  high: number;
  low: number;
  close: number;
  upVolume?: number;
  downVolume?: number;
  upTicks?: number;
  downTicks?: number;
  bidVolume?: number;
  offerVolume?: number;
}

/** A packet of bars; `id` is the subscription's realtimeId (or historicalId). */
export interface BarPacket {
  id: number;
  /** Trade date as yyyymmdd, e.g. 20170413. */
  td?: number;
  bars: Bar[];
  eoh?: boolean;
}

/**
 * One tick of a packed tick packet, relative to its packet: time `t` ms after `bt`, price `p`
 * ticks from `bp`, size `s`; bid `b`/ask `a` (ticks from `bp`) count only with their sizes
 * `bs`/`as`.
 */
export interface PackedTick {
  id: number;
  t: number;
  p: number;
  s: number;
  b?: number;
  a?: number;
  bs?: number;
  as?: number;
}

/** A packet of a Tick chart, packed relative to a base price `bp` (ticks) and time `bt` (ms). */
export interface TickPacket {
  id: number;
  /** Source tag, "db" in recorded examples. */
  s?: string;
  td?: number;
  /** Base price in ticks. */
  bp: number;
  /** Base time, epoch milliseconds. */
  bt: number;
  /** Tick size: price = ticks * ts. */
  ts: number;
  tks: PackedTick[];
  eoh?: boolean;
}

/** The end-of-history marker `{"id":31,"eoh":true}`: what follows is realtime. */
export interface EohPacket {
  id: number;
  eoh: true;
}

/** One element of `charts`. Tell them apart with {@link chartPacketKind}. */
export type ChartPacket = BarPacket | TickPacket | EohPacket;

/** The `d` of a chart event. */
export interface ChartPayload {
  /** Never set: lets `result.kind === "unrecognised"` tell a parse result from an Unrecognised. */
  kind?: never;
  charts: ChartPacket[];
}

/** The `d` of a successful `md/getChart` response. */
export interface ChartSubscription {
  /** Never set: lets `result.kind === "unrecognised"` tell a parse result from an Unrecognised. */
  kind?: never;
  historicalId: number;
  realtimeId: number;
}

/** A decoded tick: absolute time and price, with integer ticks kept for exact arithmetic. */
export interface Tick {
  id: number;
  /** Epoch milliseconds: bt + t. */
  time: number;
  /** Price in ticks: bp + p. */
  priceTicks: number;
  /** priceTicks * ts, computed as one correctly rounded division (see {@link ticksToPrice}). */
  price: number;
  size: number;
  /** Present only when the packed tick has `bs` (and `b`). */
  bidTicks?: number;
  bid?: number;
  bidSize?: number;
  /** Present only when the packed tick has `as` (and `a`). */
  askTicks?: number;
  ask?: number;
  askSize?: number;
}

/** Which of the three packet shapes a packet is. */
export function chartPacketKind(p: ChartPacket): "bars" | "ticks" | "eoh" {
  if ("tks" in p) return "ticks";
  if ("bars" in p) return "bars";
  return "eoh";
}

/** True for a packed tick packet. */
export function isTickPacket(p: ChartPacket): p is TickPacket {
  return chartPacketKind(p) === "ticks";
}

/** True for a packet of bars. */
export function isBarPacket(p: ChartPacket): p is BarPacket {
  return chartPacketKind(p) === "bars";
}

const barSchema: Schema<Bar> = {
  timestamp: "string",
  open: "number",
  high: "number",
  low: "number",
  close: "number",
  upVolume: "number?",
  downVolume: "number?",
  upTicks: "number?",
  downTicks: "number?",
  bidVolume: "number?",
  offerVolume: "number?",
};
const barPacketSchema: Schema<Omit<BarPacket, "bars">> = {
  id: "int",
  td: "int?",
  eoh: "boolean?",
};
const tickPacketSchema: Schema<Omit<TickPacket, "tks">> = {
  id: "int",
  s: "string?",
  td: "int?",
  bp: "int",
  bt: "int",
  ts: "number",
  eoh: "boolean?",
};
const packedTickSchema: Schema<PackedTick> = {
  id: "int",
  t: "int",
  p: "int",
  s: "number",
  b: "int?",
  a: "int?",
  bs: "number?",
  as: "number?",
};
const subscriptionSchema: Schema<Omit<ChartSubscription, "kind">> = {
  historicalId: "int",
  realtimeId: "int",
};

function listProblem(
  value: unknown,
  label: string,
  itemProblem: (item: unknown, label: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(value)) return `${label} must be an array, got ${jsonType(value)}`;
  for (const [i, item] of value.entries()) {
    const problem = itemProblem(item, `${label}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function objectProblem(
  schema: Readonly<Record<string, FieldSpec>>,
): (item: unknown, label: string) => string | undefined {
  return (item, label) =>
    isObject(item)
      ? schemaProblem(item, schema, label)
      : `${label}: expected an object, got ${jsonType(item)}`;
}

function packetProblem(p: unknown, label: string): string | undefined {
  if (!isObject(p)) return `${label}: expected an object, got ${jsonType(p)}`;
  if (p.tks !== undefined) {
    const problem = schemaProblem(p, tickPacketSchema, label);
    if (problem !== undefined) return problem;
    if ((p.ts as number) <= 0) return `${label}: field "ts" must be positive`;
    return listProblem(p.tks, `${label}.tks`, objectProblem(packedTickSchema));
  }
  if (p.bars !== undefined) {
    return (
      schemaProblem(p, barPacketSchema, label) ??
      listProblem(p.bars, `${label}.bars`, objectProblem(barSchema))
    );
  }
  if (p.eoh === true) return schemaProblem(p, { id: "int" }, label);
  return `${label}: packet has none of bars, tks, eoh`;
}

/** Why `d` is not a chart payload, or undefined when it is one. */
export function chartPayloadProblem(d: unknown): string | undefined {
  if (!isObject(d)) return `chart: d must be an object, got ${jsonType(d)}`;
  return listProblem(own(d, "charts"), "chart.charts", packetProblem);
}

/** Checks and types the `d` of a chart event. Never throws. */
export function parseChartPayload(d: unknown): ChartPayload | Unrecognised {
  const problem = chartPayloadProblem(d);
  if (problem !== undefined) return unrecognised(toJsonText(d), problem);
  return { charts: (d as JsonObject).charts as ChartPacket[] };
}

/** Checks and types the `d` of an `md/getChart` response. Never throws. */
export function parseChartSubscription(d: unknown): ChartSubscription | Unrecognised {
  if (!isObject(d)) {
    return unrecognised(toJsonText(d), `getChart: d must be an object, got ${jsonType(d)}`);
  }
  const problem = schemaProblem(d, subscriptionSchema, "getChart");
  return problem === undefined
    ? (d as unknown as ChartSubscription)
    : unrecognised(toJsonText(d), problem);
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * `ticks * tickSize` without float drift: the tick size is read as the exact decimal it was
 * written as (0.25 = 25/10^2, 0.00005 = 5/10^5), so the price is one integer product and one
 * division, which IEEE rounds correctly. 7145 ticks of 0.01 gives 71.45, where 7145 * 0.01 would
 * be fine but 3 * 0.1 gives 0.30000000000000004. Falls back to the plain product only when the
 * integers would not be exact.
 */
export function ticksToPrice(ticks: number, tickSize: number): number {
  const m = DECIMAL.exec(String(tickSize));
  if (m === null || !Number.isSafeInteger(ticks)) return ticks * tickSize;
  const digits = `${m[1]}${m[2] ?? ""}`;
  let scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  let mantissa = Number(digits);
  if (scale < 0) {
    mantissa *= 10 ** -scale;
    scale = 0;
  }
  const product = ticks * mantissa;
  if (!Number.isSafeInteger(mantissa) || !Number.isSafeInteger(product) || scale > 22) {
    return ticks * tickSize;
  }
  return product / 10 ** scale;
}

/** Decodes a packed tick packet into absolute ticks (spec §5). Never throws on checked packets. */
export function decodeTickPacket(packet: TickPacket): Tick[] {
  const { bp, bt, ts } = packet;
  return packet.tks.map((k) => {
    const priceTicks = bp + k.p;
    const tick: Tick = {
      id: k.id,
      time: bt + k.t,
      priceTicks,
      price: ticksToPrice(priceTicks, ts),
      size: k.s,
    };
    if (k.bs !== undefined && k.b !== undefined) {
      tick.bidTicks = bp + k.b;
      tick.bid = ticksToPrice(tick.bidTicks, ts);
      tick.bidSize = k.bs;
    }
    if (k.as !== undefined && k.a !== undefined) {
      tick.askTicks = bp + k.a;
      tick.ask = ticksToPrice(tick.askTicks, ts);
      tick.askSize = k.as;
    }
    return tick;
  });
}

/** What {@link packTicks} needs of a tick: its integer fields (prices come from ticks). */
export type TickInput = Pick<Tick, "id" | "time" | "priceTicks" | "size"> &
  Partial<Pick<Tick, "bidTicks" | "bidSize" | "askTicks" | "askSize">>;

/**
 * Packs ticks the way Tradovate does: base price and time are the first tick's, every tick
 * relative to them; keys in wire order (`id,s,td,bp,bt,ts,tks` and `t,p,s,b,a,bs,as,id`).
 */
export function packTicks(
  ticks: readonly TickInput[],
  opts: { id: number; ts: number; td?: number; s?: string; eoh?: boolean },
): TickPacket {
  const bp = ticks[0]?.priceTicks ?? 0;
  const bt = ticks[0]?.time ?? 0;
  const tks = ticks.map((k) => {
    const packed: PackedTick = { t: k.time - bt, p: k.priceTicks - bp, s: k.size } as PackedTick;
    const hasBid = k.bidTicks !== undefined && k.bidSize !== undefined;
    const hasAsk = k.askTicks !== undefined && k.askSize !== undefined;
    if (hasBid) packed.b = (k.bidTicks as number) - bp;
    if (hasAsk) packed.a = (k.askTicks as number) - bp;
    if (hasBid) packed.bs = k.bidSize;
    if (hasAsk) packed.as = k.askSize;
    packed.id = k.id;
    return packed;
  });
  const packet = { id: opts.id } as TickPacket;
  if (opts.s !== undefined) packet.s = opts.s;
  if (opts.td !== undefined) packet.td = opts.td;
  Object.assign(packet, { bp, bt, ts: opts.ts, tks });
  if (opts.eoh !== undefined) packet.eoh = opts.eoh;
  return packet;
}
