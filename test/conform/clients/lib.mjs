// A small Tradovate client for conform's tests. Each behaviour file calls run() with one flaw
// switched on; with none it does everything the websocket-management stage asks.
import WebSocket from "ws";

const HTTP = process.env.HTTP_URL;
const URLS = { trading: process.env.WS_URL, md: process.env.MD_URL };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * flaws: noHeartbeats, noBackoff, forgetResubscribe, reloginInsteadOfRenew, ignorePTime.
 */
export async function run(flaws = {}) {
  let token;
  let userId = 1;
  let stopping = false;
  const sockets = {};

  async function post(path, body) {
    const res = await fetch(`${HTTP}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.json();
  }

  async function login() {
    const body = {
      name: "conform",
      password: "pw",
      appId: "conform-test",
      appVersion: "1",
      cid: 1,
      sec: "s",
    };
    for (;;) {
      const a = await post("auth/accesstokenrequest", body);
      if (a["p-captcha"]) throw new Error("captcha required");
      if (a["p-ticket"]) {
        if (!flaws.ignorePTime) await sleep(a["p-time"] * 1000);
        body["p-ticket"] = a["p-ticket"];
        continue;
      }
      if (!a.accessToken) throw new Error(`login failed: ${JSON.stringify(a)}`);
      token = a.accessToken;
      userId = a.userId ?? 1;
      planRenewal(a.expirationTime);
      return;
    }
  }

  function planRenewal(expirationTime) {
    const left = Date.parse(expirationTime) - Date.now();
    setTimeout(
      async () => {
        if (stopping) return;
        if (flaws.reloginInsteadOfRenew) return login();
        const res = await fetch(`${HTTP}/auth/renewaccesstoken`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const a = await res.json();
        if (a.accessToken) {
          token = a.accessToken;
          planRenewal(a.expirationTime);
        }
      },
      Math.max(0, left / 2),
    ).unref();
  }

  function connect(role, attempt, first) {
    const ws = new WebSocket(URLS[role]);
    sockets[role] = ws;
    let id = 0;
    let beat;
    let retried = false;
    const send = (endpoint, body) => ws.send(`${endpoint}\n${++id}\n\n${JSON.stringify(body)}`);
    const retry = () => {
      clearInterval(beat);
      if (stopping || retried) return;
      retried = true;
      const delay = flaws.noBackoff ? 0 : 150 * 2 ** attempt * (0.8 + 0.4 * Math.random());
      setTimeout(() => connect(role, attempt + 1, false), delay);
    };
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "o") {
        ws.send(`authorize\n0\n\n${token}`);
        return;
      }
      if (!text.startsWith("a[")) return;
      for (const m of JSON.parse(text.slice(1))) {
        if (m.i !== 0) continue;
        if (m.s !== 200) fatal(`authorize refused: ${JSON.stringify(m)}`);
        attempt = 0;
        if (!flaws.noHeartbeats) beat = setInterval(() => ws.send("[]"), 1000);
        if (role === "trading") send("user/syncrequest", { users: [userId] });
        if (role === "md" && (first || !flaws.forgetResubscribe)) {
          send("md/subscribeQuote", { symbol: "ESZ6" });
          send("md/subscribeQuote", { symbol: "NQZ6" });
        }
      }
    });
    ws.on("error", () => {});
    ws.on("close", retry);
  }

  process.once("SIGTERM", () => {
    stopping = true;
    const open = Object.values(sockets).filter((ws) => ws.readyState === WebSocket.OPEN);
    let left = open.length;
    if (left === 0) process.exit(0);
    for (const ws of open) {
      ws.once("close", () => --left === 0 && process.exit(0));
      ws.close(1000, "bye");
    }
    setTimeout(() => process.exit(0), 1000).unref();
  });

  function fatal(why) {
    // A refused token or a captcha needs a person: say so and stop, never loop.
    console.error(`client: ${why}`);
    process.exit(1);
  }

  await login().catch((err) => fatal(err.message));
  connect("trading", 0, true);
  connect("md", 0, true);
}
