/** What conformance checks return: one verdict per check, with the evidence that decided it. */

/** The stages a run can select, in the order their cards print. */
export const STAGES = [
  "login",
  "heartbeats",
  "sync",
  "reconnect",
  "tokens",
  "ratelimit",
  "orders",
  "hygiene",
] as const;

/** One stage of the websocket-management certification. */
export type StageName = (typeof STAGES)[number];

/**
 * The runs of one conformance session: the main run, then dedicated ones for what would
 * spoil it (a Maintenance shutdown, tokens refused on every socket, a captcha on login).
 */
export type RunKind = "main" | "maintenance" | "rejected-token" | "captcha";

/** A check either held, failed, or never had the traffic to decide. */
export type Status = "pass" | "fail" | "not-exercised";

/** The outcome of one check. */
export interface Verdict {
  stage: StageName;
  /** `<stage>.<what>`, e.g. `heartbeats.interval`; stable, for CI filters. */
  check: string;
  status: Status;
  /** One line: why this status. */
  summary: string;
  /** Times (ms from the run's start), connections, frames and seq numbers that show it. */
  evidence: string[];
  /** The run the evidence comes from (its times count from that run's start). */
  run: RunKind;
}

/** Builds a verdict (keeps call sites short). */
export function verdict(
  stage: StageName,
  check: string,
  status: Status,
  summary: string,
  evidence: string[] = [],
  run: RunKind = "main",
): Verdict {
  return { stage, check: `${stage}.${check}`, status, summary, evidence, run };
}
