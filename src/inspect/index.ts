/** `tapedeck inspect` and `tapedeck diff`: what a tape's systems send, and how that changed. */
export { type AsyncApiDocument, toAsyncApi } from "./asyncapi.js";
export {
  DEFAULT_PRESENCE_POINTS,
  type DiffOptions,
  type DiffResult,
  type Drift,
  diffReports,
  driftLine,
} from "./diff.js";
export { type InspectLimits, Inspector } from "./inspector.js";
export { type InspectOptions, inspectTape, loadReport } from "./load.js";
export { formatPath, type PathSegment, parsePath } from "./path.js";
export * from "./report.js";
export { type JsonSchema, shapeSchema } from "./schema.js";
export {
  type FieldShape,
  jsonTypes,
  presencePercent,
  type Shape,
  ShapeBuilder,
  type ValueType,
} from "./shape.js";
export { reportText } from "./text.js";
