// A trading bot written the way Tradovate's official example-api-trading-strategy is: REST
// login, account/list, the trading socket (user/syncrequest, props events) and the market-data
// socket (md/subscribeQuote), orders with the official placeOrder and startOrderStrategy bodies.
// It knows nothing of tapedeck: its URLs come from the environment, so it runs unchanged against
// Tradovate's demo or against `tapedeck replay`.
//
// Strategy: a two-line crossover of the last trade price (SMA of FAST and SLOW quotes). Long on
// a cross up, flat on the cross down, for ROUND_TRIPS round trips; then one bracketed order
// strategy (entry at market, target TARGET points up, stop STOP points down); after STOP_AFTER
// quotes anything still open is liquidated.
//
// Environment: HTTP_URL, WS_URL, MD_URL (default: Tradovate demo), SYMBOL (default ESZ6), FAST
// (5), SLOW (15), ROUND_TRIPS (2), TARGET (1.5), STOP (1.5), STOP_AFTER (400), MAX_SECONDS (60),
// and the login variables of tradovate-socket.mjs.
// Output: one JSON line: its own fills, its cash and realized P&L as the venue reported them,
// and its open position with the open P&L it computes itself, Tradovate's way.
import { connect, requestAccessToken } from "./tradovate-socket.mjs";

const HTTP_URL = process.env.HTTP_URL ?? "https://demo.tradovateapi.com/v1";
const WS_URL = process.env.WS_URL ?? "wss://demo.tradovateapi.com/v1/websocket";
const MD_URL = process.env.MD_URL ?? "wss://md.tradovateapi.com/v1/websocket";
const SYMBOL = process.env.SYMBOL ?? "ESZ6";
const FAST = Number(process.env.FAST ?? 5);
const SLOW = Number(process.env.SLOW ?? 15);
const ROUND_TRIPS = Number(process.env.ROUND_TRIPS ?? 2);
const TARGET = Number(process.env.TARGET ?? 1.5);
const STOP = Number(process.env.STOP ?? 1.5);
const STOP_AFTER = Number(process.env.STOP_AFTER ?? 400);
const MAX_SECONDS = Number(process.env.MAX_SECONDS ?? 60);

const state = {
  frames: { trading: 0, md: 0 },
  lastData: Date.now(),
  prices: [],
  quotes: 0,
  netPos: 0,
  netPrice: undefined,
  last: undefined,
  fills: [],
  orders: new Set(),
  cash: undefined,
  realizedPnL: undefined,
  roundTrips: 0,
  strategy: undefined,
  pending: false,
  done: false,
};

