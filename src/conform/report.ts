/** The three ways to print a run: cards for people, JSON for scripts, JUnit XML for CI. */

import { xmlEscape } from "../xml-escape.js";
import { secs } from "./connections.js";
import type { ConformResult } from "./run.js";
import { STAGES, type Status, type Verdict } from "./verdict.js";

const MARK: Record<Status, string> = { pass: "PASS", fail: "FAIL", "not-exercised": "n/a " };

/** True when no check failed. */
export function passed(r: Pick<ConformResult, "verdicts">): boolean {
  return r.verdicts.every((v) => v.status !== "fail");
}

/** How many verdicts have each status. */
export function tally(verdicts: readonly Verdict[]): Record<Status, number> {
  const t: Record<Status, number> = { pass: 0, fail: 0, "not-exercised": 0 };
  for (const v of verdicts) t[v.status]++;
  return t;
}

/** One card per stage, then the tape's gaps and a one-line total. */
export function formatCards(r: ConformResult, maxEvidence = 6): string {
  const lines: string[] = [];
  for (const stage of STAGES) {
    const vs = r.verdicts.filter((v) => v.stage === stage);
    if (vs.length === 0) continue;
    const t = tally(vs);
    const head = t.fail > 0 ? "FAIL" : t.pass > 0 ? "PASS" : "n/a";
    lines.push(`== ${stage} ${"=".repeat(Math.max(1, 30 - stage.length))} ${head}`);
    for (const v of vs) {
      const run = v.run === "main" ? "" : ` (${v.run} run)`;
      lines.push(`  ${MARK[v.status]} ${v.check}${run}: ${v.summary}`);
      const shown = v.status === "pass" ? v.evidence.slice(0, 2) : v.evidence.slice(0, maxEvidence);
      for (const e of shown) lines.push(`         ${e}`);
      if (v.evidence.length > shown.length)
        lines.push(`         ... ${v.evidence.length - shown.length} more (--json has all)`);
    }
    lines.push("");
  }
  if (r.unanswered.length > 0) {
    lines.push("The tape could not answer:");
    for (const u of r.unanswered) lines.push(`  ${u}`);
    lines.push("");
  }
  if (r.unused.length > 0) {
    lines.push("The tape offered, the client never asked for:");
    for (const u of r.unused) lines.push(`  ${u}`);
    lines.push("");
  }
  for (const run of r.runs) {
    const how = run.client.timedOut
      ? "timed out and was stopped"
      : run.client.stopped
        ? "stopped by conform"
        : `exited by itself (${run.client.code !== null ? `code ${run.client.code}` : run.client.signal})`;
    lines.push(
      `run ${run.kind}: ${secs(run.durationMs)}, ${run.events.length} events; the client ${how}`,
    );
  }
  const t = tally(r.verdicts);
  lines.push(
    `${passed(r) ? "conformant" : "NOT conformant"}: ${t.pass} passed, ${t.fail} failed, ${t["not-exercised"]} not exercised over ${r.runs.length} run(s) (${secs(r.durationMs)} in all)`,
  );
  return `${lines.join("\n")}\n`;
}

/** The session as JSON (events left out unless asked: they can be thousands of frames). */
export function formatJson(r: ConformResult, withEvents = false): string {
  const runs = r.runs.map(({ events, ...run }) => ({
    ...run,
    eventCount: events.length,
    ...(withEvents ? { events } : {}),
  }));
  return `${JSON.stringify({ passed: passed(r), ...r, runs }, null, 2)}\n`;
}

/** JUnit XML: one testsuite per stage, one testcase per check; not-exercised is skipped. */
export function formatJunit(r: ConformResult): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const t = tally(r.verdicts);
  out.push(
    `<testsuites name="tapedeck conform" tests="${r.verdicts.length}" failures="${t.fail}" skipped="${t["not-exercised"]}" time="${(r.durationMs / 1000).toFixed(3)}">`,
  );
  for (const stage of STAGES) {
    const vs = r.verdicts.filter((v) => v.stage === stage);
    if (vs.length === 0) continue;
    const s = tally(vs);
    out.push(
      `  <testsuite name="${stage}" tests="${vs.length}" failures="${s.fail}" skipped="${s["not-exercised"]}">`,
    );
    for (const v of vs) {
      const body = [v.summary, ...v.evidence].join("\n");
      out.push(`    <testcase classname="conform.${stage}" name="${xmlEscape(v.check)}">`);
      if (v.status === "fail")
        out.push(`      <failure message="${xmlEscape(v.summary)}">${xmlEscape(body)}</failure>`);
      else if (v.status === "not-exercised")
        out.push(`      <skipped message="${xmlEscape(v.summary)}"/>`);
      else out.push(`      <system-out>${xmlEscape(body)}</system-out>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
