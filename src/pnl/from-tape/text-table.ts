/** Aligned plain-text columns: the first column left-aligned, the rest as each column says. */

/** A column: its title and whether its cells align right (numbers, money). */
export interface Column {
  readonly title: string;
  readonly right?: boolean;
}

/** Lays out rows under their titles, two spaces between columns, no trailing blanks. */
export function textTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? "";
        const w = widths[i] ?? 0;
        return c.right ? cell.padStart(w) : cell.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)].map((l) => `  ${l}\n`).join("");
}
