/** Loads test/fixtures/tradovate/spec-frames.json: every example frame of the protocol spec. */
import { readFileSync } from "node:fs";

export interface ServerFixture {
  name: string;
  source: string;
  /** True when the spec shows one message rather than a whole `a[...]` frame. */
  message?: boolean;
  text: string;
  /** Request endpoints by id, for classifying responses. */
  endpoints?: Record<string, string>;
  kinds: string[];
  errorText?: string;
}

export interface ClientFixture {
  name: string;
  source: string;
  text: string;
  expect: {
    kind: string;
    endpoint?: string;
    endpointKey?: string;
    id?: number;
    query?: string;
    body?: unknown;
    bodyAbsent?: boolean;
    token?: string;
    whyStartsWith?: string;
  };
}

export interface EntityFixture {
  name: string;
  source: string;
  entityType: string;
  value: Record<string, unknown>;
}

export const specFrames = JSON.parse(
  readFileSync(new URL("../../fixtures/tradovate/spec-frames.json", import.meta.url), "utf8"),
) as { server: ServerFixture[]; client: ClientFixture[]; entities: EntityFixture[] };

/** The fixture as a whole server frame: single messages are wrapped in `a[...]`. */
export function frameText(f: ServerFixture): string {
  return f.message ? `a[${f.text}]` : f.text;
}

/** Every fixture frame text, server and client, for mutation-based tests. */
export const allServerTexts = specFrames.server.map(frameText);
export const allClientTexts = specFrames.client.map((c) => c.text);
