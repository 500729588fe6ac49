/** The record command's input errors, its status line and summary text. */
import { join } from "node:path";
import nock from "nock";
import { afterEach, expect, test, vi } from "vitest";
import type { RecordingStats } from "../../src/record/recording.js";
import { formatElapsed, statusLine, summaryText } from "../../src/record/status.js";
import { cli } from "../helpers/cli.js";
import { CREDS, tmpDir, writeEnvFile } from "./harness.js";

afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});

test("credentials only from env/.env: a missing variable is named, exit 2", async () => {
  for (const k of Object.keys(CREDS)) vi.stubEnv(k, "");
  const dir = tmpDir();
  const res = await cli(
    "record",
    "tradovate",
    "--symbols",
    "ES1!",
    "--dotenv",
    join(dir, "none"),
    "--out",
    dir,
  );
  expect(res.code).toBe(2);
  expect(res.stderr).toBe(
    "tapedeck: record tradovate needs TRADOVATE_USERNAME, TRADOVATE_PASSWORD, TRADOVATE_APP_ID, TRADOVATE_APP_VERSION, TRADOVATE_CID, TRADOVATE_SEC in the environment or in .env (never as flags)\n",
  );
  const flag = await cli("record", "tradovate", "--password", "x");
  expect(flag.code).toBe(2);
  expect(flag.stderr).toMatch(/unknown option '--password'/);
});

test("bad flags are one-line input errors", async () => {
  const dir = tmpDir();
  const env = writeEnvFile(dir);
  const cases: Array<[string[], RegExp]> = [
    [["record", "tradovate", "--dotenv", env], /nothing to record; give --symbols and\/or --user/],
    [
      ["record", "tradovate", "--user", "--env", "paper", "--dotenv", env],
      /--env: expected demo or live/,
    ],
    [["record", "tradovate", "--user", "--base-url", "ftp://x", "--dotenv", env], /--base-url/],
    [
      ["record", "tradovate", "--symbols", "ES1!", "--chart", "weekly", "--dotenv", env],
      /--chart: expected/,
    ],
    [["record", "tradovate", "--user", "--rotate", "often", "--dotenv", env], /--rotate: expected/],
    [
      ["record", "tradovate", "--user", "--duration", "soon", "--dotenv", env],
      /--duration: expected/,
    ],
    [
      ["record", "tradovate", "--quotes", "--symbols", "ES1!,BTCUSDT", "--dotenv", env],
      /--symbols: "BTCUSDT" is a spot pair/,
    ],
    [["record", "tradovate", "--symbols", "what?", "--dotenv", env], /--symbols: "what\?"/],
    [["record", "url", "http://127.0.0.1:1/"], /record url: expected ws:\/\/ or wss:\/\//],
    [
      ["record", "url", "ws://127.0.0.1:1/", "--header", "nocolon"],
      /--header: expected "Name: value"/,
    ],
    [["record", "trademanager", "--dotenv", join(dir, "none")], /give --user/],
  ];
  for (const [argv, message] of cases) {
    const res = await cli(...argv);
    expect(res.stderr, argv.join(" ")).toMatch(message);
    expect(res.code, argv.join(" ")).toBe(2);
  }
});

test("a refused login: exit 2, the server's text, no credential, and a tape that says so", async () => {
  nock("https://demo.tradovateapi.com")
    .post("/v1/auth/accesstokenrequest")
    .reply(200, { errorText: `Password ${CREDS.TRADOVATE_PASSWORD} is wrong` });
  const dir = tmpDir();
  const res = await cli(
    "record",
    "tradovate",
    "--user",
    "--dotenv",
    writeEnvFile(dir),
    "--out",
    dir,
  );
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(
    /^tapedeck: Tradovate refused the login: Password «secret:\d+» is wrong\n$/,
  );
  expect(res.stderr).not.toContain(CREDS.TRADOVATE_PASSWORD);
});

const stats: RecordingStats = {
  startedAt: 1_000_000,
  frames: 120,
  bytes: 15_300,
  gaps: 1,
  http: 3,
  connections: [
    {
      c: 1,
      url: "wss://demo.tradovateapi.com/v1/websocket",
      role: "trading",
      frames: 20,
      bytes: 300,
      open: true,
    },
    {
      c: 2,
      url: "wss://md.tradovateapi.com/v1/websocket",
      role: "md",
      frames: 60,
      bytes: 9000,
      open: false,
    },
    {
      c: 3,
      url: "wss://md.tradovateapi.com/v1/websocket",
      role: "md",
      frames: 40,
      bytes: 6000,
      open: true,
    },
  ],
  files: ["recordings/x.tape.jsonl"],
};

test("status line: connections, frames/s since the last line, bytes, gaps, elapsed", () => {
  expect(statusLine(stats, 1_000_000 + 65_000, { frames: 100, at: 1_000_000 + 55_000 })).toBe(
    "recording 1m05s | 2 open / 3 conn | 120 frames (2.0/s) | 15.3 kB | 1 gap",
  );
  expect(formatElapsed(3_723_000)).toBe("1h02m03s");
});

test("summary: duration, frames per connection, gaps, files", () => {
  expect(summaryText(stats, 1_000_000 + 10_000)).toBe(
    [
      "recorded 10s: 120 frames, 15.3 kB, 3 http, 1 gap",
      "  c1 trading wss://demo.tradovateapi.com/v1/websocket: 20 frames, 300 B",
      "  c2 md wss://md.tradovateapi.com/v1/websocket: 60 frames, 9.0 kB",
      "  c3 md wss://md.tradovateapi.com/v1/websocket: 40 frames, 6.0 kB",
      "tape: recordings/x.tape.jsonl",
      "",
    ].join("\n"),
  );
});
