export { extractQuotes, serverFrameQuotes, tmDataQuotes, tradovateMdQuotes } from "./extract.js";
export { extractJsonQuotes } from "./extract-json.js";
export type { Quote, QuoteNumberField, QuoteSource } from "./quote.js";
