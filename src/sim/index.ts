/** The order simulator: a bot's own orders matched against a tape's market (docs/replay.md). */
export { maxIds, SimIds } from "./ids.js";
export {
  type Book,
  buildMarketTape,
  type Level,
  MarketTape,
  type MarketUpdate,
  type MdMessage,
  type TicksOf,
} from "./market.js";
export { canTransition } from "./order-state.js";
export {
  FILL_MODELS,
  type FillModel,
  SIM_DEFAULTS,
  type SimAccount,
  type SimOrder,
  type SimSettings,
  type StopTrigger,
  type VenueHost,
} from "./types.js";
export {
  MAX_ORDERS_PER_SESSION,
  ORDER_ENTRY_ENDPOINTS,
  SIM_ENTITY_TYPES,
  SimVenue,
  type VenueAnswer,
  type VenueConfig,
} from "./venue.js";
