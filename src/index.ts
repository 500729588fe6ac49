/**
 * tapedeck as a library: tapes, the protocol codecs, quotes, exact P&L, inspection, the replay
 * server and its pure engine, and the synthesizer. The CLI is built on exactly these.
 */

export { type ConformOptions, type ConformResult, runConformance } from "./conform/run.js";
export { InputError, TapedeckError } from "./errors.js";
export { diffReports, type InspectOptions, inspectTape, toAsyncApi } from "./inspect/index.js";
export { analyzeTape, type PnlTapeOptions, type PnlTapeReport } from "./pnl/from-tape/index.js";
export * as pnl from "./pnl/index.js";
export { createRedactor } from "./protocols/secrets.js";
export * as trademanager from "./protocols/trademanager/index.js";
export * as tradovate from "./protocols/tradovate/index.js";
export { extractQuotes, type Quote } from "./quotes/index.js";
export {
  createReplayHub,
  createReplaySession,
  type ReplayHub,
  type ReplaySession,
} from "./replay/engine.js";
export { type FaultSpec, parseFault } from "./replay/faults.js";
export { serveOnMockSocket } from "./replay/mock-socket.js";
export {
  type ReplayServer,
  type ReplayServerOptions,
  type ReplayUrls,
  startReplayServer,
} from "./replay/server.js";
export { SessionClock, type Speed } from "./replay/session-clock.js";
export { loadTapeIndex, type TapeIndex } from "./replay/tape-index.js";
export { realTimer, type Timer, VirtualTimer } from "./replay/timer.js";
export { loadScenario, scenarioFiles } from "./scenario/load.js";
export { runScenario, type ScenarioResult } from "./scenario/run.js";
export { synthesize, writeSynthTape } from "./synth/index.js";
export { ManualClock, type MonotonicClock, systemClock } from "./tape/clock.js";
export type * from "./tape/events.js";
export { exportHar } from "./tape/har-export.js";
export { importHar } from "./tape/har-import.js";
export { openTape, openTapeEntries, readTapeAll } from "./tape/reader.js";
export { Redactor } from "./tape/redact.js";
export { openTapeWriter, type TapeWriter, type TapeWriterOptions } from "./tape/writer.js";
