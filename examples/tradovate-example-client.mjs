// A Tradovate client written the way Tradovate's own JavaScript examples are (example-api-js,
// example-api-trading-strategy): REST login, then the trading socket (authorize,
// user/syncrequest, props events) and the market-data socket (authorize, md/subscribeQuote),
// frames read as one type character plus JSON, heartbeats "[]". It knows nothing of tapedeck:
// it reads its URLs from the environment, as those examples do, so it runs unchanged against
// Tradovate or against `tapedeck replay`.
//
// Environment: HTTP_URL, WS_URL, MD_URL (default: Tradovate demo), TRADOVATE_USERNAME,
// TRADOVATE_PASSWORD, TRADOVATE_APP_ID, TRADOVATE_CID, TRADOVATE_SEC, IDLE_MS (stop after this
// long without data, default 2000), MAX_SECONDS (default 120).
// Output: one JSON line on stdout: positions with the open P&L the client computes itself,
// Tradovate's formula (price - netPrice) * valuePerPoint * netPos at the last trade price.
import { connect, requestAccessToken } from "./tradovate-socket.mjs";

const HTTP_URL = process.env.HTTP_URL ?? "https://demo.tradovateapi.com/v1";
const WS_URL = process.env.WS_URL ?? "wss://demo.tradovateapi.com/v1/websocket";
const MD_URL = process.env.MD_URL ?? "wss://md.tradovateapi.com/v1/websocket";
const IDLE_MS = Number(process.env.IDLE_MS ?? 2000);
const MAX_SECONDS = Number(process.env.MAX_SECONDS ?? 120);

const state = {
  positions: new Map(), // position id -> position entity
  contracts: new Map(), // contract id -> contract
  maturities: new Map(), // contractMaturity id -> maturity
  products: new Map(), // product id -> product
  last: new Map(), // contract id -> last trade price
  frames: { trading: 0, md: 0 },
  chart: { realtimeId: undefined, bars: 0, eoh: false },
  lastData: Date.now(),
};

function storeEntity(type, entity) {
  if (type === "position") state.positions.set(entity.id, entity);
  if (type === "contract") state.contracts.set(entity.id, entity);
  if (type === "contractMaturity") state.maturities.set(entity.id, entity);
  if (type === "product") state.products.set(entity.id, entity);
}

function valuePerPoint(contractId) {
  const contract = state.contracts.get(contractId);
  const maturity = contract && state.maturities.get(contract.contractMaturityId);
  const product = maturity && state.products.get(maturity.productId);
  return product?.valuePerPoint;
}

async function main() {
  const login = await requestAccessToken(HTTP_URL);
  const { accessToken, mdAccessToken, userId } = login;

  let chartRequestId;
  const subscribeQuotes = (send) => {
    for (const contract of state.contracts.values())
      send("md/subscribeQuote", { symbol: contract.name });
    // One-minute bars of the first contract, as the official examples ask for charts.
    const first = state.contracts.values().next().value;
    if (first) {
      chartRequestId = send("md/getChart", {
        symbol: first.name,
        chartDescription: {
          underlyingType: "MinuteBar",
          elementSize: 1,
          elementSizeUnit: "UnderlyingUnits",
          withHistogram: false,
        },
        timeRange: { asMuchAsElements: 30 },
      });
    }
  };
  let mdAuthorized = null;
  let synced = false;

  const trading = connect(
    state,
    WS_URL,
    accessToken,
    "trading",
    (send) => send("user/syncrequest", { users: [userId] }),
    (item) => {
      if (item.s === 200 && item.d && Array.isArray(item.d.users)) {
        for (const [list, type] of [
          ["positions", "position"],
          ["contracts", "contract"],
          ["contractMaturities", "contractMaturity"],
          ["products", "product"],
        ]) {
          for (const entity of item.d[list] ?? []) storeEntity(type, entity);
        }
        synced = true;
        if (mdAuthorized) subscribeQuotes(mdAuthorized);
      } else if (item.e === "props") {
        const { entityType, entity } = item.d;
        for (const e of Array.isArray(entity) ? entity : [entity]) storeEntity(entityType, e);
      }
    },
  );
  const md = connect(
    state,
    MD_URL,
    mdAccessToken,
    "md",
    (send) => {
      mdAuthorized = send;
      if (synced) subscribeQuotes(send);
    },
    (item) => {
      if (item.i !== undefined && item.i === chartRequestId) {
        state.chart.realtimeId = item.d?.realtimeId;
        return;
      }
      if (item.e === "chart") {
        // Like the official examples: only packets tagged with our realtimeId are ours.
        for (const chart of item.d.charts ?? []) {
          if (chart.id !== state.chart.realtimeId) continue;
          if (chart.eoh) state.chart.eoh = true;
          state.chart.bars += chart.bars?.length ?? 0;
        }
        return;
      }
      if (item.e !== "md") return;
      for (const quote of item.d.quotes ?? []) {
        const trade = quote.entries?.Trade;
        if (trade?.price !== undefined) state.last.set(quote.contractId, trade.price);
      }
    },
  );

  const started = Date.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const idle = Date.now() - state.lastData > IDLE_MS;
      if ((synced && idle) || Date.now() - started > MAX_SECONDS * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
  });
  trading.close(1000, "done");
  md.close(1000, "done");

  const positions = [...state.positions.values()]
    .filter((p) => p.netPos !== 0)
    .map((p) => {
      const contract = state.contracts.get(p.contractId);
      const last = state.last.get(p.contractId);
      const vpp = valuePerPoint(p.contractId);
      const openPnl =
        last === undefined || vpp === undefined ? null : (last - p.netPrice) * vpp * p.netPos;
      return {
        contract: contract?.name ?? p.contractId,
        accountId: p.accountId,
        netPos: p.netPos,
        netPrice: p.netPrice,
        last,
        valuePerPoint: vpp,
        openPnl,
      };
    });
  const chart = { bars: state.chart.bars, endOfHistory: state.chart.eoh };
  console.log(JSON.stringify({ positions, frames: state.frames, chart }));
}

main().catch((err) => {
  console.error(`example client: ${err.message}`);
  process.exitCode = 1;
});
