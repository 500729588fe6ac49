/**
 * Tradovate's entities: what `props` events, `user/syncrequest` snapshots and REST lookups
 * carry. Each interface lists the fields tapedeck relies on (required unless `?`, per the
 * protocol spec §6-7 and Tradovate's OpenAPI models); the objects keep every other field they
 * arrived with.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import type { Schema, TradeDate } from "./fields.js";
import { schemaProblem } from "./fields.js";
import { isObject, jsonType, toJsonText } from "./json.js";

export type { TradeDate } from "./fields.js";

/** Buy or Sell: the only two actions Tradovate knows. */
export type Action = "Buy" | "Sell";

/** Order states Tradovate documents; others may appear and are kept as strings. */
export type OrdStatus =
  | "Canceled"
  | "Completed"
  | "Expired"
  | "Filled"
  | "PendingCancel"
  | "PendingNew"
  | "PendingReplace"
  | "Rejected"
  | "Suspended"
  | "Unknown"
  | "Working"
  | (string & {});

/** Execution report types Tradovate documents (`New`, `Trade`, ...); others kept as strings. */
export type ExecType =
  | "Canceled"
  | "Completed"
  | "DoneForDay"
  | "Expired"
  | "New"
  | "OrderStatus"
  | "PendingCancel"
  | "PendingNew"
  | "PendingReplace"
  | "Rejected"
  | "Replaced"
  | "Stopped"
  | "Suspended"
  | "Trade"
  | "TradeCancel"
  | "TradeCorrect"
  | (string & {});

/** The life stages of a command (an order request); others kept as strings. */
export type CommandStatus =
  | "AtExecution"
  | "ExecutionRejected"
  | "ExecutionStopped"
  | "ExecutionSuspended"
  | "OnHold"
  | "Pending"
  | "PendingExecution"
  | "Replaced"
  | "RiskPassed"
  | "RiskRejected"
  | (string & {});

/** A Tradovate user (login); `user/syncrequest` answers with a non-empty list of them. */
export interface User {
  id: number;
  name: string;
  timestamp?: string;
  email?: string;
  status?: string;
  professional?: boolean;
  organizationId?: number;
}

/** A trading account of a user. */
export interface Account {
  id: number;
  name: string;
  userId: number;
  accountType?: string;
  active?: boolean;
  clearingHouseId?: number;
  riskCategoryId?: number;
  autoLiqProfileId?: number;
  marginAccountType?: string;
  legalStatus?: string;
  archived?: boolean;
}

/** The net position of one account in one contract for one trade date. */
export interface Position {
  id: number;
  accountId: number;
  contractId: number;
  timestamp: string;
  tradeDate: TradeDate;
  /** Signed net quantity: positive long, negative short. */
  netPos: number;
  /** Average price of what is held; absent when flat. */
  netPrice?: number;
  bought: number;
  boughtValue: number;
  sold: number;
  soldValue: number;
  prevPos: number;
  prevPrice?: number;
}

/** One execution of an order. */
export interface Fill {
  id: number;
  orderId: number;
  contractId: number;
  timestamp: string;
  tradeDate: TradeDate;
  action: Action;
  qty: number;
  price: number;
  active: boolean;
  /** How much of this fill has been paired against opposite fills (an integer quantity). */
  finallyPaired: number;
}

/** A buy fill matched against a sell fill (FIFO): Tradovate's record of closed quantity. */
export interface FillPair {
  id: number;
  positionId: number;
  buyFillId: number;
  sellFillId: number;
  qty: number;
  buyPrice: number;
  sellPrice: number;
  active: boolean;
}

/** Cash of an account in one currency, with the day's and week's realized P&L. */
export interface CashBalance {
  id: number;
  accountId: number;
  timestamp: string;
  tradeDate: TradeDate;
  currencyId: number;
  amount: number;
  realizedPnL?: number;
  weekRealizedPnL?: number;
}

/** An order; its quantity and prices live in its {@link OrderVersion}s. */
export interface Order {
  id: number;
  accountId: number;
  contractId?: number;
  spreadDefinitionId?: number;
  timestamp: string;
  action: Action;
  ordStatus: OrdStatus;
  executionProviderId?: number;
  ocoId?: number;
  parentId?: number;
  linkedId?: number;
  admin: boolean;
}

/** One version of an order's terms (each modify makes a new one). */
export interface OrderVersion {
  id: number;
  orderId: number;
  orderQty: number;
  /** Limit, MIT, Market, QTS, Stop, StopLimit, TrailingStop, TrailingStopLimit. */
  orderType: string;
  price?: number;
  stopPrice?: number;
  maxShow?: number;
  pegDifference?: number;
  timeInForce?: string;
  expireTime?: string;
  text?: string;
}

