import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

// Real sockets on 127.0.0.1 and a real child process: the demo as a user runs it.
describe("tapedeck demo", () => {
  it("replays the demo to the example client, whose open P&L equals tapedeck pnl", async () => {
    const r = await cli("demo");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /the client received \d+ trading frames and \d+ md frames, and [1-9]\d* one-minute bars up to end of history/,
    );
    expect(r.stdout).toMatch(/ESZ6\s+-2\s+6712\.50\s+6712\.25\s+\$25\.00\s+\$25\.00\s+agree/);
    expect(r.stdout).toContain("equals tapedeck pnl");
    // The bot trades on a simulated account; its own figures equal pnl of the served session.
    expect(r.stdout).toMatch(
      /the bot placed [1-9]\d* orders and got [1-9]\d* fills of its own on ESZ6/,
    );
    for (const what of ["fills", "realized P&L", "cash", "open P&L", "venue vs ledger"]) {
      expect(r.stdout).toMatch(new RegExp(`${what.replace("&", "\\&")}\\s.*\\sagree\\n`));
    }
    expect(r.stdout).toContain(
      "the bot's own fills, cash and P&L equal tapedeck pnl of the recorded session.",
    );
  });

  it("exits 1 and says DIFFER when a bot's figures are not what it was sent", async () => {
    const wrong = fileURLToPath(new URL("../fixtures/demo/wrong-bot.mjs", import.meta.url));
    const r = await cli("demo", "--bot", wrong);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/realized P&L\s+\$999\.00\s+\$0\.00\s+DIFFER/);
    expect(r.stdout).toMatch(/cash\s+\$50999\.00\s+\$50000\.00\s+DIFFER/);
  });

  it("exits 1 and says DIFFER when a client's figure is wrong", async () => {
    const wrong = fileURLToPath(new URL("../fixtures/demo/wrong-client.mjs", import.meta.url));
    const r = await cli("demo", "--client", wrong);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\$999\.00\s+\$25\.00\s+DIFFER/);
  });

  it("refuses a bad speed with exit 2", async () => {
    const r = await cli("demo", "--speed", "fast");
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const bot = await cli("demo", "--bot-speed", "max");
    expect(bot.code).toBe(2);
    expect(bot.stderr).toBe('tapedeck: --bot-speed: expected a number 0.25..100, got "max"\n');
  });
});
