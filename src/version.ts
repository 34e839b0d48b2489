/** pyward's version, read from its package.json (one level above both `src/` and `dist/`). */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The package version (semver). */
export const VERSION: string = (require("../package.json") as { version: string }).version;
