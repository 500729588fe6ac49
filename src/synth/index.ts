/** The synthesizer's public face: options, the generator, and the tape writer for it. */
export {
  checkOptions,
  DEFAULT_SYNTH_OPTIONS,
  MAX_DURATION_MS,
  MAX_STRATEGIES,
  parseDuration,
  parseRate,
  parseStart,
  parseSymbols,
  parseWhole,
  type SynthOptions,
} from "./options.js";
export { type SynthSession, type SynthSummary, synthesize, writeSynthTape } from "./synthesize.js";
