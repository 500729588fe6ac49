/** Ledger marking: quote updates per second into a ledger holding open ES and NQ positions. */
import { Ledger } from "../src/pnl/ledger.js";
import { report } from "./report.js";

const UPDATES = 2_000_000;
const ledger = new Ledger();
ledger.fill({ key: { account: "A1", symbol: "ESZ6" }, side: "BUY", qty: 2, price: 6000 });
ledger.fill({ key: { account: "A1", symbol: "NQZ6" }, side: "SELL", qty: 1, price: 21000 });

// Prices on the tick grid, as a feed gives them: numbers, most updates touching bid or ask only.
const quotes = Array.from({ length: 1024 }, (_, i) => {
  const es = 6000 + (i % 40) * 0.25;
  if (i % 3 === 0) return { symbol: "ESZ6", bid: es, ask: es + 0.25 };
  if (i % 3 === 1) return { symbol: "NQZ6", last: 21000 + (i % 80) * 0.25 };
  return { symbol: "ESZ6", bid: es };
});
for (let i = 0; i < 10_000; i++) ledger.mark(quotes[i & 1023] as (typeof quotes)[number]);
const start = performance.now();
for (let i = 0; i < UPDATES; i++) ledger.mark(quotes[i & 1023] as (typeof quotes)[number]);
const rate = UPDATES / ((performance.now() - start) / 1000);
// Marking stores ticks; the money is computed on demand: make sure the state is real.
if (ledger.snapshot().some((r) => r.unrealized === null)) throw new Error("a position has no mark");
report("ledger marking", rate, "updates/s", "target >= 1,000,000");
