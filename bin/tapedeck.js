#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through `prepare`); falls back to the
// TypeScript sources through tsx when dist/ is absent (a checkout without a build).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cli/main.ts", import.meta.url).href);
}
