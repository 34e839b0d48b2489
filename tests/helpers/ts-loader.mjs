// A Node module loader for running pyward's TypeScript sources in a worker thread under vitest (which
// transforms TypeScript only on its own main thread). `--import ./tests/helpers/ts-loader.mjs` registers
// hooks that map a `.js` specifier to its `.ts` sibling when only the latter exists and strip types with
// TypeScript's `transpileModule`. Used by tests through the PYWARD_WORKER_IMPORT environment variable
// (see src/engine/pool.ts); never by the built package.
import { register } from "node:module";

register(new URL("./ts-hooks.mjs", import.meta.url));
