/**
 * A conformance session: for each run it needs (the main one, then the dedicated maintenance,
 * rejected-token and captcha runs), a fake on free loopback ports, the client started with its
 * URLs in the env, steered and observed until the run has seen enough (or the timeout), then
 * stopped; every run's log is graded by the checks of the selected stages.
 */
import { InputError } from "../errors.js";
import { type ReplayServerOptions, startReplayServer } from "../replay/server.js";
import { loadTapeIndex, type TapeIndex } from "../replay/tape-index.js";
import { checkCaptcha, checkMaintenance } from "./checks/dedicated.js";
import { type CheckContext, checkContext, checkRejected, runChecks } from "./checks/index.js";
import { startClient } from "./client-process.js";
import { clientEnv } from "./env.js";
import { createObservationLog, type Observed, observerInto } from "./observation.js";
import { DEFAULT_PLAN, type RunPlan } from "./plan.js";
import { Steering } from "./steer.js";
import { unanswered, unused } from "./tape-coverage.js";
import { type RunKind, STAGES, type StageName, type Verdict } from "./verdict.js";

/** Options of {@link runConformance}. */
export interface ConformOptions {
  tape: string | TapeIndex;
  /** The client: program and arguments. */
  command: readonly string[];
  /** Default: every stage. */
  stages?: readonly StageName[];
  /** Bound on each run, ms (default 60 s). */
  timeoutMs?: number;
  plan?: Partial<RunPlan>;
  cwd?: string;
  /** The client's stdout and stderr. */
  onOutput?: (text: string) => void;
  /** Each run as it starts (the CLI prints progress). */
  onRun?: (kind: RunKind) => void;
  /**
   * Run the dedicated runs at the same time as the main one (several copies of the client at
   * once: only for clients that allow it; tests use it to stay short).
   */
  parallel?: boolean;
  /** Stops the session early (the running client is still stopped and graded). */
  signal?: AbortSignal;
}

/** What one run saw. */
export interface RunRecord {
  kind: RunKind;
  durationMs: number;
  /** The client's exit; `stopped` when conform ended it. */
  client: { code: number | null; signal: string | null; stopped: boolean; timedOut: boolean };
  events: readonly Observed[];
}

/** What a session found. */
export interface ConformResult {
  stages: StageName[];
  verdicts: Verdict[];
  /** Requests the tape could not answer (main run). */
  unanswered: string[];
  /** Streams the tape offered that the client never asked for (main run). */
  unused: string[];
  durationMs: number;
  runs: RunRecord[];
}

/** The runs `stages` need, main first. */
export function runsFor(stages: readonly StageName[]): RunKind[] {
  const runs: RunKind[] = ["main"];
  if (stages.includes("reconnect")) runs.push("maintenance");
  if (stages.includes("login")) runs.push("rejected-token");
  if (stages.includes("ratelimit")) runs.push("captcha");
  return runs;
}

function serverOptions(
  kind: RunKind,
  stages: readonly StageName[],
  plan: RunPlan,
): Partial<ReplayServerOptions> {
  switch (kind) {
    case "main":
      return {
        penalty: stages.includes("ratelimit"),
        penaltySeconds: plan.penaltySeconds,
        ...(stages.includes("tokens") ? { tokenTtlMs: plan.tokenTtlMs } : {}),
      };
    case "maintenance":
      return { faults: [`shutdown:at=${plan.maintenanceAtMs},reason=Maintenance,code=1000`] };
    case "rejected-token":
      return { rejectTokens: true };
    case "captcha":
      return { penalty: true, penaltyCaptcha: true, penaltySeconds: plan.penaltySeconds };
  }
}

function grade(kind: RunKind, ctx: CheckContext, stages: readonly StageName[]): Verdict[] {
  switch (kind) {
    case "main":
      return runChecks(ctx, stages);
    case "maintenance":
      return [checkMaintenance(ctx)];
    case "rejected-token":
      return [checkRejected(ctx)];
    case "captcha":
      return [checkCaptcha(ctx)];
  }
}

/** One run of the client against a fresh fake. */
async function runOnce(
  kind: RunKind,
  index: TapeIndex,
  stages: readonly StageName[],
  plan: RunPlan,
  timeoutMs: number,
  opts: ConformOptions,
): Promise<RunRecord> {
  const log = createObservationLog();
  const steer = new Steering(log, plan, stages, kind);
  const server = await startReplayServer({
    tapes: [index],
    observer: observerInto(log, (e) => steer.onEvent(e)),
    admit: (role, url) => steer.admit(role, url),
    ...serverOptions(kind, stages, plan),
  });
  steer.attach(server);
  let stopped = false;
  let timedOut = false;
  let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
  try {
    const client = await startClient(
      opts.command,
      clientEnv(server.urls),
      opts.onOutput ?? (() => {}),
      opts.cwd,
    );
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (client.hasExited() || steer.done() || opts.signal?.aborted) finish();
        else if (log.now() >= timeoutMs) {
          timedOut = true;
          finish();
        }
      }, 100);
      const finish = () => {
        clearInterval(tick);
        resolve();
      };
    });
    steer.stop();
    if (!client.hasExited()) {
      stopped = true;
      log.add({ k: "steer", action: "stop", detail: "SIGTERM to the client" });
    }
    await client.stop(plan.exitGraceMs);
    exit = await client.exited;
    log.add({ k: "exit", code: exit.code, signal: exit.signal });
    // Let the server see the closes the client sent on its way out.
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    steer.stop();
    await server.close();
  }
  return {
    kind,
    durationMs: log.now(),
    client: { ...exit, stopped, timedOut },
    events: log.events,
  };
}

/** When conform stopped the client in a run, ms (undefined if it exited by itself). */
function stopMsOf(run: RunRecord): number | undefined {
  return run.events.find((e) => e.k === "steer" && e.action === "stop")?.ms;
}

/** Runs the client against the fake, once per run its stages need, and grades it. */
export async function runConformance(opts: ConformOptions): Promise<ConformResult> {
  const stages = opts.stages && opts.stages.length > 0 ? [...opts.stages] : [...STAGES];
  const plan: RunPlan = { ...DEFAULT_PLAN, ...opts.plan };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (!(timeoutMs > 0)) throw new InputError("--timeout must be a positive number of seconds");
  const index = typeof opts.tape === "string" ? await loadTapeIndex(opts.tape) : opts.tape;
  const kinds = runsFor(stages);
  const one = (kind: RunKind) => {
    opts.onRun?.(kind);
    return runOnce(kind, index, stages, plan, timeoutMs, opts);
  };
  const runs: RunRecord[] = [];
  if (opts.parallel) runs.push(...(await Promise.all(kinds.map(one))));
  else {
    for (const kind of kinds) {
      if (opts.signal?.aborted) break;
      runs.push(await one(kind));
    }
  }
  const verdicts: Verdict[] = [];
  let missing: string[] = [];
  let idle: string[] = [];
  for (const run of runs) {
    const ctx = checkContext(run.events, stopMsOf(run));
    verdicts.push(...grade(run.kind, ctx, stages));
    if (run.kind === "main") {
      missing = unanswered(ctx);
      idle = unused(index, ctx);
    }
  }
  // Cards read stage by stage, in the stages' order.
  verdicts.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  return {
    stages,
    verdicts,
    unanswered: missing,
    unused: idle,
    durationMs: runs.reduce((sum, r) => sum + r.durationMs, 0),
    runs,
  };
}
