/**
 * `tapedeck cat <tape>`: a tape's events as text, one line each, or (--json) their exact lines
 * for jq. Streams: memory stays flat whatever the tape's size.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import { formatEvent } from "../tape/event-text.js";
import type { EventKind, TapeEvent, TapeHeader } from "../tape/events.js";
import { openTapeEntries, type TornLine } from "../tape/reader.js";
import { EVENT_KINDS } from "../tape/validate.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface CatFlags {
  conn?: string;
  kind?: string;
  grep?: string;
  limit?: string;
  json?: boolean;
  header?: boolean;
}

/** Which events to show: every given condition must hold. */
interface CatFilter {
  conns?: ReadonlySet<number>;
  kinds?: ReadonlySet<EventKind>;
  grep?: string;
  limit?: number;
}

/** Output is handed to the io in blocks of about this many characters, not line by line. */
const OUT_BLOCK = 64 * 1024;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("cat")
    .description("print a tape's events, one line each")
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .option("--conn <n,...>", "only these connections (events without one are left out)")
    .option("--kind <k,...>", `only these kinds: ${EVENT_KINDS.join(", ")}`)
    .option("--grep <text>", "only events whose line or any text field contains <text>")
    .option("--limit <n>", "stop after <n> events")
    .option("--json", "print the events' exact lines (JSON), for jq")
    .option("--header", "print the tape header first")
    .action(async (tape: string, flags: CatFlags) => cat(tape, flags, ctx));
};

async function cat(path: string, flags: CatFlags, ctx: CliContext): Promise<void> {
  const filter = parseFilter(flags);
  let torn: TornLine | undefined;
  const tape = await openTapeEntries(path, {
    onTorn: (t) => {
      torn = t;
    },
  });
  let out = "";
  const emit = (line: string) => {
    out += `${line}\n`;
    if (out.length >= OUT_BLOCK) {
      ctx.io.out(out);
      out = "";
    }
  };
  try {
    if (flags.header) emit(flags.json ? tape.headerLine : headerSummary(tape.header));
    let shown = 0;
    if (filter.limit === 0) return;
    for await (const { event, line } of tape.entries) {
      if (ctx.stopSignal.aborted) break;
      if (!matches(event, filter)) continue;
      const text = flags.json ? line : formatEvent(event);
      if (filter.grep !== undefined && !grepMatches(event, text, filter.grep)) continue;
      emit(text);
      shown += 1;
      if (shown === filter.limit) break;
    }
  } finally {
    if (out !== "") ctx.io.out(out);
    await tape.close();
  }
  if (torn) ctx.io.err(`tapedeck: warning: ${torn.file}:${torn.line}: ${torn.reason}; skipped\n`);
}

function headerSummary(h: TapeHeader): string {
  const parts = [`tape v${h.tape}`, `id ${h.id}`, `started ${h.started}`, `tool ${h.tool}`];
  if (h.label !== undefined) parts.push(`label ${JSON.stringify(h.label)}`);
  if (h.host !== undefined) parts.push(`host ${JSON.stringify(h.host)}`);
  if (h.notes !== undefined) parts.push(`notes ${JSON.stringify(h.notes)}`);
  return `# ${parts.join(", ")}`;
}

function parseFilter(flags: CatFlags): CatFilter {
  const filter: CatFilter = {};
  if (flags.conn !== undefined) {
    filter.conns = new Set(
      list(flags.conn, "--conn").map((s) => {
        if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
          throw new InputError(`--conn: "${s}" is not a connection number`);
        }
        return Number(s);
      }),
    );
  }
  if (flags.kind !== undefined) {
    filter.kinds = new Set(
      list(flags.kind, "--kind").map((s) => {
        if (!EVENT_KINDS.includes(s as EventKind)) {
          throw new InputError(`--kind: unknown kind "${s}" (expected ${EVENT_KINDS.join(", ")})`);
        }
        return s as EventKind;
      }),
    );
  }
  if (flags.grep !== undefined) {
    if (flags.grep === "") throw new InputError("--grep: give the text to look for");
    filter.grep = flags.grep;
  }
  if (flags.limit !== undefined) {
    if (!/^\d+$/.test(flags.limit) || !Number.isSafeInteger(Number(flags.limit))) {
      throw new InputError(`--limit: "${flags.limit}" is not a whole number >= 0`);
    }
    filter.limit = Number(flags.limit);
  }
  return filter;
}

function list(value: string, flag: string): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new InputError(`${flag}: give at least one value`);
  return items;
}

function matches(e: TapeEvent, f: CatFilter): boolean {
  if (f.kinds && !f.kinds.has(e.k)) return false;
  if (f.conns) {
    const c = "c" in e ? e.c : undefined;
    if (c === undefined || !f.conns.has(c)) return false;
  }
  return true;
}

/** Looks in the printed line and in every string inside the event (frame text, http bodies). */
function grepMatches(e: TapeEvent, printed: string, needle: string): boolean {
  if (printed.includes(needle)) return true;
  const walk = (v: unknown): boolean => {
    if (typeof v === "string") return v.includes(needle);
    if (typeof v !== "object" || v === null) return false;
    return Object.values(v).some(walk);
  };
  return walk(e);
}
