/**
 * Against the shared PyPA snapshot (`../shared/advisories/pypa-osv.json`). Skipped, with a message, when the
 * snapshot is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAdvisoryDb, type OpenedDb } from "../../src/deps/advisories/store.js";
import { matchVersion } from "../../src/deps/advisories/match.js";
import { runAudit } from "../../src/deps/audit.js";
import { PYPA_ATTRIBUTION } from "../../src/deps/advisories/attribution.js";
import { HAVE_SNAPSHOT, SNAPSHOT, dep, rmTemp, tempDir } from "./audit-helpers.js";

describe.skipIf(!HAVE_SNAPSHOT)(`PyPA snapshot (${SNAPSHOT}; skipped when absent)`, () => {
  let cache: string;
  let opened: OpenedDb;
  beforeAll(() => {
    cache = tempDir();
    opened = openAdvisoryDb(SNAPSHOT, { cacheDir: cache });
  });
  afterAll(() => rmTemp(cache));

  it("indexes every record, skipping the 10 withdrawn ones", () => {
    expect(opened.built).toBe(true);
    expect(opened.problems).toEqual([]);
    expect(opened.header?.records).toBe(2661);
    expect(opened.header?.withdrawn).toBe(10);
    expect(opened.header?.advisories).toBe(2651);
    expect(opened.header?.sourceKind).toBe("json");
    expect(opened.db.lookup("loguru").some((a) => a.id === "PYSEC-2022-15")).toBe(false);
  });

  it("jinja2==2.4.1 → exactly the five advisories, each with its fixed version", () => {
    const vulns = matchVersion(opened.db.lookup("Jinja2"), "2.4.1");
    expect(vulns.map((v) => [v.id, v.fixedIn])).toEqual([
      ["PYSEC-2014-8", ["2.7.2"]],
      ["PYSEC-2014-82", ["2.7.3"]],
      ["PYSEC-2019-217", ["2.10.1"]],
      ["PYSEC-2019-220", ["2.8.1"]],
      ["PYSEC-2021-66", ["2.11.3"]],
    ]);
    expect(vulns[0].aliases).toEqual(["GHSA-8r7q-cvjq-x353", "CVE-2014-1402"]);
  });

  it("the same through the audit, from a requirements entry", () => {
    const r = runAudit([dep("jinja2", { version: "2.4.1", line: 3 })], opened.db, { readFile: () => "# app\n\njinja2==2.4.1  # templating\n" });
    expect(r.findings.map((f) => [f.code, f.package.advisories?.[0], f.package.fixedIn?.[0], f.line, f.column, f.endColumn])).toEqual([
      ["PW101", "PYSEC-2014-8", "2.7.2", 3, 1, 14],
      ["PW101", "PYSEC-2014-82", "2.7.3", 3, 1, 14],
      ["PW101", "PYSEC-2019-217", "2.10.1", 3, 1, 14],
      ["PW101", "PYSEC-2019-220", "2.8.1", 3, 1, 14],
      ["PW101", "PYSEC-2021-66", "2.11.3", 3, 1, 14],
    ]);
    expect(r.audited[0].safeVersion).toBe("2.11.3");
    expect(r.attribution).toEqual([PYPA_ATTRIBUTION]);
  });

  it("urllib3 1.26.4: unsorted windows, CVSS severity, fixes on both branches", () => {
    const vulns = matchVersion(opened.db.lookup("urllib3"), "1.26.4");
    const v = vulns.find((x) => x.id === "PYSEC-2023-192");
    expect(v?.fixedIn).toEqual(["1.26.17", "2.0.6"]);
    expect(v?.score).toBe(8.1);
    expect(v?.severity).toBe("high");
    expect(vulns.map((x) => x.id)).toContain("PYSEC-2021-108");
    expect(matchVersion(opened.db.lookup("urllib3"), "2.0.3").map((x) => x.id)).toContain("PYSEC-2023-192");
  });

  it("py: last_affected 1.11.0 is affected, no fixed version known", () => {
    const hit = matchVersion(opened.db.lookup("py"), "1.11.0").find((v) => v.id === "PYSEC-2022-42969");
    expect(hit?.fixedIn).toEqual([]);
    expect(matchVersion(opened.db.lookup("py"), "1.11.1").some((v) => v.id === "PYSEC-2022-42969")).toBe(false);
  });

  it("gratient: a record with only a versions list", () => {
    expect(matchVersion(opened.db.lookup("gratient"), "0.5").map((v) => v.id)).toEqual(["PYSEC-2024-1"]);
    expect(matchVersion(opened.db.lookup("gratient"), "0.6")).toEqual([]);
  });

  it("a second open uses the index without re-reading the source", () => {
    const again = openAdvisoryDb(SNAPSHOT, { cacheDir: cache });
    expect(again.built).toBe(false);
    expect(again.indexPath).toBe(opened.indexPath);
    expect(matchVersion(again.db.lookup("jinja2"), "2.4.1")).toHaveLength(5);
  });
});
