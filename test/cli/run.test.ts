import { describe, expect, it } from "vitest";
import { cli, cliProcess } from "../helpers/cli.js";

describe("tapedeck CLI shell", () => {
  it("prints help and exits 0", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: tapedeck");
  });

  it("rejects an unknown flag with exit code 2 and one plain line", async () => {
    const r = await cli("--no-such-flag");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs as a real process with the same exit codes", () => {
    expect(cliProcess(["--version"]).stdout.trim()).toBe("0.1.0");
    expect(cliProcess(["--nope"]).code).toBe(2);
  });
});
