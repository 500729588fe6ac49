/** `tapedeck pnl` in-process: the table, the machine forms, the exit codes. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatLogLine } from "../../src/protocols/trademanager/index.js";
import { cli } from "../helpers/cli.js";
import {
  ACCOUNT,
  cashBalance,
  contractSet,
  fill,
  order,
  position,
  TapeBuilder,
} from "../pnl/from-tape/tape-builder.js";

let dir: string;
let good: string;
let wrong: string;

/** ZN long 1 @ 110-16.5 and NQ record OPEN at 24958.5, with quotes and the venues' own figures. */
function tape(opts: { wrongNetPos?: boolean } = {}): TapeBuilder {
  const b = new TapeBuilder().open();
  b.snapshot({
    accounts: [ACCOUNT],
    ...contractSet(6001, "ZNZ6", "ZN", 0.015625, 1000),
    cashBalances: [cashBalance(0)],
  });
  b.props("order", "Created", order(1, 6001, "Buy"));
  b.props("fill", "Created", fill(1, 1, 6001, "Buy", 1, 110.515625));
  b.props(
    "position",
    "Updated",
    position(9, 6001, {
      netPos: opts.wrongNetPos ? 2 : 1,
      netPrice: 110.515625,
      bought: 1,
      boughtValue: 110.515625,
      sold: 0,
      soldValue: 0,
    }),
  );
  b.quote(6001, { Bid: { price: 110.5625 }, Offer: { price: 110.578125 } });
  b.data("NQ1!", 24960, 24960.25, 0.25, 5);
  b.log(
    formatLogLine({
      tag: "RECORDER",
      verb: "OPEN",
      strategy: "ROG-15SV",
      ticker: "NQ1!",
      timeframe: "15",
      qty: 1,
      side: "BUY",
      priceText: "24958.5",
    }),
  );
  b.trades([
    {
      Strat_Name: "ROG-15SV",
      Ticker: "NQ1!",
      TimeFrame: "15",
      Direction: "BUY",
      Open_Price: 24958.5,
      Running_Pos: 1,
    },
  ]);
  return b;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pnl-cli-"));
  good = await tape().write(dir, "good.tape.jsonl");
  wrong = await tape({ wrongNetPos: true }).write(dir, "wrong.tape.jsonl");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("tapedeck pnl", () => {
  test("a table per venue, ZN in 32nds and decimal, money to the cent, reconciled", async () => {
    const r = await cli("pnl", good);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines).toContain("Tradovate accounts (FIFO, mark bidask)");
    const zn = lines.find((l) => l.includes("ZNZ6"));
    // long 1 from 110-16.5 at the bid 110-18 (110.5625): 3 ticks of $15.625
    expect(zn).toMatch(
      /DEMO1 \(11\)\s+ZNZ6\s+\+1\s+110-16\.5 \(110\.515625\)\s+bidask\s+\$0\.00\s+\$46\.88\s+\$1\.79\s+\$45\.09$/,
    );
    const nq = lines.find((l) => l.includes("ROG-15SV"));
    // long 1 from 24958.5 at the bid 24960: 6 ticks of $5
    expect(nq).toMatch(
      /ROG-15SV\s+NQ1!\s+15\s+\+1\s+24958\.50\s+bidask\s+\$0\.00\s+\$30\.00\s+\$1\.29\s+\$28\.71$/,
    );
    expect(r.stdout).toContain(
      "reconciled: 1 position updates, 1 cash balances, 1 Trade Manager rows, 0 Trade Manager price checks: 0 disagreements".replace(
        ", 0 Trade Manager price checks",
        "",
      ),
    );
  });

  test("--mark last: no last for NQ1! is footnoted with the mark used instead", async () => {
    const r = await cli("pnl", good, "--mark", "last");
    expect(r.stdout).toMatch(/ZNZ6 .* mid \[1\] .* \$54\.69 /);
    expect(r.stdout).toMatch(/ROG-15SV .* mid \[2\] .* \$32\.50 /);
    expect(r.stdout).toContain(
      "  [1] no last for ZNZ6: used mid\n  [2] no last for NQ1!: used mid\n",
    );
  });

  test("a wrong position entity is listed with tape time, key, field and both values; --strict exits 1", async () => {
    const r = await cli("pnl", wrong);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /: 1 disagreement\n {2}seq \d+ 14:30:00\.\d{3} account 11 ZNZ6 netPos: tape 2, ledger 1\n/,
    );
    expect((await cli("pnl", wrong, "--strict")).code).toBe(1);
    expect((await cli("pnl", good, "--strict")).code).toBe(0);
  });

  test("--json: exact money, positions and the reconciliation", async () => {
    const r = await cli("pnl", good, "--json", "--fees", "none");
    const doc = JSON.parse(r.stdout);
    expect(doc.positions).toEqual([
      expect.objectContaining({
        venue: "tradovate",
        symbol: "ZNZ6",
        position: "+1",
        avgPrice: "110-16.5",
        unrealized: "46.875",
        fees: "0.00",
      }),
      expect.objectContaining({
        venue: "trademanager",
        owner: "ROG-15SV",
        unrealized: "30.00",
        net: "30.00",
      }),
    ]);
    expect(doc.reconciliation.disagreements).toEqual([]);
  });

  test("--csv and --csv --timeline", async () => {
    const rows = (await cli("pnl", good, "--csv")).stdout.trim().split("\n");
    expect(rows[0]).toBe(
      "venue,owner,owner_name,symbol,timeframe,position,avg_price,avg_price_decimal,currency,realized,unrealized,fees,net,mark_requested,mark_used,mark_note,fills",
    );
    expect(rows[1]).toBe(
      "tradovate,11,DEMO1,ZNZ6,,+1,110-16.5,110.515625,USD,0.00,46.875,1.79,45.085,bidask,bidask,,1",
    );
    const fills = (await cli("pnl", good, "--csv", "--timeline")).stdout.trim().split("\n");
    expect(fills).toHaveLength(3);
    expect(fills[2]).toMatch(
      /,trademanager,record ROG-15SV NQ1! 15,BUY,1,24958.50,1,USD,0.00,1.29,0.00,-3.08,$/,
    );
  });

  test("--timeline lists each fill with running totals", async () => {
    const r = await cli("pnl", good, "--timeline");
    expect(r.stdout).toContain("Timeline (2 fills)");
    expect(r.stdout).toMatch(
      /account 11 ZNZ6\s+BUY\s+1\s+110-16\.5\s+\+1\s+\$0\.00\s+\$1\.79\s+\$0\.00\s+-\$1\.79/,
    );
  });

  test.each([
    [["--mark", "close"], '--mark: "close" is not one of bidask, last, mid'],
    [["--matching", "lifo"], '--matching: "lifo" is not one of fifo, average'],
    [["--fees", "emini"], '--fees: "emini" is not name=value'],
    [["--csv", "--json"], "--csv and --json: choose one"],
  ])("bad flags %j exit 2 with one line", async (flags, message) => {
    const r = await cli("pnl", good, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("a missing tape exits 2 naming it", async () => {
    const r = await cli("pnl", join(dir, "nope.tape.jsonl"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.tape.jsonl: no such file");
  });
});
