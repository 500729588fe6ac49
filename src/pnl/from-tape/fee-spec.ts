/**
 * The `--fees` flag: `none`, `default`, or comma-separated `name=value` pairs on top of the
 * default schedule: `micro=0.5,emini=1.29,standard=1.79` (dollars per contract per side by fee
 * class), `NQ=1.5` (one root), `spot=0.00075` (fraction of notional), `BTCUSDT=0.0005` (one pair).
 */
import { InputError } from "../../errors.js";
import { DEFAULT_FEES, type FeeSchedule, type FeeSettings, feeSchedule, NO_FEES } from "../fees.js";
import { SPOT_PAIRS } from "../spot.js";

const CLASSES = new Set(["micro", "emini", "standard"]);

/** Reads a `--fees` value into a schedule. Throws InputError naming the bad part. */
export function parseFeeSpec(spec: string): FeeSchedule {
  const text = spec.trim();
  if (text === "none" || text === "0") return NO_FEES;
  if (text === "default" || text === "") return DEFAULT_FEES;
  const classes: Record<string, string> = {};
  const perRoot: Record<string, string> = {};
  const spotRateByPair: Record<string, string> = {};
  let spotRate: string | undefined;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 0 || name === "" || value === "") {
      throw new InputError(
        `--fees: "${part.trim()}" is not name=value (e.g. emini=1.29,NQ=1.5,spot=0.001, or none)`,
        "FEES",
      );
    }
    const lower = name.toLowerCase();
    const upper = name.toUpperCase();
    if (CLASSES.has(lower)) classes[lower] = value;
    else if (lower === "spot") spotRate = value;
    else if (SPOT_PAIRS.has(upper)) spotRateByPair[upper] = value;
    else if (/^[A-Z0-9]{1,6}$/.test(upper)) perRoot[upper] = value;
    else throw new InputError(`--fees: "${name}" is no fee class, contract root or spot pair`);
  }
  const settings: FeeSettings = {
    ...classes,
    perRoot,
    spotRateByPair,
    ...(spotRate === undefined ? {} : { spotRate }),
  };
  return feeSchedule(settings);
}
