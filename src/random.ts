/**
 * A tiny seeded PRNG (mulberry32), shared by everything that must be reproducible from a seed
 * (replay faults, reconnect jitter): Math.random cannot be seeded.
 */

/** A function returning floats in [0, 1), the same sequence for the same seed. */
export type Random = () => number;

/** mulberry32 seeded with the low 32 bits of `seed`. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a number (e.g. a connection's ordinal) into a new 32-bit seed. */
export function mixSeed(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
