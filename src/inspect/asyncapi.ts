/**
 * An AsyncAPI 3.0 document of what a tape shows: one channel per connection channel (role, or
 * protocol, host and path), one message per kind with a JSON Schema payload from its inferred
 * shape, and per channel a `send` operation (what the server sent, received by the recorded
 * client) and a `receive` operation (what the client sent). The document describes the server.
 */
import type { InspectReport, KindInfo } from "./report.js";
import { type JsonSchema, shapeSchema } from "./schema.js";

/** An AsyncAPI document as plain JSON. */
export type AsyncApiDocument = Record<string, unknown>;

/** Keeps letters, digits, `_` and `-`, as AsyncAPI's component and map keys require. */
export function asyncApiId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "");
  return id === "" ? "x" : id;
}

/** A key not in `taken`: `id`, else `id-2`, `id-3`... */
function unique(id: string, taken: Set<string>): string {
  let key = id;
  for (let n = 2; taken.has(key); n++) key = `${id}-${n}`;
  taken.add(key);
  return key;
}

function payloadOf(k: KindInfo): { payload: JsonSchema; contentType: string } {
  const bare = k.kind.replace(/^send:/, "");
  if (bare === "binary") {
    return {
      payload: { type: "string", format: "binary" },
      contentType: "application/octet-stream",
    };
  }
  if (k.shape.fields.length === 0) {
    return { payload: { type: "string" }, contentType: "text/plain" };
  }
  return { payload: shapeSchema(k.shape), contentType: "application/json" };
}

function serverOf(url: string): { host: string; protocol: string } | undefined {
  try {
    const u = new URL(url);
    const protocol = u.protocol.replace(/:$/, "");
    return u.host === "" ? undefined : { host: u.host, protocol };
  } catch {
    return undefined;
  }
}

/** Builds the AsyncAPI 3.0 document of a report. */
export function toAsyncApi(r: InspectReport): AsyncApiDocument {
  const servers: Record<string, unknown> = {};
  const serverKeys = new Map<string, string>();
  const serverIds = new Set<string>();
  const channelServers = new Map<string, Set<string>>();
  const channelAddress = new Map<string, string>();
  for (const c of r.connections) {
    const s = serverOf(c.url);
    if (s === undefined) continue;
    const hostKey = `${s.protocol}://${s.host}`;
    let id = serverKeys.get(hostKey);
    if (id === undefined) {
      id = unique(asyncApiId(s.host), serverIds);
      serverKeys.set(hostKey, id);
      servers[id] = { host: s.host, protocol: s.protocol };
    }
    const set = channelServers.get(c.channel) ?? new Set<string>();
    set.add(id);
    channelServers.set(c.channel, set);
    if (!channelAddress.has(c.channel)) channelAddress.set(c.channel, new URL(c.url).pathname);
  }

  const channels: Record<string, Record<string, unknown>> = {};
  const channelIds = new Map<string, string>();
  const channelIdSet = new Set<string>();
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const messageIds = new Set<string>();
  const opMessages = new Map<string, Array<{ $ref: string }>>();

  for (const k of r.kinds) {
    let cid = channelIds.get(k.channel);
    if (cid === undefined) {
      cid = unique(asyncApiId(k.channel), channelIdSet);
      channelIds.set(k.channel, cid);
      const channel: Record<string, unknown> = {
        title: k.channel,
        address: channelAddress.get(k.channel) ?? null,
        messages: {},
      };
      const ss = channelServers.get(k.channel);
      if (ss) channel.servers = [...ss].map((id) => ({ $ref: `#/servers/${id}` }));
      channels[cid] = channel;
    }
    const channel = channels[cid] as { messages: Record<string, unknown> };
    const mid = unique(asyncApiId(`${cid}.${k.kind}`), messageIds);
    const { payload, contentType } = payloadOf(k);
    messages[mid] = {
      name: k.kind,
      title: k.kind,
      summary: `${k.count} ${k.dir === "recv" ? "sent by the server" : "sent by the client"} on ${k.channel}`,
      contentType,
      payload,
    };
    channel.messages[mid] = { $ref: `#/components/messages/${mid}` };
    // The server's view: what the recorded client received, the server sent.
    const action = k.dir === "recv" ? "send" : "receive";
    const opId = `${cid}_${action}`;
    const list = opMessages.get(opId) ?? [];
    list.push({ $ref: `#/channels/${cid}/messages/${mid}` });
    opMessages.set(opId, list);
    operations[opId] = { action, channel: { $ref: `#/channels/${cid}` }, messages: list };
  }

  const title = r.header.label ?? r.header.id;
  const doc: AsyncApiDocument = {
    asyncapi: "3.0.0",
    info: {
      title: `${title} (inferred by tapedeck)`,
      version: r.header.started,
      description:
        "Channels and messages inferred from a tapedeck recording. Operations are from the " +
        "server's side: `send` is what the recorded client received. Tradovate messages are the " +
        "JSON inside SockJS `a[...]` frames; client requests are described by their JSON body.",
    },
    defaultContentType: "application/json",
  };
  if (Object.keys(servers).length > 0) doc.servers = servers;
  doc.channels = channels;
  doc.operations = operations;
  doc.components = { messages };
  return doc;
}
