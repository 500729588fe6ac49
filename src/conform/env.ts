/** The environment a client under test gets: tapedeck's names and the official examples' names. */
import type { ReplayUrls } from "../replay/server.js";

/** Env variables naming every URL of the fake. */
export function clientEnv(urls: ReplayUrls): Record<string, string> {
  return {
    TAPEDECK_HTTP_URL: urls.http,
    TAPEDECK_WS_URL: urls.trading,
    TAPEDECK_MD_URL: urls.md,
    TAPEDECK_REPLAY_URL: urls.replay,
    TAPEDECK_TM_URL: urls.trademanager,
    TAPEDECK_CONTROL_URL: urls.control,
    HTTP_URL: urls.http,
    WS_URL: urls.trading,
    MD_URL: urls.md,
    REPLAY_URL: urls.replay,
  };
}
