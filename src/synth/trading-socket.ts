/**
 * The trading (user data) socket up to the point where props events start: open, `o`,
 * authorize with the access token, `user/syncrequest`, and the snapshot answer with users,
 * accounts, contracts, products and maturities, the account's cash and no positions yet.
 */
import { encodeRequest, messagesFrame, response } from "../protocols/tradovate/index.js";
import { MS } from "../sim/session-time.js";
import type { AccountIdentity, TradovateAccount } from "./account.js";
import type { ConnectionBuilder } from "./connection.js";
import type { SynthInstrument } from "./instruments.js";
import type { Rng } from "./random.js";
import { accountEntity, contractEntity, maturityEntity, productEntity, SECRETS } from "./rest.js";
import type { Timeline } from "./timeline.js";
import { openTradovateSocket } from "./tradovate-handshake.js";

/** The trading socket's URL on the demo environment. */
export const TRADING_URL = "wss://demo.tradovateapi.com/v1/websocket";

/** The `d` of the `user/syncrequest` answer at the session start. */
export function syncSnapshot(
  account: TradovateAccount,
  instruments: readonly SynthInstrument[],
  t: number,
): Record<string, unknown> {
  const who: AccountIdentity = account.who;
  return {
    users: [
      {
        id: who.userId,
        name: who.userName,
        timestamp: "2025-03-11T16:01:09.377Z",
        email: `${who.userName}@example.invalid`,
        status: "Active",
        professional: false,
        organizationId: 1,
      },
    ],
    accounts: [accountEntity(who)],
    accountRiskStatuses: [
      { id: who.accountId, adminAction: "Normal", userTriggeredLiqOnly: false },
    ],
    cashBalances: [account.cashBalance(t)],
    currencies: [{ id: 1, name: "USD", symbol: "$" }],
    positions: [],
    fillPairs: [],
    orders: [],
    orderVersions: [],
    fills: [],
    executionReports: [],
    commands: [],
    commandReports: [],
    contracts: instruments.map(contractEntity),
    contractMaturities: instruments.map(maturityEntity),
    products: instruments.map(productEntity),
    exchanges: [{ id: 1, name: "CME" }],
    marginSnapshots: [],
  };
}

/**
 * Opens the trading socket at `t` and runs the handshake and sync; returns the connection and
 * when the snapshot arrived (props may follow from then on).
 */
export function openTradingSocket(
  timeline: Timeline,
  c: number,
  t: number,
  account: TradovateAccount,
  instruments: readonly SynthInstrument[],
  rng: Rng,
): { conn: ConnectionBuilder; ready: number } {
  const opened = openTradovateSocket(
    timeline,
    c,
    t,
    { url: TRADING_URL, role: "trading", token: SECRETS.accessToken },
    rng,
  );
  const { conn } = opened;
  let { at } = opened;
  at = conn.send(
    at + rng.int(1, 5) * MS,
    encodeRequest("user/syncrequest", 1, "", { users: [account.who.userId] }),
  );
  at += rng.int(60, 160) * MS;
  const ready = conn.recv(
    at,
    messagesFrame(response(1, 200, syncSnapshot(account, instruments, at))),
  );
  return { conn, ready };
}
