/**
 * pyward's version, read from its package.json: the nearest one named `pyward` above this module (one level up
 * from `src/` and `dist/`, two from the bundle in `dist/bundle/`).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

function readVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(fileURLToPath(new URL(rel, import.meta.url)), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pyward" && typeof pkg.version === "string") return pkg.version;
    } catch {
      /* not there: the next level */
    }
  }
  throw new Error("pyward: its package.json was not found beside the code");
}

/** The package version (semver). @throws Error when pyward's package.json is missing (a broken installation) */
export const VERSION: string = readVersion();
