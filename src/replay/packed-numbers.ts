/**
 * A column of integers in 1, 2 or 4 bytes each, in pages of 4,096. A relative column stores
 * offsets from its page's first value (times, seqs and byte offsets of one list grow slowly);
 * an absolute one stores the values (line lengths, message parts). A value that does not fit
 * (below the page's first, or too large for the width) is kept aside exactly. Pages are fixed
 * size, so reading item i is O(1) and no capacity doubling wastes memory; the first page starts
 * small because most lists of a tape are short.
 */

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

type Page = Uint8Array | Uint16Array | Uint32Array;
const PAGES = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array } as const;

/** A column as stored in an index file: its pages sit at `at` in the file's data. */
export interface PackedColumn {
  n: number;
  width: 1 | 2 | 4;
  relative: boolean;
  bases: number[];
  kept: Array<[number, number]>;
  /** Capacity of the first page (the others hold 4,096). */
  first: number;
  at: number;
}

/** Append-only integers, read by position. */
export class PackedNumbers {
  readonly #width: 1 | 2 | 4;
  readonly #make: (n: number) => Page;
  /** The stored value that means "see the values kept aside": the width's largest. */
  readonly #aside: number;
  readonly #relative: boolean;
  #pages: Page[] = [];
  #bases: number[] = [];
  #n = 0;
  readonly #kept = new Map<number, number>();

  /** `width` bytes per item; `relative`: offsets from each page's first value. */
  constructor(width: 1 | 2 | 4 = 4, relative = true) {
    this.#width = width;
    const Kind = PAGES[width];
    this.#make = (n) => new Kind(n);
    this.#aside = 2 ** (8 * width) - 1;
    this.#relative = relative;
  }

  get length(): number {
    return this.#n;
  }

  /** Appends `v` (an integer; others are kept aside, exactly). */
  push(v: number): void {
    const p = this.#n >>> PAGE_BITS;
    const at = this.#n & MASK;
    if (at === 0) {
      this.#pages.push(this.#make(p === 0 ? 8 : PAGE));
      this.#bases.push(this.#relative ? v : 0);
    } else if (p === 0 && at === this.#pages[0]!.length) {
      const grown = this.#make(Math.min(PAGE, at * 4));
      grown.set(this.#pages[0]!);
      this.#pages[0] = grown;
    }
    const d = v - this.#bases[p]!;
    if (Number.isInteger(d) && d >= 0 && d < this.#aside) this.#pages[p]![at] = d;
    else {
      this.#pages[p]![at] = this.#aside;
      this.#kept.set(this.#n, v);
    }
    this.#n++;
  }

  /** Item `i` (0 <= i < length). */
  get(i: number): number {
    const d = this.#pages[i >>> PAGE_BITS]![i & MASK]!;
    return d === this.#aside ? this.#kept.get(i)! : this.#bases[i >>> PAGE_BITS]! + d;
  }

  /** The column for an index file; `put` stores a page's bytes and returns where they went. */
  save(put: (bytes: Uint8Array) => number): PackedColumn {
    let at = -1;
    for (const page of this.#pages) {
      const where = put(new Uint8Array(page.buffer, page.byteOffset, page.byteLength));
      if (at < 0) at = where;
    }
    return {
      n: this.#n,
      width: this.#width,
      relative: this.#relative,
      bases: this.#bases,
      kept: [...this.#kept],
      first: this.#pages[0]?.length ?? 0,
      at: Math.max(0, at),
    };
  }

  /** A column read back from an index file's `data` (views, not copies). */
  static load(c: PackedColumn, data: ArrayBuffer, dataAt: number): PackedNumbers {
    const col = new PackedNumbers(c.width, c.relative);
    const Kind = PAGES[c.width];
    let at = dataAt + c.at;
    const pages = Math.ceil(c.n / PAGE);
    for (let p = 0; p < pages; p++) {
      const len = p === 0 ? c.first : PAGE;
      col.#pages.push(new Kind(data, at, len));
      at += len * c.width;
    }
    col.#bases = c.bases;
    for (const [i, v] of c.kept) col.#kept.set(i, v);
    col.#n = c.n;
    return col;
  }
}
