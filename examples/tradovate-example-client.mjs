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
import WebSocket from "ws";

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

function prepareMsg(raw) {
  const T = raw.slice(0, 1);
  let data = [];
  if (raw.length > 1) data = JSON.parse(raw.slice(1));
  return [T, data];
}

function connect(url, token, name, onAuthorized, onItem) {
  const ws = new WebSocket(url);
  let id = 0;
  let lastHeartbeat = Date.now();
  const send = (endpoint, body) => {
    id += 1;
    ws.send(`${endpoint}\n${id}\n\n${body === undefined ? "" : JSON.stringify(body)}`);
    return id;
  };
  ws.on("message", (buf) => {
    const [T, data] = prepareMsg(buf.toString());
    if (Date.now() - lastHeartbeat > 2500) {
      ws.send("[]");
      lastHeartbeat = Date.now();
    }
    switch (T) {
      case "o":
        ws.send(`authorize\n0\n\n${token}`);
        break;
      case "h":
        ws.send("[]");
        lastHeartbeat = Date.now();
        break;
      case "a":
        state.frames[name] += 1;
        for (const item of data) {
          if (item.i === 0) {
            if (item.s !== 200)
              throw new Error(`${name}: authorize failed: ${JSON.stringify(item)}`);
            onAuthorized(send);
          } else {
            state.lastData = Date.now();
            onItem(item, send);
          }
        }
        break;
      case "c":
        console.error(`${name}: closed by server ${JSON.stringify(data)}`);
        break;
    }
  });
  ws.on("error", (err) => {
    console.error(`${name}: ${err.message}`);
    process.exitCode = 1;
  });
  return ws;
}

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
  const login = await fetch(`${HTTP_URL}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      name: process.env.TRADOVATE_USERNAME ?? "demo-user",
      password: process.env.TRADOVATE_PASSWORD ?? "demo-password",
      appId: process.env.TRADOVATE_APP_ID ?? "Sample App",
      appVersion: "1.0",
      cid: Number(process.env.TRADOVATE_CID ?? 8),
      sec: process.env.TRADOVATE_SEC ?? "demo-secret",
    }),
  }).then((r) => r.json());
  if (login.errorText) throw new Error(`login failed: ${login.errorText}`);
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
