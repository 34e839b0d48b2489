import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // the CLI's default result cache (.pyward_cache/) stays off in tests; cache tests pass --cache-dir
    env: { PYWARD_NO_CACHE: "1" },
  },
});
