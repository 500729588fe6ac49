import { describe, expect, test } from "vitest";
import { skipBrowserReason } from "./chromium.js";

describe("when browser tests skip", () => {
  test("only when Chromium is missing outside CI", () => {
    // "" means "not under CI": undefined would fall back to this process's own CI variable.
    expect(skipBrowserReason(true, "")).toBeNull();
    expect(skipBrowserReason(true, "true")).toBeNull();
    expect(skipBrowserReason(false, "true")).toBeNull();
    expect(skipBrowserReason(false, "")).toMatch(/chromium is missing .*ensure-chromium\.sh/);
    expect(skipBrowserReason(false, "false")).toMatch(/browser tests skipped/);
  });
});
