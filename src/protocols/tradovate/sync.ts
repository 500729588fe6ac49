/**
 * The `user/syncrequest` snapshot: one big response `d` with a list per entity type, from which
 * a client (and the P&L ledger) starts before props events update it.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import {
  type EntityType,
  type EntityTypes,
  parseEntity,
  type UnrecognisedEntity,
} from "./entities.js";
import { isObject, jsonType, toJsonText } from "./json.js";

/** Snapshot list names and the entity type of their items. */
export const SYNC_LISTS = {
  users: "user",
  accounts: "account",
  positions: "position",
  fills: "fill",
  fillPairs: "fillPair",
  cashBalances: "cashBalance",
  orders: "order",
  orderVersions: "orderVersion",
  executionReports: "executionReport",
  commands: "command",
  commandReports: "commandReport",
  contracts: "contract",
  products: "product",
  contractMaturities: "contractMaturity",
} as const satisfies Record<string, EntityType>;

/** One of the snapshot lists tapedeck types. */
export type SyncListName = keyof typeof SYNC_LISTS;

/** A typed sync snapshot. Lists the snapshot lacks are empty. */
export type SyncSnapshot = {
  [L in SyncListName]: EntityTypes[(typeof SYNC_LISTS)[L]][];
} & {
  /** Never set: lets `result.kind === "unrecognised"` tell a parse result from an Unrecognised. */
  kind?: never;
  /** Everything else the snapshot had (marginSnapshots, accountRiskStatuses, ...), as sent. */
  other: Record<string, unknown>;
  /** Items of typed lists that did not fit their entity type, each saying why. */
  rejected: UnrecognisedEntity[];
};

function isSyncList(name: string): name is SyncListName {
  return Object.hasOwn(SYNC_LISTS, name);
}

/**
 * Types the `d` of a `user/syncrequest` response. It must be an object with a non-empty `users`
 * list (real clients treat anything else as no snapshot); a bad item lands in `rejected`
 * without spoiling the rest. Never throws.
 */
export function parseSyncSnapshot(d: unknown): SyncSnapshot | Unrecognised {
  if (!isObject(d)) {
    return unrecognised(toJsonText(d), `sync: d must be an object, got ${jsonType(d)}`);
  }
  if (!Array.isArray(d.users) || d.users.length === 0) {
    return unrecognised(toJsonText(d), "sync: d has no non-empty users list");
  }
  const snapshot = { other: {}, rejected: [] } as unknown as SyncSnapshot;
  for (const name of Object.keys(SYNC_LISTS) as SyncListName[]) snapshot[name] = [];
  for (const [name, list] of Object.entries(d)) {
    if (!isSyncList(name)) {
      // defineProperty, not assignment: a "__proto__" key must stay a key.
      Object.defineProperty(snapshot.other, name, {
        value: list,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    if (!Array.isArray(list)) {
      return unrecognised(toJsonText(d), `sync: ${name} must be an array, got ${jsonType(list)}`);
    }
    const typed: unknown[] = snapshot[name];
    for (const item of list) {
      const entity = parseEntity(SYNC_LISTS[name], item);
      if (entity.kind === "unrecognised") snapshot.rejected.push(entity);
      else typed.push(entity.value);
    }
  }
  return snapshot;
}
