import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // the CLI's default result cache (.pyward_cache/) stays off in tests; cache tests pass --cache-dir, and name
    // entries with this secret rather than one made in the user's cache directory (tests/engine/cache-secret.test.ts
    // tests that one)
    env: { PYWARD_NO_CACHE: "1", PYWARD_CACHE_SECRET: "pyward-tests-not-a-secret-0123456789" },
  },
});
