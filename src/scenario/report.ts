/** Scenario results for people (one line each, the first difference under a failure) and JUnit XML for CI. */

import { xmlEscape } from "../xml-escape.js";
import type { ScenarioResult } from "./run.js";

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** `PASS name (file, 0.12 s)`, and for a failure the first difference and how many more. */
export function formatResultText(r: ScenarioResult): string {
  if (r.passed) return `PASS ${r.name} (${r.file}, ${seconds(r.ms)} s)\n`;
  const [first, ...rest] = r.differences;
  const more =
    rest.length === 0
      ? ""
      : `\n     (${rest.length} more difference${rest.length === 1 ? "" : "s"})`;
  return `FAIL ${r.name} (${r.file}, ${seconds(r.ms)} s)\n     ${first}${more}\n`;
}

/** The closing line: counts of passed and failed. */
export function formatSummary(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length} scenario${results.length === 1 ? "" : "s"}: ${results.length - failed} passed, ${failed} failed\n`;
}

export { xmlEscape };

/** A JUnit XML report: one testsuite, one testcase per scenario, every difference in a failure. */
export function formatJunit(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const total = results.reduce((s, r) => s + r.ms, 0);
  const cases = results.map((r) => {
    const head = `  <testcase classname="tapedeck.scenario" name="${xmlEscape(r.name)}" file="${xmlEscape(r.file)}" time="${seconds(r.ms)}"`;
    if (r.passed) return `${head}/>`;
    const body = xmlEscape(r.differences.join("\n"));
    return `${head}>\n    <failure message="${xmlEscape(r.differences[0] ?? "")}">${body}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="tapedeck scenarios" tests="${results.length}" failures="${failed}" errors="0" time="${seconds(total)}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}
