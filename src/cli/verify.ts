/**
 * `tapedeck verify <tape>`: checks what a tape promises. Seq runs 1, 2, 3 ... without holes, `t`
 * never goes backwards, the file has no torn or corrupt line, and nothing in it looks like an
 * unredacted secret (every secret rule of src/protocols/secrets.ts, plus JWT and Bearer shapes).
 * One line per finding, `<file>:<line>: <finding>`, and exit 1; otherwise a one-line summary.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import { allSecretRules } from "../protocols/secrets.js";
import { openTapeEntries } from "../tape/reader.js";
import { findUnredacted, type SecretRules, type UnredactedValue } from "../tape/redact.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

/** What {@link verifyTape} found. */
export interface VerifyReport {
  /** One line each, `<file>:<line>: <finding>`, in file order. */
  findings: string[];
  events: number;
  /** Distinct connection numbers opened. */
  connections: number;
}

/** Enough of a secret to find it again, not enough to use it. */
function preview(value: string): string {
  const chars = [...value];
  const head = chars.length >= 12 ? `${chars.slice(0, 4).join("")}…, ` : "";
  return `${head}${chars.length} chars`;
}

function secretFinding(u: UnredactedValue): string {
  return `unredacted ${u.what} (${preview(u.value)})`;
}

/**
 * Reads the tape once, streaming, and returns every finding. An unreadable file or header is an
 * InputError (exit 2); a corrupt line later on is a finding, and the check stops there because
 * nothing after it can be trusted to be read the same way.
 */
export async function verifyTape(
  path: string,
  rules: SecretRules = allSecretRules(),
  stop?: AbortSignal,
): Promise<VerifyReport> {
  const findings: string[] = [];
  const tape = await openTapeEntries(path, {
    onTorn: (t) => findings.push(`${path}:${t.line}: torn end: ${t.reason}`),
  });
  for (const u of findUnredacted({ k: "mark", label: "tape header", data: tape.header }, rules)) {
    findings.push(`${path}:1: ${secretFinding(u)}`);
  }
  let expected = 1;
  let lastT = 0;
  let events = 0;
  const opened = new Set<number>();
  try {
    for await (const { event, lineNo } of tape.entries) {
      if (stop?.aborted) break;
      events++;
      const at = `${path}:${lineNo}:`;
      if (event.seq > expected) {
        findings.push(`${at} seq hole (expected ${expected}, got ${event.seq})`);
      } else if (event.seq < expected) {
        findings.push(`${at} seq out of order (expected ${expected}, got ${event.seq})`);
      }
      expected = Math.max(expected, event.seq + 1);
      if (event.t < lastT) findings.push(`${at} t goes backwards (${event.t} after ${lastT})`);
      lastT = Math.max(lastT, event.t);
      if (event.k === "open") opened.add(event.c);
      for (const u of findUnredacted(event, rules)) findings.push(`${at} ${secretFinding(u)}`);
    }
  } catch (err) {
    if (!(err instanceof InputError && err.code === "TAPE_CORRUPT")) throw err;
    findings.push(`${err.message} (verify stops here)`);
  } finally {
    await tape.close();
  }
  return { findings, events, connections: opened.size };
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("verify")
    .description(
      "check a tape: seq holes, torn lines, t going backwards, anything that looks like an unredacted secret",
    )
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .action(async (tape: string) => {
      const report = await verifyTape(tape, allSecretRules(), ctx.stopSignal);
      if (report.findings.length > 0) {
        ctx.io.out(`${report.findings.join("\n")}\n`);
        ctx.exitCode = 1;
        return;
      }
      ctx.io.out(`ok: ${report.events} events, ${report.connections} connections\n`);
    });
};
