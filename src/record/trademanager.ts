/** `record trademanager` as a library: the Trade Manager socket, AUTH and PING, recorded. */

import type { Timers } from "../live/timers.js";
import { tradeManagerSession } from "../protocols/trademanager/live/session.js";
import { ActiveRecording } from "./active.js";
import type { Random } from "./backoff.js";
import { Recording, type RecordingOptions } from "./recording.js";
import { SocketSource, type WebSocketFactory } from "./socket-source.js";
import { splitSecrets } from "./tradovate.js";

/** Trade Manager's socket (spec: trademanager.md). */
export const TRADEMANAGER_URL = "wss://trademanagergroup.com:5000/ws";

/** Everything `recordTradeManager` needs. */
export interface TmRecordOptions {
  url: string;
  user: string;
  /** The web app's session id (TRADEMANAGER_TOKEN). */
  token: string;
  tape: Omit<RecordingOptions, "timers" | "secrets" | "shortSecrets" | "onFatal">;
  timers: Timers;
  random: Random;
  socket?: WebSocketFactory;
  pingMs?: number;
  log: (line: string) => void;
}

/** Opens the socket and starts recording; resolves once it is open. */
export async function recordTradeManager(o: TmRecordOptions): Promise<ActiveRecording> {
  const secrets = splitSecrets([o.token]);
  let active: ActiveRecording | undefined;
  const recording = await Recording.open({
    ...o.tape,
    header: { ...o.tape.header, meta: { source: "trademanager", ...o.tape.header?.meta } },
    timers: o.timers,
    secrets: secrets.long,
    shortSecrets: secrets.short,
    onFatal: (err) => active?.tapeFailed(err),
  });
  active = new ActiveRecording(recording);
  active.add(
    new SocketSource({
      name: "trademanager",
      url: () => o.url,
      proto: "trademanager",
      role: "trademanager",
      recording,
      timers: o.timers,
      random: o.random,
      ...(o.socket ? { socket: o.socket } : {}),
      log: (line) => o.log(recording.scrub(line)),
      onFatal: (reason) => active?.sourceFailed(reason),
      session: tradeManagerSession({
        user: o.user,
        token: o.token,
        timers: o.timers,
        ...(o.pingMs !== undefined ? { pingMs: o.pingMs } : {}),
      }),
    }),
  );
  await active.start();
  return active;
}