/** What the exchange side reported about an order: accepted, traded, canceled, rejected... */
export interface ExecutionReport {
  id: number;
  commandId: number;
  name: string;
  accountId: number;
  contractId: number;
  timestamp: string;
  tradeDate?: TradeDate;
  orderId: number;
  execType: ExecType;
  execRefId?: string;
  ordStatus?: OrdStatus;
  action: Action;
  cumQty?: number;
  avgPx?: number;
  lastQty?: number;
  lastPx?: number;
  rejectReason?: string;
  text?: string;
  exchangeOrderId?: string;
}

/** A request about an order (New, Modify, Cancel). */
export interface Command {
  id: number;
  orderId: number;
  timestamp: string;
  clOrdId?: string;
  commandType: string;
  commandStatus: CommandStatus;
  senderId?: number;
  userSessionId?: number;
  activationTime?: string;
  customTag50?: string;
}

/** The outcome of a {@link Command}. */
export interface CommandReport {
  id: number;
  commandId: number;
  timestamp: string;
  commandStatus: CommandStatus;
  rejectReason?: string;
  text?: string;
  ordStatus?: OrdStatus;
}

/** A tradable contract such as ESZ5: `GET /contract/find?name=ESZ5`. */
export interface Contract {
  id: number;
  /** Product root + month letter + year digit(s): `ESZ5`, `MNQH6`, `ESM24`. */
  name: string;
  contractMaturityId: number;
  providerTickSize?: number;
}

/** A delivery month of a product; links a contract to its product. */
export interface ContractMaturity {
  id: number;
  productId: number;
  expirationMonth: number;
  expirationDate: string;
  firstIntentDate?: string;
  underlyingId?: number;
  isFront: boolean;
}

/** A product such as NQ: carries the P&L multiplier (`valuePerPoint`) and the tick size. */
export interface Product {
  id: number;
  name: string;
  currencyId: number;
  productType?: string;
  description?: string;
  exchangeId?: number;
  contractGroupId?: number;
  status?: string;
  months?: string;
  valuePerPoint: number;
  priceFormatType?: string;
  priceFormat?: number;
  tickSize: number;
}

/** Entity type names as the wire spells them (`entityType` of a props event) and their shapes. */
export interface EntityTypes {
  user: User;
  account: Account;
  position: Position;
  fill: Fill;
  fillPair: FillPair;
  cashBalance: CashBalance;
  order: Order;
  orderVersion: OrderVersion;
  executionReport: ExecutionReport;
  command: Command;
  commandReport: CommandReport;
  contract: Contract;
  contractMaturity: ContractMaturity;
  product: Product;
}

/** The entity types tapedeck checks and types. */
export type EntityType = keyof EntityTypes;

/** A checked entity: `kind` is its entity type and says which interface `value` has. */
export type KnownEntity = { [K in EntityType]: { kind: K; value: EntityTypes[K] } }[EntityType];

/** An entity of a type tapedeck has no interface for (marginSnapshot, ...), kept as sent. */
export interface OtherEntity {
  kind: "other";
  entityType: string;
  value: unknown;
}

/** An entity of a known type that lacks a required field or has a field of the wrong type. */
export interface UnrecognisedEntity extends Unrecognised {
  entityType: EntityType;
}

/** What {@link parseEntity} returns. */
export type Entity = KnownEntity | OtherEntity | UnrecognisedEntity;

const action = { oneOf: ["Buy", "Sell"] } as const;

