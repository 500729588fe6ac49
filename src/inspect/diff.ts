/**
 * Compares the inferred shapes of two inspect reports: kinds added or removed, fields added,
 * removed or retyped (their JSON type sets differ; integer and float are both `number`), and
 * presence changes of at least a threshold. Any of these is drift.
 */
import type { InspectReport, KindInfo } from "./report.js";
import { type FieldShape, type JsonTypeName, jsonTypes, presencePercent } from "./shape.js";

/** Where a change is: one kind on one channel and direction. */
export interface KindRef {
  channel: string;
  dir: string;
  kind: string;
}

/** One difference between two reports. */
export type Drift =
  | (KindRef & { change: "kind-added" | "kind-removed" })
  | (KindRef & { change: "field-added" | "field-removed"; path: string; types: JsonTypeName[] })
  | (KindRef & {
      change: "field-retyped";
      path: string;
      from: JsonTypeName[];
      to: JsonTypeName[];
    })
  | (KindRef & { change: "presence"; path: string; from: number; to: number });

/** Options of {@link diffReports}. */
export interface DiffOptions {
  /**
   * A field's presence change counts when it moves by at least this many percentage points;
   * null ignores presence. Default 20.
   */
  presencePoints?: number | null;
}

/** What {@link diffReports} found. */
export interface DiffResult {
  drift: Drift[];
  /** Caveats: kinds whose shapes were capped, so missing fields may just be unrecorded. */
  notes: string[];
}

/** Default threshold of presence changes, in percentage points. */
export const DEFAULT_PRESENCE_POINTS = 20;

const keyOf = (k: KindRef) => `${k.channel}\u0000${k.dir}\u0000${k.kind}`;
const ref = (k: KindInfo): KindRef => ({ channel: k.channel, dir: k.dir, kind: k.kind });
const sameTypes = (a: JsonTypeName[], b: JsonTypeName[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** Compares report `a` (before) with `b` (after). Deterministic: drift comes sorted by kind and path. */
export function diffReports(
  a: InspectReport,
  b: InspectReport,
  opts: DiffOptions = {},
): DiffResult {
  const points = opts.presencePoints === undefined ? DEFAULT_PRESENCE_POINTS : opts.presencePoints;
  const before = new Map(a.kinds.map((k) => [keyOf(k), k]));
  const after = new Map(b.kinds.map((k) => [keyOf(k), k]));
  const drift: Drift[] = [];
  const notes: string[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const ka = before.get(key);
    const kb = after.get(key);
    if (ka === undefined && kb !== undefined) drift.push({ ...ref(kb), change: "kind-added" });
    else if (kb === undefined && ka !== undefined)
      drift.push({ ...ref(ka), change: "kind-removed" });
    else if (ka !== undefined && kb !== undefined) {
      drift.push(...diffFields(ka, kb, points));
      if (ka.shape.capped || kb.shape.capped) {
        notes.push(
          `${ka.channel} ${ka.kind}: shape capped at ${Math.min(a.maxPaths, b.maxPaths)} paths; fields past the cap are not compared`,
        );
      }
    }
  }
  return { drift, notes };
}

function diffFields(ka: KindInfo, kb: KindInfo, points: number | null): Drift[] {
  const at = ref(ka);
  const fa = new Map(ka.shape.fields.map((f) => [f.path, f]));
  const fb = new Map(kb.shape.fields.map((f) => [f.path, f]));
  const out: Drift[] = [];
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  for (const path of paths) {
    const x = fa.get(path);
    const y = fb.get(path);
    if (x === undefined && y !== undefined) {
      if (!ka.shape.capped)
        out.push({ ...at, change: "field-added", path, types: jsonTypes(y.types) });
    } else if (y === undefined && x !== undefined) {
      if (!kb.shape.capped) {
        out.push({ ...at, change: "field-removed", path, types: jsonTypes(x.types) });
      }
    } else if (x !== undefined && y !== undefined) {
      const from = jsonTypes(x.types);
      const to = jsonTypes(y.types);
      if (!sameTypes(from, to)) out.push({ ...at, change: "field-retyped", path, from, to });
      const moved = presenceMove(x, y);
      if (points !== null && moved !== undefined && Math.abs(moved.to - moved.from) >= points) {
        out.push({ ...at, change: "presence", path, ...moved });
      }
    }
  }
  return out;
}

function presenceMove(x: FieldShape, y: FieldShape): { from: number; to: number } | undefined {
  const from = presencePercent(x);
  const to = presencePercent(y);
  return from === null || to === null || from === to ? undefined : { from, to };
}

/** One line per drift, e.g. `- field  trademanager recv DATA  data.prices.bid  number`. */
export function driftLine(d: Drift): string {
  const where = `${d.channel} ${d.dir} ${d.kind}`;
  switch (d.change) {
    case "kind-added":
      return `+ kind     ${where}`;
    case "kind-removed":
      return `- kind     ${where}`;
    case "field-added":
      return `+ field    ${where}  ${d.path || "(message)"}  ${d.types.join("|")}`;
    case "field-removed":
      return `- field    ${where}  ${d.path || "(message)"}  ${d.types.join("|")}`;
    case "field-retyped":
      return `~ type     ${where}  ${d.path || "(message)"}  ${d.from.join("|")} -> ${d.to.join("|")}`;
    case "presence":
      return `~ presence ${where}  ${d.path}  ${d.from}% -> ${d.to}%`;
  }
}
