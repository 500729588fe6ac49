/**
 * The order state machine: the only `ordStatus` transitions the simulator makes, the ones
 * Tradovate shows. A partial fill keeps an order Working (Tradovate has no PartiallyFilled).
 */
import type { OrdStatus } from "../protocols/tradovate/entities.js";

const NEXT: Readonly<Record<string, readonly OrdStatus[]>> = {
  PendingNew: ["Working", "Suspended", "Rejected", "Canceled"],
  Suspended: ["Suspended", "Working", "Canceled"],
  Working: ["Working", "Filled", "Canceled", "Expired"],
};

/** True when Tradovate moves an order from `from` to `to`. */
export function canTransition(from: OrdStatus, to: OrdStatus): boolean {
  return NEXT[from]?.includes(to) ?? false;
}

/** Checks a transition; a wrong one is a simulator bug, so it throws. */
export function transition(from: OrdStatus, to: OrdStatus, orderId: number): OrdStatus {
  if (!canTransition(from, to)) {
    throw new Error(`order ${orderId}: no Tradovate transition from ${from} to ${to}`);
  }
  return to;
}
