/**
 * Headless Chromium for the report's browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core, which never downloads a browser. scripts/ensure-chromium.sh installs it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * Why browser tests are skipped, or null when they run. They are skipped only when Chromium is
 * missing outside CI; under CI=true a missing Chromium fails them instead.
 */
export function skipBrowserReason(
  installed = existsSync(CHROMIUM),
  ci = process.env.CI,
): string | null {
  if (installed || ci === "true") return null;
  return `${CHROMIUM} is missing (run scripts/ensure-chromium.sh): browser tests skipped`;
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium with a fresh profile; `close` also removes the profile. */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), "tapedeck-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
