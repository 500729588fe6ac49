/**
 * Runs a scenario: its tapes on an in-process replay server (loopback, any free port, a virtual
 * clock), its steps on a websocket client, then the ledger over exactly what the client
 * received, compared with the expectations. With `alsoAt`, the whole run is repeated at each
 * speed and must end in the same positions and P&L.
 */
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.js";
import { diffReports, driftLine } from "../inspect/diff.js";
import { Inspector } from "../inspect/inspector.js";
import { inspectTape } from "../inspect/load.js";
import { feeSchedule } from "../pnl/fees.js";
import { analyzeEvents, type PnlTapeOptions, type PnlTapeReport } from "../pnl/from-tape/index.js";
import { startReplayServer } from "../replay/server.js";
import { loadTapeIndex, type TapeIndex } from "../replay/tape-index.js";
import { VirtualTimer } from "../replay/timer.js";
import type { TapeEvent, TapeHeader } from "../tape/events.js";
import { ScenarioClient, StuckError } from "./client.js";
import { differences, type RunOutcome, sameResults } from "./expect.js";
import { runStep } from "./steps.js";
import { tradingView } from "./trading.js";
import type { LoadedScenario, ScenarioSpeed } from "./types.js";

/** The ledger pass a run uses; tests pass a deliberately broken one. */
export type AnalyzeFn = (
  header: TapeHeader,
  events: Iterable<TapeEvent>,
  options: PnlTapeOptions,
) => Promise<PnlTapeReport>;

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Default: the real ledger (`analyzeEvents`). */
  readonly analyze?: AnalyzeFn;
}

/** The result of one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly file: string;
  readonly passed: boolean;
  /** Every difference found; the first is the one to read. Empty when passed. */
  readonly differences: readonly string[];
  /** Real time the run took (for reports only). */
  readonly ms: number;
  /** The outcome of the first run (absent when a step could not finish). */
  readonly outcome?: RunOutcome;
}

async function runOnce(
  loaded: LoadedScenario,
  indexes: readonly TapeIndex[],
  speed: ScenarioSpeed,
  analyze: AnalyzeFn,
): Promise<{ outcome?: RunOutcome; differences: string[] }> {
  const { scenario } = loaded;
  const timer = new VirtualTimer();
  let server: Awaited<ReturnType<typeof startReplayServer>>;
  try {
    server = await startReplayServer({
      tapes: indexes,
      speed,
      timer,
      faults: scenario.replay?.faults ?? [],
      faultSeed: scenario.replay?.seed ?? 1,
      silentTimeoutMs: 0,
      ...(scenario.replay?.sim === undefined ? {} : { sim: scenario.replay.sim }),
    });
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${loaded.file}: $.replay: ${err.message}`);
    throw err;
  }
  const client = new ScenarioClient(server, timer, `scenario:${scenario.name}`);
  const diffs: string[] = [];
  try {
    for (const [k, step] of scenario.steps.entries()) {
      try {
        const diff = await runStep(client, step);
        if (diff !== undefined) diffs.push(`steps[${k}] ${diff}`);
      } catch (err) {
        if (!(err instanceof StuckError)) throw err;
        diffs.push(`steps[${k}]: ${err.message}`);
      }
      if (diffs.length > 0) return { differences: diffs };
    }
    try {
      await client.idle();
    } catch (err) {
      if (!(err instanceof StuckError)) throw err;
      return { differences: [`after the last step: ${err.message}`] };
    }
  } finally {
    await client.shutdown();
    await server.close();
  }
  const want = scenario.expect;
  const header = indexes[0]!.header;
  const report = await analyze(header, client.events, {
    mark: want.mark,
    ...(want.matching === undefined ? {} : { matching: want.matching }),
    ...(want.fees === undefined ? {} : { fees: feeSchedule(want.fees) }),
  });
  const outcome: RunOutcome = {
    report,
    counts: client.kindCounts(),
    reconnected: client.reconnected,
    trading: tradingView(client.events),
    orderNames: client.orderNames,
    strategyNames: client.strategyNames,
    ...(want.shapesLike === undefined
      ? {}
      : { shapeDrift: await shapeDrift(loaded, want.shapesLike, header, client.events) }),
  };
  return { outcome, differences: differences(want, outcome) };
}

/**
 * What the client received compared with what the baseline's recorded client received: kinds
 * and fields (presence ignored: it depends on how much of the tape was played).
 */
async function shapeDrift(
  loaded: LoadedScenario,
  baseline: string,
  header: TapeHeader,
  events: readonly TapeEvent[],
): Promise<string[]> {
  const path = resolve(dirname(loaded.file), baseline);
  let before: Awaited<ReturnType<typeof inspectTape>>;
  try {
    before = await inspectTape(path);
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError(`${loaded.file}: $.expect.shapesLike: ${err.message}`);
    throw err;
  }
  const inspector = new Inspector("scenario client", header);
  for (const e of events) inspector.add(e);
  const { drift } = diffReports(before, inspector.report(), { presencePoints: null });
  return drift.filter((d) => d.dir === "recv").map(driftLine);
}

/** Runs one loaded scenario. InputError when its tapes or replay settings are unusable. */
export async function runScenario(
  loaded: LoadedScenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const analyze = options.analyze ?? analyzeEvents;
  const started = performance.now();
  const { scenario } = loaded;
  const indexes = await Promise.all(loaded.tapePaths.map((p) => loadTapeIndex(p)));
  const speeds = [scenario.replay?.speed ?? "max", ...(scenario.replay?.alsoAt ?? [])];
  const diffs: string[] = [];
  let first: RunOutcome | undefined;
  for (const speed of speeds) {
    const run = await runOnce(loaded, indexes, speed, analyze);
    if (first === undefined) {
      diffs.push(...run.differences);
      first = run.outcome;
      if (!first) break;
    } else if (!run.outcome) {
      diffs.push(...run.differences.map((d) => `at speed ${speed}: ${d}`));
    } else {
      diffs.push(...sameResults(first.report, run.outcome.report, `at speed ${speed}`));
    }
  }
  return {
    name: scenario.name,
    file: loaded.file,
    passed: diffs.length === 0,
    differences: diffs,
    ms: performance.now() - started,
    ...(first ? { outcome: first } : {}),
  };
}
