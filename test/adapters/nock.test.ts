/**
 * tapedeck/nock: code calling Tradovate's REST API with fetch or https gets the demo tape's
 * answers (fresh tokens, recorded exchanges, the snapshot) from the replay engine, without the
 * network. Kept apart from the msw tests: both patch Node's http stack.
 */
import https from "node:https";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type NockTape, nockTape } from "../../src/adapters/nock.js";
import { repoRoot } from "../helpers/cli.js";

let tape: NockTape;

beforeAll(async () => {
  nock.disableNetConnect();
  tape = await nockTape(join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl"));
});

afterAll(() => {
  tape.close();
  nock.enableNetConnect();
});

/** GET with node:https, the way older clients call REST. */
function httpsGet(url: string, token: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const options = {
      hostname: u.hostname,
      path: `${u.pathname}${u.search}`,
      method: "GET",
      headers: { authorization: `Bearer ${token}` },
    };
    // Through the module object: nock patches https.request after a named import was bound.
    const req = https.request(options, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (s: string) => {
        body += s;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("login issues a token; recorded exchanges and unknown paths answer like the server", async () => {
  const login = await fetch(`${tape.urls.rest}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "tape_reader", password: "x" }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  expect(accessToken).toMatch(/.+/);

  const found = await httpsGet(`${tape.urls.rest}/contract/find?name=ESZ6`, accessToken);
  expect(found.status).toBe(200);
  expect(JSON.parse(found.body)).toMatchObject({ id: 3748056, name: "ESZ6" });

  const missing = await httpsGet(`${tape.urls.rest}/nothing/here`, accessToken);
  expect(missing.status).toBe(404);
  expect(JSON.parse(missing.body)).toBe("Not found: nothing/here");
});

test("an empty login name gets Tradovate's errorText", async () => {
  const r = await fetch(`${tape.urls.rest}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "" }),
  });
  expect((await r.json()) as { errorText?: string }).toHaveProperty("errorText");
});
