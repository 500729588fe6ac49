import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores here: forks keep native sockets and child processes isolated per file.
    pool: "forks",
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
