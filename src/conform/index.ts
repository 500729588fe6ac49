/** Client conformance: grade a Tradovate client against the fake, stage by stage. */

export { DEFAULT_PLAN, type RunPlan } from "./plan.js";
export { formatCards, formatJson, formatJunit, passed } from "./report.js";
export {
  type ConformOptions,
  type ConformResult,
  type RunRecord,
  runConformance,
  runsFor,
} from "./run.js";
export { type RunKind, STAGES, type StageName, type Status, type Verdict } from "./verdict.js";
