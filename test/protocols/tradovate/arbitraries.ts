/**
 * fast-check arbitraries for Tradovate messages and frames, built from small parts. Entities
 * come from the codec's own field checks (entitySchema), so every entity type is covered and a
 * new field cannot be forgotten here.
 */
import fc from "fast-check";
import type { FieldSpec } from "../../../src/protocols/tradovate/fields.js";
import {
  type Bar,
  type ChartPacket,
  chartEvent,
  clockEvent,
  type Dom,
  type EntityType,
  entitySchema,
  errorResponse,
  type Histogram,
  mdEvent,
  packTicks,
  propsEvent,
  QUOTE_ENTRY_NAMES,
  type Quote,
  response,
  type ServerFrame,
  type ServerMessage,
  shutdownEvent,
  type TickInput,
} from "../../../src/protocols/tradovate/index.js";

export const ENTITY_TYPES: EntityType[] = [
  "user",
  "account",
  "position",
  "fill",
  "fillPair",
  "cashBalance",
  "order",
  "orderVersion",
  "executionReport",
  "command",
  "commandReport",
  "contract",
  "contractMaturity",
  "product",
];

/** A finite double without -0 (JSON writes -0 as 0). */
export const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
  .map((x) => (Object.is(x, -0) ? 0 : x));

export const id = fc.integer({ min: 0, max: 2 ** 40 });

export const timestamp = fc
  .date({ min: new Date("2015-01-01Z"), max: new Date("2035-01-01Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

export const tradeDate = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 31 }),
});

/** JSON values as they come back from JSON.parse (no -0, no undefined). */
export const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

function fieldArb(spec: FieldSpec): { arb: fc.Arbitrary<unknown>; optional: boolean } {
  if (typeof spec !== "string") {
    return { arb: fc.constantFrom(...spec.oneOf), optional: spec.optional === true };
  }
  const optional = spec.endsWith("?");
  const kind = spec.replace("?", "");
  const arbs: Record<string, fc.Arbitrary<unknown>> = {
    int: fc.integer({ min: -1_000_000, max: 2 ** 40 }),
    number: finite,
    string: fc.string({ maxLength: 12 }),
    boolean: fc.boolean(),
    tradeDate,
  };
  return { arb: arbs[kind] ?? fc.constant(null), optional };
}

/** A valid entity of the given type: every required field, some optional ones, maybe extras. */
export function entityOf(entityType: EntityType): fc.Arbitrary<Record<string, unknown>> {
  const schema = entitySchema(entityType) as Record<string, FieldSpec>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const { arb, optional } = fieldArb(spec);
    model[name] = arb;
    if (!optional) required.push(name);
  }
  const extras = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !(k in schema)),
    json,
    { maxKeys: 2 },
  );
  return fc
    .tuple(fc.record(model, { requiredKeys: required }), extras)
    .map(([known, extra]) => ({ ...extra, ...known }));
}

export const anyEntity = fc
  .constantFrom(...ENTITY_TYPES)
  .chain((t) => entityOf(t).map((value) => ({ entityType: t, value })));

const quoteEntry = fc.record({ price: finite, size: finite }, { requiredKeys: [] });

export const quote: fc.Arbitrary<Quote> = fc.record({
  timestamp,
  contractId: id,
  entries: fc.dictionary(fc.constantFrom(...QUOTE_ENTRY_NAMES), quoteEntry, { maxKeys: 10 }),
});

const level = fc.record({ price: finite, size: fc.integer({ min: 0, max: 10_000 }) });

export const dom: fc.Arbitrary<Dom> = fc.record({
  contractId: id,
  timestamp,
  bids: fc.array(level, { maxLength: 4 }),
  offers: fc.array(level, { maxLength: 4 }),
});

export const histogram: fc.Arbitrary<Histogram> = fc.record({
  contractId: id,
  timestamp,
  tradeDate,
  base: finite,
  items: fc.dictionary(
    fc.integer({ min: -500, max: 500 }).map(String),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    { maxKeys: 5 },
  ),
  refresh: fc.boolean(),
});

