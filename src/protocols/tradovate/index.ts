/** The Tradovate codec: frames, requests, messages, entities, market data and charts. */
export * from "./chart.js";
export * from "./classify.js";
export * from "./entities.js";
export * from "./frames.js";
export { isObject, type JsonObject, parseJson } from "./json.js";
export * from "./md.js";
export * from "./messages.js";
export * from "./requests.js";
export * from "./sync.js";
