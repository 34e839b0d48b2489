/**
 * Entry point of a worker thread when the CLI runs from the bundle: loads the bundle's worker file
 * (`dist/bundle/worker.cjs`, which is `src/engine/worker.ts`) with its code cache, as the main thread loads the
 * program (`bundle-loader.ts`). `src/engine/pool.ts` starts workers here when it runs from a `.cjs` bundle file.
 */
import { fileURLToPath } from "node:url";
import { loadBundled } from "./bundle-loader.js";

loadBundled(fileURLToPath(new URL("../bundle/worker.cjs", import.meta.url)));
