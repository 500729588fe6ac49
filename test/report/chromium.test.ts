import { describe, expect, test } from "vitest";
import { skipBrowserReason } from "./chromium.js";

describe("when browser tests skip", () => {
  test("only when Chromium is missing outside CI", () => {
    expect(skipBrowserReason(true, undefined)).toBeNull();
    expect(skipBrowserReason(true, "true")).toBeNull();
    expect(skipBrowserReason(false, "true")).toBeNull();
    expect(skipBrowserReason(false, undefined)).toMatch(
      /chromium is missing .*ensure-chromium\.sh/,
    );
    expect(skipBrowserReason(false, "false")).toMatch(/browser tests skipped/);
  });
});