const schemas: { [K in EntityType]: Schema<EntityTypes[K]> } = {
  user: {
    id: "int",
    name: "string",
    timestamp: "string?",
    email: "string?",
    status: "string?",
    professional: "boolean?",
    organizationId: "int?",
  },
  account: {
    id: "int",
    name: "string",
    userId: "int",
    accountType: "string?",
    active: "boolean?",
    clearingHouseId: "int?",
    riskCategoryId: "int?",
    autoLiqProfileId: "int?",
    marginAccountType: "string?",
    legalStatus: "string?",
    archived: "boolean?",
  },
  position: {
    id: "int",
    accountId: "int",
    contractId: "int",
    timestamp: "string",
    tradeDate: "tradeDate",
    netPos: "int",
    netPrice: "number?",
    bought: "int",
    boughtValue: "number",
    sold: "int",
    soldValue: "number",
    prevPos: "int",
    prevPrice: "number?",
  },
  fill: {
    id: "int",
    orderId: "int",
    contractId: "int",
    timestamp: "string",
    tradeDate: "tradeDate",
    action,
    qty: "int",
    price: "number",
    active: "boolean",
    finallyPaired: "int",
  },
  fillPair: {
    id: "int",
    positionId: "int",
    buyFillId: "int",
    sellFillId: "int",
    qty: "int",
    buyPrice: "number",
    sellPrice: "number",
    active: "boolean",
  },
  cashBalance: {
    id: "int",
    accountId: "int",
    timestamp: "string",
    tradeDate: "tradeDate",
    currencyId: "int",
    amount: "number",
    realizedPnL: "number?",
    weekRealizedPnL: "number?",
  },
  order: {
    id: "int",
    accountId: "int",
    contractId: "int?",
    spreadDefinitionId: "int?",
    timestamp: "string",
    action,
    ordStatus: "string",
    executionProviderId: "int?",
    ocoId: "int?",
    parentId: "int?",
    linkedId: "int?",
    admin: "boolean",
  },
  orderVersion: {
    id: "int",
    orderId: "int",
    orderQty: "int",
    orderType: "string",
    price: "number?",
    stopPrice: "number?",
    maxShow: "int?",
    pegDifference: "number?",
    timeInForce: "string?",
    expireTime: "string?",
    text: "string?",
  },
  executionReport: {
    id: "int",
    commandId: "int",
    name: "string",
    accountId: "int",
    contractId: "int",
    timestamp: "string",
    tradeDate: "tradeDate?",
    orderId: "int",
    execType: "string",
    execRefId: "string?",
    ordStatus: "string?",
    action,
    cumQty: "int?",
    avgPx: "number?",
    lastQty: "int?",
    lastPx: "number?",
    rejectReason: "string?",
    text: "string?",
    exchangeOrderId: "string?",
  },
  command: {
    id: "int",
    orderId: "int",
    timestamp: "string",
    clOrdId: "string?",
    commandType: "string",
    commandStatus: "string",
    senderId: "int?",
    userSessionId: "int?",
    activationTime: "string?",
    customTag50: "string?",
  },
  commandReport: {
    id: "int",
    commandId: "int",
    timestamp: "string",
    commandStatus: "string",
    rejectReason: "string?",
    text: "string?",
    ordStatus: "string?",
  },
  contract: {
    id: "int",
    name: "string",
    contractMaturityId: "int",
    providerTickSize: "number?",
  },
  contractMaturity: {
    id: "int",
    productId: "int",
    expirationMonth: "int",
    expirationDate: "string",
    firstIntentDate: "string?",
    underlyingId: "int?",
    isFront: "boolean",
  },
  product: {
    id: "int",
    name: "string",
    currencyId: "int",
    productType: "string?",
    description: "string?",
    exchangeId: "int?",
    contractGroupId: "int?",
    status: "string?",
    months: "string?",
    valuePerPoint: "number",
    priceFormatType: "string?",
    priceFormat: "int?",
    tickSize: "number",
  },
};

/** True when tapedeck has an interface for this entity type name. */
export function isEntityType(name: string): name is EntityType {
  return Object.hasOwn(schemas, name);
}

/** The field checks of a known entity type (used by tests and generators to stay in step). */
export function entitySchema<K extends EntityType>(entityType: K): Schema<EntityTypes[K]> {
  return schemas[entityType] as Schema<EntityTypes[K]>;
}

/**
 * Types one entity. A known entity type whose object fits its interface comes back typed (the
 * same object, every extra field kept); one that does not fit comes back unrecognised saying
 * which field is wrong; an entity type tapedeck does not know comes back as `other`. Never throws.
 */
export function parseEntity(entityType: string, value: unknown): Entity {
  if (!isEntityType(entityType)) return { kind: "other", entityType, value };
  if (!isObject(value)) {
    return {
      ...unrecognised(
        toJsonText(value),
        `${entityType}: expected an object, got ${jsonType(value)}`,
      ),
      entityType,
    };
  }
  const problem = schemaProblem(value, schemas[entityType], entityType);
  if (problem !== undefined) {
    return { ...unrecognised(toJsonText(value), problem), entityType };
  }
  // The schema check above is what makes this value an EntityTypes[entityType].
  return { kind: entityType, value } as unknown as KnownEntity;
}

/** The typed values of one entity type in a list of entities, e.g. every position. */
export function entitiesOf<K extends EntityType>(
  entities: readonly Entity[],
  kind: K,
): EntityTypes[K][] {
  const out: EntityTypes[K][] = [];
  for (const entity of entities) {
    if (entity.kind === kind) out.push(entity.value as EntityTypes[K]);
  }
  return out;
}
