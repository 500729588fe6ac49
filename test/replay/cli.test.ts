import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { isLoopback } from "../../src/cli/replay.js";
import { runCli } from "../../src/cli/run.js";
import { formatStatus } from "../../src/replay/status.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { cli, repoRoot } from "../helpers/cli.js";
import { connect } from "./ws-client.js";

const FIXTURE = join(repoRoot, "test/fixtures/replay/demo.tape.jsonl");

/** Runs `replay` in-process until `body` is done, then stops it as Ctrl-C would. */
async function serving(args: string[], body: (out: string) => Promise<void>) {
  const io = bufferIo();
  const stop = new AbortController();
  const run = runCli(["replay", ...args], io, stop.signal);
  for (let k = 0; k < 500 && !io.stdout.includes("control"); k++) {
    await new Promise((r) => setTimeout(r, 10));
    if (io.stderr.includes("tapedeck:") && !io.stderr.includes("warning")) break;
  }
  try {
    await body(io.stdout);
  } finally {
    stop.abort();
  }
  const code = await run;
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const urlOf = (out: string, label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(out)?.[1] ?? "";

describe("tapedeck replay", () => {
  test("serves a tape on 127.0.0.1, prints every URL, stops cleanly", async () => {
    const r = await serving([FIXTURE, "--speed", "max"], async (out) => {
      const rest = urlOf(out, "REST");
      expect(rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await fetch(`${rest}/contract/find?name=ESZ5`);
      expect(await res.json()).toEqual(expect.objectContaining({ id: 3001 }));
      const md = await connect(urlOf(out, "market data"));
      md.send("authorize\n0\n\nt");
      await md.until((f) => f.includes('a[{"s":200,"i":0}]'));
      md.close();
      for (const label of ["trading", "market replay", "Trade Manager", "control"]) {
        expect(urlOf(out, label)).toMatch(/^(ws|http):\/\/127\.0\.0\.1:\d+\//);
      }
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("replay stopped");
  });

  test("--live-report serves the report page at / and its data grows as frames are served", async () => {
    const r = await serving([FIXTURE, "--speed", "max", "--live-report"], async (out) => {
      const page = urlOf(out, "live report");
      expect(page).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const html = await (await fetch(page)).text();
      expect(html).toMatch(/^<!doctype html>/i);
      const before = await (await fetch(`${page}_report/data.json`)).json();
      const md = await connect(urlOf(out, "market data"));
      md.send("authorize\n0\n\nt");
      await md.until((f) => f.includes('a[{"s":200,"i":0}]'));
      md.close();
      await md.closed;
      const after = await (await fetch(`${page}_report/data.json`)).json();
      expect(JSON.stringify(after).length).toBeGreaterThan(JSON.stringify(before).length);
      // The API still answers beside the page.
      expect((await fetch(`${urlOf(out, "REST")}/no/such`)).status).toBe(404);
    });
    expect(r.code).toBe(0);
  });

  test("--record writes the served session to a new tape", async () => {
    const tape = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "served.tape.jsonl");
    const r = await serving([FIXTURE, "--record", tape], async (out) => {
      const c = await connect(urlOf(out, "trading"));
      await c.until((f) => f[0] === "o");
      c.close();
      await c.closed;
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`recording to ${tape}`);
    const { events } = await readTapeAll(tape);
    expect(events.map((e) => e.k)).toEqual(["open", "recv", "close"]);
  });

  test("--role-ports gives each role its own port, keeping /v1/websocket", async () => {
    const r = await serving([FIXTURE, "--role-ports"], async (out) => {
      const md = urlOf(out, "market data");
      const trading = urlOf(out, "trading");
      expect(md).toMatch(/\/v1\/websocket$/);
      expect(new URL(md).port).not.toBe(new URL(trading).port);
      const c = await connect(md);
      await c.until((f) => f[0] === "o");
      c.close();
    });
    expect(r.code).toBe(0);
  });

  test("bad flags are one-line input errors (exit 2)", async () => {
    const speed = await cli("replay", FIXTURE, "--speed", "1000");
    expect(speed.code).toBe(2);
    expect(speed.stderr).toBe('tapedeck: --speed: expected 0.25..100 or max, got "1000"\n');
    const fault = await cli("replay", FIXTURE, "--fault", "explode:p=1");
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(/^tapedeck: --fault: unknown fault "explode"/);
    const port = await cli("replay", FIXTURE, "--port", "80.5");
    expect(port.stderr).toBe('tapedeck: --port: expected an integer 0..65535, got "80.5"\n');
    const ports = await cli("replay", FIXTURE, "--role-ports", "1,2");
    expect(ports.stderr).toBe(
      "tapedeck: --role-ports: give 4 ports: trading,md,replay,trademanager\n",
    );
    const seq = await cli("replay", FIXTURE, "--from", "99999");
    expect(seq.stderr).toMatch(
      /^tapedeck: --from: .*demo\.tape\.jsonl has no event with seq 99999\n$/,
    );
    const when = await cli("replay", FIXTURE, "--from", "2020-01-01T00:00:00Z");
    expect(when.stderr).toMatch(/^tapedeck: --from: 2020-01-01T00:00:00Z is outside /);
    const mode = await cli("replay", FIXTURE, "--session", "ip");
    expect(mode.code).toBe(2);
    const missing = await cli("replay", "nope.tape.jsonl");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("tapedeck: nope.tape.jsonl: no such file\n");
  });

  test("bad sim flags are one-line input errors (exit 2)", async () => {
    const cases: Array<[string[], string]> = [
      [["--fill-model", "fifo"], '--fill-model: expected touch, through or queue, got "fifo"'],
      [["--latency", "fast"], '--latency: expected a duration such as 0ms, 50ms or 1s, got "fast"'],
      [["--jitter", "-1ms"], '--jitter: expected a duration such as 0ms, 50ms or 1s, got "-1ms"'],
      [["--balance", "lots"], '--balance: expected a number 0..1000000000000, got "lots"'],
      [["--stop-trigger", "mid"], '--stop-trigger: expected last or bidask, got "mid"'],
    ];
    for (const [flags, line] of cases) {
      const r = await cli("replay", FIXTURE, ...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`tapedeck: ${line}\n`);
    }
  });

  test("--sim answers order entry from the simulated account over REST", async () => {
    const r = await serving(
      [FIXTURE, "--speed", "max", "--sim", "--latency", "1ms"],
      async (out) => {
        const rest = urlOf(out, "REST");
        const login = await fetch(`${rest}/auth/accesstokenrequest`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "bot", password: "x" }),
        });
        const { accessToken } = (await login.json()) as { accessToken: string };
        const post = (path: string, body: unknown) =>
          fetch(`${rest}/${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
            body: JSON.stringify(body),
          }).then(async (res) => ({ status: res.status, body: await res.json() }));
        const off = await post("order/placeorder", {
          symbol: "ESZ5",
          action: "Buy",
          orderQty: 1,
          orderType: "Limit",
          price: 1.1,
          isAutomated: true,
        });
        expect(off.status).toBe(200);
        expect(off.body.failureReason).toBe("InvalidPrice");
        const bad = await post("order/placeorder", { symbol: "ESZ5" });
        expect(bad).toEqual({ status: 400, body: 'Invalid JSON: missing required field "action"' });
      },
    );
    expect(r.code).toBe(0);
  });

  test("no tape: the demo if there is one, else a clear error", async () => {
    const dir = join(repoRoot, "recordings/demo");
    const hasDemo =
      existsSync(dir) && readdirSync(dir).some((n) => /\.tape\.jsonl(\.gz)?$/.test(n));
    if (hasDemo) {
      const r = await serving([], async (out) => {
        expect(out).toContain("recordings/demo");
      });
      expect(r.code).toBe(0);
    } else {
      const r = await cli("replay");
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("tapedeck: no tape given and no demo in recordings/demo\n");
    }
  });

  test("only loopback hosts go without a warning", () => {
    for (const h of ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
      expect(isLoopback(h)).toBe(true);
    for (const h of ["0.0.0.0", "192.168.1.5", "::", "example.com"])
      expect(isLoopback(h)).toBe(false);
  });
});

describe("status line", () => {
  test("off a terminal, a plain status line every few seconds", async () => {
    const r = await serving([FIXTURE, "--status-every", "0.1"], async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    expect(r.stdout).toMatch(/^0 clients, 0 sessions$/m);
    expect(r.stdout).not.toContain("\r");
  });

  test("formatStatus names speed, tape time and frames of each session", () => {
    const line = formatStatus(
      [
        {
          key: "a",
          speed: 2,
          paused: false,
          tapeUs: 1,
          tapeTime: "2026-11-25T14:03:08.020Z",
          connections: [],
          framesSent: 12,
          pendingStreams: 1,
          held: false,
        },
        {
          key: "b",
          speed: "max",
          paused: true,
          tapeUs: undefined,
          tapeTime: undefined,
          connections: [],
          framesSent: 0,
          pendingStreams: 0,
          held: true,
        },
      ],
      3,
    );
    expect(line).toBe(
      "3 clients, 2 sessions | s1 2x 14:03:08.020 12 frames | s2 paused --:--:-- 0 frames (slow client)",
    );
  });
});
