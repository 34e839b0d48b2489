/** Shared helpers of the advisory/audit tests: dependency and OSV record builders, temp dirs, the snapshot. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Dependency, ManifestKind } from "../../src/deps/types.js";
import { normalizeName } from "../../src/deps/advisories/names.js";
import type { OsvRecord } from "../../src/deps/advisories/types.js";

/** Path of the shared PyPA snapshot (`../shared/advisories/pypa-osv.json` beside the checkout). */
export const SNAPSHOT = fileURLToPath(new URL("../../../shared/advisories/pypa-osv.json", import.meta.url));
/** Whether the snapshot is present; tests that need it skip with a message when not. */
export const HAVE_SNAPSHOT = fs.existsSync(SNAPSHOT);
if (!HAVE_SNAPSHOT) {
  console.warn(`[pyward tests] ${SNAPSHOT} is absent: tests that need the PyPA snapshot are skipped`);
}

/** A dependency as a manifest reader would produce it. */
export function dep(name: string, init: Partial<Dependency> = {}): Dependency {
  const d: Dependency = {
    name,
    normalizedName: normalizeName(name),
    specifier: init.version !== undefined ? `==${init.version}` : "",
    extras: [],
    hashes: [],
    file: "requirements.txt",
    line: 1,
    kind: "requirements" as ManifestKind,
    locked: false,
    ...init,
  };
  return d;
}

/** A minimal OSV record for PyPI package `name`. */
export function record(id: string, name: string, events: Record<string, string>[], extra: Partial<OsvRecord> = {}, versions?: string[]): OsvRecord {
  return {
    id,
    modified: "2024-01-01T00:00:00Z",
    affected: [{ package: { ecosystem: "PyPI", name }, ranges: [{ type: "ECOSYSTEM", events }], ...(versions ? { versions } : {}) }],
    ...extra,
  };
}

/** A fresh temporary directory (removed by the caller's afterAll via {@link rmTemp}). */
export function tempDir(prefix = "pyward-adv-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Advisories for `requests` below 2.20.0 and `flask` below 0.12.3: the small database of the manifest tests. */
export function requestsFlaskRecords(): OsvRecord[] {
  return [record("PYSEC-R-1", "requests", [{ introduced: "0" }, { fixed: "2.20.0" }]), record("PYSEC-F-1", "flask", [{ introduced: "0" }, { fixed: "0.12.3" }])];
}
