// The socket and login code of the example clients, the way Tradovate's official examples keep
// theirs in one module (websocket/TradovateSocket.js): REST login, then sockets that authorize
// on "o", heartbeat "[]" and hand every message to the caller. Nothing here knows tapedeck.
import WebSocket from "ws";

/** POST /auth/accesstokenrequest with the credentials from the environment (demo defaults). */
export async function requestAccessToken(httpUrl) {
  const login = await fetch(`${httpUrl}/auth/accesstokenrequest`, {
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
  return login;
}

/** A frame as its type character and its JSON payload, the official examples' way. */
export function prepareMsg(raw) {
  const T = raw.slice(0, 1);
  let data = [];
  if (raw.length > 1) data = JSON.parse(raw.slice(1));
  return [T, data];
}

/**
 * Opens a Tradovate socket: authorizes on `o`, heartbeats `[]` every 2.5 s, calls
 * `onAuthorized(send)` on the authorize answer and `onItem(item, send)` for every other
 * message; counts frames in `state.frames[name]` and notes `state.lastData`.
 */
export function connect(state, url, token, name, onAuthorized, onItem) {
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
