/**
 * Which protocol and socket a URL belongs to, from its host: used by HAR import and the recorder
 * to label connections. Hosts match whole DNS labels, so `eviltradovateapi.com` is not Tradovate.
 */

import type { ProtocolName, Role } from "../tape/events.js";

/** The protocol of a URL and, for a socket URL, which socket it is. */
export interface DetectedProtocol {
  proto: ProtocolName;
  role?: Role;
}

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Tradovate (`*.tradovateapi.com`): `md.`/`md-demo.` hosts are market data, `replay.` market
 * replay, `demo.`/`live.` the trading socket, any other host `other`. Trade Manager
 * (`*.trademanagergroup.com`) has one socket. Anything else, or text that is not a URL, is raw.
 */
export function detectProtocol(url: string): DetectedProtocol {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return { proto: "raw" };
  }
  if (isUnder(host, "tradovateapi.com")) {
    const sub = host.slice(0, -"tradovateapi.com".length).replace(/\.$/, "");
    const first = sub.split(".").at(-1) ?? "";
    if (first === "md" || first.startsWith("md-")) return { proto: "tradovate", role: "md" };
    if (first === "replay" || first.startsWith("replay-")) {
      return { proto: "tradovate", role: "replay" };
    }
    if (first === "demo" || first === "live") return { proto: "tradovate", role: "trading" };
    return { proto: "tradovate", role: "other" };
  }
  if (isUnder(host, "trademanagergroup.com")) {
    return { proto: "trademanager", role: "trademanager" };
  }
  return { proto: "raw" };
}
