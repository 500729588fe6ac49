/**
 * JSON Schema (the AsyncAPI Schema Object subset) of an inferred {@link Shape}: types from the
 * types seen, `required` for fields present in every object, `items` for arrays,
 * `patternProperties` for integer-like keys, and the examples that were kept whole.
 */
import { type PathSegment, parsePath } from "./path.js";
import { type FieldShape, type Shape, VALUE_TYPES, type ValueType } from "./shape.js";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** The pattern integer-like keys (paths' `*`) stand for. */
export const INTEGER_KEY_PATTERN = "^-?[0-9]+$";

interface Node {
  field?: FieldShape;
  props: Map<string, Node>;
  anyKey?: Node;
  items?: Node;
}

const newNode = (): Node => ({ props: new Map() });

function child(node: Node, seg: PathSegment): Node {
  if ("items" in seg) {
    node.items ??= newNode();
    return node.items;
  }
  if ("anyKey" in seg) {
    node.anyKey ??= newNode();
    return node.anyKey;
  }
  let next = node.props.get(seg.key);
  if (next === undefined) {
    next = newNode();
    node.props.set(seg.key, next);
  }
  return next;
}

function schemaType(types: ValueType[]): string[] {
  const names = new Set<string>();
  for (const t of types) {
    if (t === "integer") names.add(types.includes("float") ? "number" : "integer");
    else if (t === "float") names.add("number");
    else names.add(t);
  }
  return [...names];
}

function examplesOf(f: FieldShape): unknown[] {
  const out: unknown[] = [];
  for (const text of f.examples) {
    if (text.endsWith("…")) continue; // cut short: no longer the value
    try {
      out.push(JSON.parse(text));
    } catch {
      // not JSON text: leave it out
    }
  }
  return out;
}

function nodeSchema(node: Node): JsonSchema {
  const f = node.field;
  if (f === undefined) return {};
  const seen = VALUE_TYPES.filter((t) => (f.types[t] ?? 0) > 0);
  const types = schemaType(seen);
  const schema: JsonSchema = {};
  if (types.length === 1) schema.type = types[0];
  else if (types.length > 1) schema.type = types;
  if (seen.includes("object")) {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, sub] of node.props) {
      Object.defineProperty(properties, key, {
        value: nodeSchema(sub),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      const sf = sub.field;
      if (sf && sf.of !== null && sf.of > 0 && sf.seen >= sf.of) required.push(key);
    }
    if (node.props.size > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    if (node.anyKey) schema.patternProperties = { [INTEGER_KEY_PATTERN]: nodeSchema(node.anyKey) };
  }
  if (seen.includes("array") && node.items) schema.items = nodeSchema(node.items);
  const examples = examplesOf(f);
  if (examples.length > 0) schema.examples = examples;
  return schema;
}

/** The JSON Schema of a shape; `{}` (anything) when no value was recorded. */
export function shapeSchema(shape: Shape): JsonSchema {
  const root = newNode();
  for (const f of shape.fields) {
    const segments = parsePath(f.path);
    if (segments === undefined) continue;
    let node = root;
    for (const seg of segments) node = child(node, seg);
    node.field = f;
  }
  return nodeSchema(root);
}
