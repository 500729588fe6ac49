import { describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";

describe("tapedeck conform: bad input is one line and exit code 2", () => {
  test.each([
    [["conform", "--stage", "bogus", "--", "node", "x.js"], 'unknown stage "bogus"'],
    [
      ["conform", "--timeout", "soon", "--", "node", "x.js"],
      '--timeout: expected seconds 0..3600, got "soon"',
    ],
    [["conform", "--reporter", "tap", "--", "node", "x.js"], 'only junit is supported, got "tap"'],
    [["conform", "--json", "--reporter", "junit", "--", "node", "x.js"], "pick one"],
    [
      ["conform", "--tape", "/nonexistent/t.tape.jsonl", "--", "node", "x.js"],
      "/nonexistent/t.tape.jsonl",
    ],
    [["conform", "--", "/nonexistent/bot-binary"], "cannot start /nonexistent/bot-binary"],
  ])("%j", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("the client command is required", async () => {
    const r = await cli("conform");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument");
  });

  test("--help lists the stages", async () => {
    const r = await cli("conform", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, " ")).toContain(
      "login, heartbeats, sync, reconnect, tokens, ratelimit, orders, hygiene",
    );
  });
});
