/**
 * tapedeck/nock with the order simulator: code that trades over REST only gets its order
 * answered and filled by the simulated account, the fill read back with `fill/list`. Kept apart
 * from the msw tests: both patch Node's http stack.
 */
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type NockTape, nockTape } from "../../src/adapters/nock.js";
import { repoRoot } from "../helpers/cli.js";
import { ES_MARKET_BUY, restLogin } from "./helpers.js";

let tape: NockTape;

beforeAll(async () => {
  nock.disableNetConnect();
  tape = await nockTape(join(repoRoot, "scenarios/tapes/es-sim.tape.jsonl"));
});

afterAll(() => {
  tape.close();
  nock.enableNetConnect();
});

test("a market order placed over REST fills at the tape's first offer", async () => {
  const login = await restLogin(tape.urls.rest);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { "content-type": "application/json", authorization: `Bearer ${accessToken}` };
  const placed = await fetch(`${tape.urls.rest}/order/placeorder`, {
    method: "POST",
    headers,
    body: ES_MARKET_BUY,
  });
  expect(await placed.json()).toEqual({ orderId: 1 });
  // At max speed the market plays out as soon as the clock is moved at all; the first quote
  // (1 s) offers 3 at 6700.25.
  await tape.flush();
  const fills = await fetch(`${tape.urls.rest}/fill/list`, { headers });
  const list = (await fills.json()) as Array<{ orderId: number; qty: number; price: number }>;
  expect(list.map((f) => `${f.orderId} ${f.qty} @ ${f.price}`)).toEqual(["1 1 @ 6700.25"]);
  const positions = await fetch(`${tape.urls.rest}/position/list`, { headers });
  expect(((await positions.json()) as Array<{ netPos: number }>).map((p) => p.netPos)).toEqual([1]);
});
