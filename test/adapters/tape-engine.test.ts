/** The adapters' engine passes the `sim` option through: on, off, and refused values. */
import { join } from "node:path";
import { expect, test } from "vitest";
import { tapeEngine } from "../../src/adapters/tape-engine.js";
import { InputError } from "../../src/errors.js";
import { repoRoot } from "../helpers/cli.js";
import { ES_MARKET_BUY, TAPE_LOGIN } from "./helpers.js";

const tapePath = join(repoRoot, "scenarios/tapes/es-sim.tape.jsonl");

async function placeOver(engine: Awaited<ReturnType<typeof tapeEngine>>) {
  const login = engine.rest("POST", `${engine.urls.rest}/auth/accesstokenrequest`, TAPE_LOGIN);
  const { accessToken } = JSON.parse(login.body) as { accessToken: string };
  const auth = `Bearer ${accessToken}`;
  const answer = engine.rest("POST", `${engine.urls.rest}/order/placeorder`, ES_MARKET_BUY, auth);
  await engine.flush();
  const list = (path: string) =>
    JSON.parse(engine.rest("GET", `${engine.urls.rest}/${path}`, "", auth).body) as Array<
      Record<string, unknown>
    >;
  return { answer, positions: list("position/list"), fills: list("fill/list") };
}

test("sim on: a REST order gets the venue's answer and the fill is booked", async () => {
  const engine = await tapeEngine(tapePath, { sim: { mode: "on", balance: 10_000 } });
  const { answer, positions, fills } = await placeOver(engine);
  expect(answer).toEqual({ status: 200, body: '{"orderId":1}' });
  // The tape's first ask (6700.25 at 1 s) fills the market order; REST reads the simulated state.
  expect(fills.map((f) => [f.orderId, f.action, f.qty, f.price])).toEqual([[1, "Buy", 1, 6700.25]]);
  expect(positions.map((p) => [p.netPos, p.netPrice])).toEqual([[1, 6700.25]]);
  engine.close();
});

test("sim off: order entry is not simulated (the tape never recorded it)", async () => {
  const engine = await tapeEngine(tapePath, { sim: { mode: "off" } });
  const { answer, positions, fills } = await placeOver(engine);
  expect(answer).toEqual({
    status: 200,
    body: '{"errorText":"tapedeck replay: order/placeorder was not recorded"}',
  });
  expect(fills).toEqual([]);
  expect(positions).toEqual([]);
  engine.close();
});

test("a sim setting out of range is an InputError naming it", async () => {
  const err = await tapeEngine(tapePath, { sim: { latencyMs: -5 } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toBe("sim: latency must be 0..3600000 ms");
});
