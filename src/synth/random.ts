/**
 * The synthesizer's only source of chance: a seeded PRNG (sfc32), so the same seed always gives
 * the same tape. Each part of the generator takes its own stream (`fork("market:ES")`), so a
 * change in how one part draws never shifts what another part draws.
 */

/** 32-bit FNV-1a of a string: turns stream names into seeds. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic random stream. Not for secrets: for reproducible synthetic data only. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  readonly #seed: number;
  readonly #stream: string;

  /** `seed` is any safe integer; `stream` names an independent sequence for that seed. */
  constructor(seed: number, stream = "") {
    if (!Number.isSafeInteger(seed))
      throw new RangeError(`Rng seed must be an integer, got ${seed}`);
    this.#seed = seed;
    this.#stream = stream;
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    this.#a = lo ^ 0x9e3779b9;
    this.#b = hi ^ 0x243f6a88;
    this.#c = fnv1a(stream);
    this.#d = 1;
    // Mix the state well before the first draw (sfc32's recommended warm-up).
    for (let k = 0; k < 15; k++) this.#next();
  }

  /** An independent stream for a named part of the generator. */
  fork(stream: string): Rng {
    return new Rng(this.#seed, `${this.#stream}/${stream}`);
  }

  #next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.#next() / 2 ** 32;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Rng.pick: empty list");
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** An exponential waiting time with the given mean (any unit), as a float > 0. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** An exponential waiting time in whole microseconds, at least 1. */
  expMicros(meanMicros: number): number {
    return Math.max(1, Math.round(this.exp(meanMicros)));
  }

  /** 1, 2, 3, ... with P(k) = (1-p)^(k-1) p: mean 1/p. Capped at `max`. */
  geometric(p: number, max = 1000): number {
    let k = 1;
    while (k < max && !this.chance(p)) k++;
    return k;
  }
}