const get = (path, token) =>
  fetch(`${HTTP_URL}/${path}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) =>
    r.json(),
  );

const sma = (n) =>
  state.prices.length < n ? undefined : state.prices.slice(-n).reduce((a, b) => a + b, 0) / n;

async function main() {
  const { accessToken, mdAccessToken, userId } = await requestAccessToken(HTTP_URL);
  const [account] = await get("account/list", accessToken);
  const contract = await get(`contract/find?name=${SYMBOL}`, accessToken);
  const product = await get(`product/find?name=${SYMBOL.slice(0, -2)}`, accessToken);
  let placeSend;
  let finish;
  const finished = new Promise((resolve) => {
    finish = resolve;
  });

  const placeOrder = (action, orderQty) => {
    state.pending = true;
    placeSend("order/placeOrder", {
      symbol: contract.name,
      orderQty,
      accountSpec: account.name,
      accountId: account.id,
      action,
      orderType: "Market",
      isAutomated: true,
    });
  };
  const startOrderStrategy = (action) => {
    state.pending = true;
    const sign = action === "Buy" ? 1 : -1;
    placeSend("orderStrategy/startOrderStrategy", {
      accountId: account.id,
      accountSpec: account.name,
      symbol: contract.name,
      action,
      orderStrategyTypeId: 2,
      params: JSON.stringify({
        entryVersion: { orderQty: 1, orderType: "Market" },
        brackets: [
          { qty: 1, profitTarget: sign * TARGET, stopLoss: -sign * STOP, trailingStop: false },
        ],
      }),
    });
  };

  const onQuote = (price) => {
    if (state.done) return;
    state.prices.push(price);
    state.quotes += 1;
    if (state.quotes >= STOP_AFTER) {
      state.done = true;
      if (state.netPos !== 0) {
        placeSend("order/liquidatePosition", {
          accountId: account.id,
          contractId: contract.id,
          admin: false,
        });
      }
      setTimeout(finish, 500);
      return;
    }
    const fast = sma(FAST);
    const slow = sma(SLOW);
    const prevFast = state.prevFast;
    const prevSlow = state.prevSlow;
    state.prevFast = fast;
    state.prevSlow = slow;
    if (state.pending || prevFast === undefined || prevSlow === undefined) return;
    const crossUp = prevFast <= prevSlow && fast > slow;
    const crossDown = prevFast >= prevSlow && fast < slow;
    if (state.roundTrips < ROUND_TRIPS) {
      if (crossUp && state.netPos === 0) placeOrder("Buy", 1);
      else if (crossDown && state.netPos > 0) {
        placeOrder("Sell", state.netPos);
        state.roundTrips += 1;
      }
    } else if (state.strategy === undefined && state.netPos === 0 && (crossUp || crossDown)) {
      state.strategy = "started";
      startOrderStrategy(crossUp ? "Buy" : "Sell");
    } else if (state.strategy === "finished" && state.netPos === 0) {
      state.done = true;
      setTimeout(finish, 500);
    }
  };

  let mdSend;
  const trading = connect(
    state,
    WS_URL,
    accessToken,
    "trading",
    (send) => {
      placeSend = send;
      send("user/syncrequest", { users: [userId] });
    },
    (item) => {
      if (item.s === 200 && item.d && Array.isArray(item.d.users)) {
        const cash = (item.d.cashBalances ?? []).find((c) => c.accountId === account.id);
        if (cash) state.cash = cash.amount;
        mdSend?.("md/subscribeQuote", { symbol: contract.name });
        state.synced = true;
        return;
      }
      if (item.s !== undefined && item.d) {
        if (item.d.orderId !== undefined) state.orders.add(item.d.orderId);
        if (item.d.failureReason || item.d.errorText) {
          console.error(`order refused: ${item.d.failureText ?? item.d.errorText}`);
          state.pending = false;
        }
        return;
      }
      if (item.e !== "props") return;
      const { entityType, entity } = item.d;
      if (entityType === "fill" && entity.contractId === contract.id) {
        state.fills.push({
          id: entity.id,
          action: entity.action,
          qty: entity.qty,
          price: entity.price,
        });
      } else if (entityType === "position" && entity.contractId === contract.id) {
        state.netPos = entity.netPos;
        state.netPrice = entity.netPrice;
        state.pending = false;
      } else if (entityType === "cashBalance" && entity.accountId === account.id) {
        state.cash = entity.amount;
        state.realizedPnL = entity.realizedPnL;
      } else if (entityType === "orderStrategy" && entity.status !== "ActiveStrategy") {
        state.strategy = "finished";
      }
    },
  );
  const md = connect(
    state,
    MD_URL,
    mdAccessToken,
    "md",
    (send) => {
      mdSend = send;
      if (state.synced) send("md/subscribeQuote", { symbol: contract.name });
    },
    (item) => {
      if (item.e !== "md") return;
      for (const quote of item.d.quotes ?? []) {
        if (quote.contractId !== contract.id) continue;
        const trade = quote.entries?.Trade;
        if (trade?.price === undefined) continue;
        state.last = trade.price;
        onQuote(trade.price);
      }
    },
  );

  const timeout = setTimeout(finish, MAX_SECONDS * 1000);
  await finished;
  clearTimeout(timeout);
  trading.close(1000, "done");
  md.close(1000, "done");
  const openPnl =
    state.netPos === 0 || state.last === undefined
      ? 0
      : (state.last - state.netPrice) * product.valuePerPoint * state.netPos;
  console.log(
    JSON.stringify({
      account: account.id,
      contract: contract.name,
      orders: state.orders.size,
      fills: state.fills,
      cash: state.cash,
      realizedPnL: state.realizedPnL ?? 0,
      position: { netPos: state.netPos, netPrice: state.netPrice, last: state.last, openPnl },
      frames: state.frames,
      quotes: state.quotes,
    }),
  );
}

main().catch((err) => {
  console.error(`example bot: ${err.message}`);
  process.exitCode = 1;
});
