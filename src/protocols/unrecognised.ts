/**
 * What every tapedeck parser returns instead of throwing: the input it could not make sense of,
 * kept verbatim so nothing is lost, and one plain sentence saying why.
 */
export interface Unrecognised {
  kind: "unrecognised";
  /** The original text (or JSON text of the original value) exactly as received. */
  raw: string;
  /** Why it was not recognised, e.g. `expected "a[" or "c[" prefix`. */
  why: string;
}

/** Builds an {@link Unrecognised} result. */
export function unrecognised(raw: string, why: string): Unrecognised {
  return { kind: "unrecognised", raw, why };
}
