/** The Tradovate API credentials, read from the environment or `.env` only. */
import { requireEnv } from "../../../live/env.js";

/** What `POST /auth/accesstokenrequest` needs. */
export interface TradovateCredentials {
  name: string;
  password: string;
  appId: string;
  appVersion: string;
  cid: string;
  sec: string;
  deviceId?: string;
}

/** The environment variables, in the order they are asked for. */
export const TRADOVATE_ENV = [
  "TRADOVATE_USERNAME",
  "TRADOVATE_PASSWORD",
  "TRADOVATE_APP_ID",
  "TRADOVATE_APP_VERSION",
  "TRADOVATE_CID",
  "TRADOVATE_SEC",
] as const;

/** Reads the credentials; a missing variable is an InputError that names it (never a value). */
export function tradovateCredentials(
  get: (name: string) => string | undefined,
): TradovateCredentials {
  const v = requireEnv(get, TRADOVATE_ENV, "record tradovate");
  const deviceId = get("TRADOVATE_DEVICE_ID");
  return {
    name: v.TRADOVATE_USERNAME,
    password: v.TRADOVATE_PASSWORD,
    appId: v.TRADOVATE_APP_ID,
    appVersion: v.TRADOVATE_APP_VERSION,
    cid: v.TRADOVATE_CID,
    sec: v.TRADOVATE_SEC,
    ...(deviceId !== undefined ? { deviceId } : {}),
  };
}

/** The values that must never reach a tape, a log line or an error message. */
export function credentialValues(c: TradovateCredentials): string[] {
  return [c.password, c.sec, c.cid];
}