export const mdPayload = fc
  .record(
    {
      quotes: fc.array(quote, { minLength: 1, maxLength: 3 }),
      doms: fc.array(dom, { minLength: 1, maxLength: 2 }),
      histograms: fc.array(histogram, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .filter((p) => Object.keys(p).length > 0);

const bar: fc.Arbitrary<Bar> = fc.record(
  {
    timestamp,
    open: finite,
    high: finite,
    low: finite,
    close: finite,
    upVolume: fc.nat(),
    downVolume: fc.nat(),
    upTicks: fc.nat(),
    downTicks: fc.nat(),
    bidVolume: fc.nat(),
    offerVolume: fc.nat(),
  },
  { requiredKeys: ["timestamp", "open", "high", "low", "close"] },
);

/** Tick sizes of the contract table (spec pnl.md), as Tradovate writes them. */
export const tickSize = fc.constantFrom(
  0.25,
  1,
  0.1,
  0.01,
  0.005,
  0.03125,
  0.015625,
  0.00005,
  5,
  0.5,
);

export const tickInput: fc.Arbitrary<TickInput> = fc
  .record({
    id,
    time: fc.integer({ min: 1_400_000_000_000, max: 2_100_000_000_000 }),
    priceTicks: fc.integer({ min: 0, max: 50_000_000 }),
    size: fc.integer({ min: 1, max: 500 }),
    bid: fc.option(fc.tuple(fc.integer({ min: 0, max: 50_000_000 }), finite.map(Math.abs))),
    ask: fc.option(fc.tuple(fc.integer({ min: 0, max: 50_000_000 }), finite.map(Math.abs))),
  })
  .map(({ bid, ask, ...rest }) => {
    const tick: TickInput = { ...rest };
    if (bid !== null) [tick.bidTicks, tick.bidSize] = bid;
    if (ask !== null) [tick.askTicks, tick.askSize] = ask;
    return tick;
  });

export const tickPacketArgs = fc.record({
  ticks: fc.array(tickInput, { minLength: 1, maxLength: 6 }),
  id,
  ts: tickSize,
  td: fc.option(fc.integer({ min: 20000101, max: 20991231 }), { nil: undefined }),
  s: fc.option(fc.constant("db"), { nil: undefined }),
});

export const chartPacket: fc.Arbitrary<ChartPacket> = fc.oneof(
  fc.record(
    { id, td: fc.integer({ min: 20000101, max: 20991231 }), bars: fc.array(bar, { maxLength: 3 }) },
    { requiredKeys: ["id", "bars"] },
  ),
  fc.record({ id, eoh: fc.constant(true as const) }),
  tickPacketArgs.map(({ ticks, ...opts }) => packTicks(ticks, opts)),
);

const eventType = fc.constantFrom("Created", "Updated", "Deleted");

/**
 * A generated message three ways: `raw`, the wire object written out by hand in Tradovate's key
 * order; `expected`, the typed message as the codec should give it, modelled here without the
 * parser; `built`, what the codec's builder returns for the same inputs.
 */
export interface MessageCase {
  raw: Record<string, unknown>;
  expected: ServerMessage;
  built: ServerMessage;
}

const knownProps: fc.Arbitrary<MessageCase> = fc
  .tuple(fc.constantFrom(...ENTITY_TYPES), eventType, fc.boolean())
  .chain(([entityType, ev, asArray]) =>
    (asArray ? fc.array(entityOf(entityType), { maxLength: 3 }) : entityOf(entityType)).map(
      (entity) => {
        const list = Array.isArray(entity) ? entity : [entity];
        const raw = { e: "props", d: { entityType, eventType: ev, entity } };
        const expected: ServerMessage = {
          type: "event",
          e: "props",
          entityType,
          eventType: ev,
          entities: list.map((value) => ({ kind: entityType, value }) as never),
          entityWasArray: asArray,
          raw,
        };
        return { raw, expected, built: propsEvent(entityType, ev, entity) };
      },
    ),
  );

// An entity type tapedeck has no interface for stays an "other" entity.
const otherProps: fc.Arbitrary<MessageCase> = fc
  .tuple(
    fc.constantFrom("marginSnapshot", "userAccountAutoLiq", "orderStrategy"),
    eventType,
    fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 }),
  )
  .map(([entityType, ev, entity]) => {
    const raw = { e: "props", d: { entityType, eventType: ev, entity } };
    const expected: ServerMessage = {
      type: "event",
      e: "props",
      entityType,
      eventType: ev,
      entities: [{ kind: "other", entityType, value: entity }],
      entityWasArray: false,
      raw,
    };
    return { raw, expected, built: propsEvent(entityType, ev, entity) };
  });

const responses: fc.Arbitrary<MessageCase> = fc.oneof(
  fc
    .tuple(id, fc.integer({ min: 100, max: 599 }), fc.option(json, { nil: undefined }))
    .map(([i, s, d]) => {
      const raw: Record<string, unknown> = d === undefined ? { s, i } : { s, i, d };
      const expected: ServerMessage = { type: "response", s, i, raw };
      if (d !== undefined) expected.d = d;
      return { raw, expected, built: response(i, s, d) };
    }),
  fc
    .tuple(id, fc.constantFrom(400, 401, 404, 429, 500), fc.string({ maxLength: 30 }))
    .map(([i, s, text]): MessageCase => {
      const d = s === 404 ? JSON.stringify(text) : text;
      const raw = { s, i, d };
      return {
        raw,
        expected: { type: "response", s, i, d, raw },
        built: errorResponse(i, s, text),
      };
    }),
);

const mdCase: fc.Arbitrary<MessageCase> = mdPayload.map((d) => {
  const raw = { e: "md", d };
  return { raw, expected: { type: "event", e: "md", ...d, raw }, built: mdEvent(d) };
});

const chartCase: fc.Arbitrary<MessageCase> = fc
  .array(chartPacket, { minLength: 1, maxLength: 3 })
  .map((charts) => {
    const raw = { e: "chart", d: { charts } };
    return { raw, expected: { type: "event", e: "chart", charts, raw }, built: chartEvent(charts) };
  });

const shutdownCase: fc.Arbitrary<MessageCase> = fc
  .tuple(
    fc.constantFrom("Maintenance", "ConnectionQuotaReached", "IPQuotaReached"),
    fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  )
  .map(([reasonCode, reason]) => {
    const d = reason === undefined ? { reasonCode } : { reasonCode, reason };
    const raw = { e: "shutdown", d };
    return {
      raw,
      expected: { type: "event", e: "shutdown", ...d, raw },
      built: shutdownEvent(reasonCode, reason),
    };
  });

const clockCase: fc.Arbitrary<MessageCase> = fc
  .tuple(timestamp, fc.integer({ min: 0, max: 400 }))
  .map(([t, s]) => {
    const payload = `{"t":${JSON.stringify(t)},"s":${s}}`;
    const raw = { e: "clock", d: payload };
    return {
      raw,
      expected: { type: "event", e: "clock", t, s, payload, raw },
      built: clockEvent(t, s),
    };
  });

/** Any message a Tradovate server sends. */
export const messageCase: fc.Arbitrary<MessageCase> = fc.oneof(
  responses,
  knownProps,
  otherProps,
  mdCase,
  chartCase,
  shutdownCase,
  clockCase,
);

/** Any message, as the codec types it. */
export const serverMessage: fc.Arbitrary<ServerMessage> = messageCase.map((c) => c.expected);

/** Any server frame. */
export const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.constant({ kind: "open" as const }),
  fc.constant({ kind: "heartbeat" as const }),
  fc.record({
    kind: fc.constant("close" as const),
    code: fc.integer({ min: 1000, max: 4999 }),
    reason: fc.string({ maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant("messages" as const),
    messages: fc.array(serverMessage, { minLength: 1, maxLength: 3 }),
  }),
);
