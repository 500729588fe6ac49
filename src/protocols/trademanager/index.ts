/** Trade Manager: messages, trade rows, log lines and mojibake repair. */
export {
  accSetupMessage,
  authMessage,
  authOkMessage,
  type CloseTradeInput,
  closeTradeMessage,
  type DataInput,
  dataMessage,
  errorMessage,
  logsMessage,
  type ManualTradeInput,
  manualTradeMessage,
  pingMessage,
  tradesMessage,
} from "./build.js";
export { tmMessageKind } from "./classify.js";
export type { CodePage, CodePageName } from "./codepages.js";
export { plainDecimal, type WireNumber, wireNumber } from "./json.js";
export {
  formatLogLine,
  type LogLine,
  type LogLineFields,
  type LogTag,
  type LogVerb,
  logLineText,
  parseLogLine,
  type Side,
} from "./logline.js";
export { stripBold, stripHtml } from "./markup.js";
export {
  AUTH_OK_TEXT,
  type DataNumberField,
  ERROR_ELSEWHERE,
  ERROR_UNAUTHORIZED,
  encodeTmMessage,
  type ManualSide,
  parseTmFrame,
  type TmAccSetup,
  type TmAuth,
  type TmAuthOk,
  type TmCloseTrade,
  type TmData,
  type TmError,
  type TmLogs,
  type TmManualTrade,
  type TmMessage,
  type TmPing,
  type TmTrades,
  type TmType,
  tmMessageFromObject,
} from "./messages.js";
export { GARBLINGS, type Garbling, garble, repairMojibake } from "./mojibake.js";
export {
  type Direction,
  parseTradeRow,
  type TradeRow,
  type TradeRowNumberField,
  type TradeRowWire,
} from "./trades.js";
