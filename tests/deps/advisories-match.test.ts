import { describe, expect, it } from "vitest";
import { compare as pepCompare } from "@renovatebot/pep440";
import { compareVersions, isPep440, versionsEqual } from "../../src/deps/advisories/version.js";
import { affectsAtOrAfter, isAffected, matchVersion, rangeAffects, sortEvents, safeFixedVersions, safeFromVersion } from "../../src/deps/advisories/match.js";
import { compileRecord, summarize } from "../../src/deps/advisories/osv.js";
import { advisorySeverity, cvss3BaseScore, severityOfScore } from "../../src/deps/advisories/cvss.js";
import { normalizeName } from "../../src/deps/advisories/names.js";
import type { Advisory } from "../../src/deps/advisories/types.js";
import { record } from "./audit-helpers.js";

function compiled(rec: unknown): Advisory {
  const c = compileRecord(rec);
  expect(c.error).toBeUndefined();
  expect(c.entries).toHaveLength(1);
  return c.entries[0].advisory;
}

describe("PEP 440 ordering", () => {
  const VERSIONS = [
    "0", "0.9", "1.0.dev0", "1.0a1", "1.0a2.dev1", "1.0b1", "1.0rc1", "1.0", "1.0.0", "1.0+local", "1.0+local.2", "1.0+1",
    "1.0.post1.dev0", "1.0.post1", "1.0.1", "1.1", "1!0.1", "2.0rc1", "2.0", "10.0", "1.13.0+cpu", "1.13.0", "v1.2", "1.2.0a",
  ];

  it("agrees with @renovatebot/pep440's compare on every pair", () => {
    let pairs = 0;
    for (const a of VERSIONS) {
      for (const b of VERSIONS) {
        expect(Math.sign(compareVersions(a, b)), `${a} vs ${b}`).toBe(Math.sign(pepCompare(a, b)));
        pairs++;
      }
    }
    expect(pairs).toBe(VERSIONS.length ** 2);
  });

  it("sorts legacy strings before every valid version and never throws", () => {
    expect(isPep440("2.0.0-final")).toBe(false);
    expect(isPep440("0.7.10p1")).toBe(false);
    expect(isPep440("2013-07-19T09:11:08+0000")).toBe(false);
    expect(compareVersions("2.0.0-final", "0.0.1")).toBeLessThan(0);
    expect(compareVersions("0.0.1", "2019-09-12")).toBeGreaterThan(0);
    expect(compareVersions("a-legacy", "b-legacy")).toBeLessThan(0);
    expect(compareVersions("x", "x")).toBe(0);
  });

  it("equality: PEP 440 for valid versions, exact string otherwise", () => {
    expect(versionsEqual("1.0", "1.0.0")).toBe(true);
    expect(versionsEqual("1.0", "1.0+cpu")).toBe(false);
    expect(versionsEqual("0.1-bulbasaur", "0.1-BULBASAUR")).toBe(true);
    expect(versionsEqual("0.1-bulbasaur", "0.1")).toBe(false);
  });

  it("normalises names per PEP 503", () => {
    expect(normalizeName("Django_Rest.Framework")).toBe("django-rest-framework");
    expect(normalizeName("PyYAML")).toBe("pyyaml");
    expect(normalizeName("a--_.b")).toBe("a-b");
  });
});

describe("ECOSYSTEM ranges", () => {
  it("sorts events by version with \"0\" first, keeping ties stable", () => {
    expect(sortEvents([{ introduced: "2.0.0" }, { fixed: "2.0.6" }, { introduced: "0" }, { fixed: "1.26.17" }])).toEqual([
      ["i", "0"], ["f", "1.26.17"], ["i", "2.0.0"], ["f", "2.0.6"],
    ]);
  });

  it("walks several windows", () => {
    const r = sortEvents([{ introduced: "2.0.0" }, { fixed: "2.0.6" }, { introduced: "0" }, { fixed: "1.26.17" }]);
    const cases: [string, boolean][] = [
      ["0.1", true], ["1.26.16", true], ["1.26.17", false], ["1.99", false], ["2.0.0", true], ["2.0.0rc1", false],
      ["2.0.5", true], ["2.0.6", false], ["3.0", false],
    ];
    for (const [v, want] of cases) expect(rangeAffects(r, v), v).toBe(want);
  });

  it("handles last_affected, open-ended ranges, pre-releases and local versions", () => {
    const last = sortEvents([{ introduced: "0" }, { last_affected: "1.11.0" }]);
    expect(rangeAffects(last, "1.11.0")).toBe(true);
    expect(rangeAffects(last, "1.11.0.post1")).toBe(false);
    expect(rangeAffects(last, "1.11.1")).toBe(false);
    const open = sortEvents([{ introduced: "1.5" }]);
    expect(rangeAffects(open, "1.4")).toBe(false);
    expect(rangeAffects(open, "99.0")).toBe(true);
    const pre = sortEvents([{ introduced: "1.0" }, { fixed: "2.0" }]);
    expect(rangeAffects(pre, "2.0rc1")).toBe(true);
    expect(rangeAffects(pre, "2.0.dev3")).toBe(true);
    expect(rangeAffects(pre, "1.0a1")).toBe(false);
    const local = sortEvents([{ introduced: "0" }, { fixed: "1.13.0" }]);
    expect(rangeAffects(local, "1.12.1+cu116")).toBe(true);
    expect(rangeAffects(local, "1.13.0+cpu")).toBe(false);
  });

  it("treats a non-PEP 440 event version as a legacy version, without throwing", () => {
    const adv = compiled(record("PYSEC-X-1", "steam", [{ introduced: "0" }, { fixed: "2019-09-12" }]));
    expect(isAffected(adv, "1.0")).toBe(false);
    expect(isAffected(adv, "1.0-odd")).toBe(false);
  });
});

describe("compiling OSV records", () => {
  it("skips GIT ranges and withdrawn records, keeps other ecosystems out, merges a package's entries", () => {
    const rec = {
      id: "PYSEC-T-1",
      aliases: ["CVE-1", "GHSA-aaaa"],
      details: "First sentence here. Second one.",
      affected: [
        { package: { ecosystem: "PyPI", name: "Foo_Bar" }, ranges: [{ type: "GIT", repo: "https://x", events: [{ introduced: "0" }, { fixed: "abcdef" }] }, { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.0" }] }] },
        { package: { ecosystem: "PyPI", name: "foo.bar" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "2.0" }, { fixed: "2.1" }] }], versions: ["2.0", "5.5"] },
        { package: { ecosystem: "npm", name: "foo-bar" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] },
      ],
    };
    const c = compileRecord(rec);
    expect(c.entries.map((e) => e.name)).toEqual(["foo-bar"]);
    const adv = c.entries[0].advisory;
    expect(adv.ranges).toEqual([[["i", "0"], ["f", "1.0"]], [["i", "2.0"], ["f", "2.1"]]]);
    expect(adv.versions).toEqual(["5.5"]); // 2.0 is covered by the ranges
    expect(adv.summary).toBe("First sentence here.");
    expect(adv.aliases).toEqual(["CVE-1", "GHSA-aaaa"]);
    expect(isAffected(adv, "5.5")).toBe(true);
    expect(isAffected(adv, "abcdef")).toBe(false);
    expect(compileRecord({ ...rec, withdrawn: "2024-01-01T00:00:00Z" })).toEqual({ entries: [], withdrawn: true });
    expect(compileRecord({ affected: [] }).error).toBe("advisory has no string `id`");
    expect(compileRecord([1, 2]).error).toBe("advisory is not a JSON object");
    expect(compileRecord({ id: "X", affected: {} }).error).toBe("X: `affected` is not an array");
  });

  it("matches exact versions lists, including records with no ranges and non-PEP 440 strings", () => {
    const adv = compiled({ id: "PYSEC-2024-1", affected: [{ package: { ecosystem: "PyPI", name: "gratient" }, versions: ["0.5", "0.1-bulbasaur"] }] });
    expect(adv.ranges).toEqual([]);
    expect(isAffected(adv, "0.5")).toBe(true);
    expect(isAffected(adv, "0.5.0")).toBe(true);
    expect(isAffected(adv, "0.6")).toBe(false);
    expect(isAffected(adv, "0.1-bulbasaur")).toBe(true);
    expect(isAffected(adv, "0.1")).toBe(false);
  });

  it("summarises: summary first, else the first sentence of details, cut to 200 characters", () => {
    expect(summarize("  Title  ", "Details.")).toBe("Title");
    expect(summarize(undefined, "No period at all")).toBe("No period at all");
    const long = summarize(undefined, "x".repeat(500));
    expect(long.length).toBe(200);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("aliases and fixed versions", () => {
  const pysec = compiled(record("PYSEC-2021-1", "pkg", [{ introduced: "0" }, { fixed: "1.5" }], { aliases: ["CVE-2021-1", "GHSA-x"] }));
  const ghsa = compiled(record("GHSA-x", "pkg", [{ introduced: "0" }, { fixed: "1.6" }], { aliases: ["CVE-2021-1"], severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }] }));
  const other = compiled(record("PYSEC-2021-2", "pkg", [{ introduced: "1.0" }, { fixed: "1.2" }, { introduced: "1.5" }, { fixed: "1.5.1" }]));

  it("merges records sharing an alias into one vulnerability", () => {
    const vulns = matchVersion([pysec, ghsa, other], "1.1");
    expect(vulns.map((v) => v.id)).toEqual(["PYSEC-2021-1", "PYSEC-2021-2"]);
    expect(vulns[0].aliases).toEqual(["GHSA-x", "CVE-2021-1"]);
    expect(vulns[0].advisories.map((a) => a.id)).toEqual(["PYSEC-2021-1", "GHSA-x"]);
    expect(vulns[0].severity).toBe("high");
    expect(vulns[0].score).toBe(9.8);
    // 1.5 is fixed for PYSEC-2021-1 but GHSA-x (same issue) still covers it → 1.6
    expect(vulns[0].fixedIn).toEqual(["1.6"]);
    expect(vulns[1].fixedIn).toEqual(["1.2", "1.5.1"]);
  });

  it("skips fixed versions that the advisory itself still affects", () => {
    // [0, 1.5) and [1.5.post0... ) reintroduced: 1.5 is a fix of window one but affected by window two.
    const adv = compiled(record("PYSEC-R-1", "pkg", [{ introduced: "0" }, { fixed: "1.5" }, { introduced: "1.5" }, { fixed: "1.7" }]));
    expect(safeFixedVersions([adv], "1.0")).toEqual(["1.7"]);
    expect(matchVersion([adv], "1.0")[0].fixedIn).toEqual(["1.7"]);
  });
});

describe("CVSS v3 base scores", () => {
  const cases: [string, number][] = [
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
    ["CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
    ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8],
    ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", 8.1],
    ["CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1],
    ["CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4],
    ["CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0],
  ];
  it.each(cases)("%s → %d", (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it("rejects malformed vectors and maps scores to severities", () => {
    expect(cvss3BaseScore("CVSS:2.0/AV:N")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H")).toBeUndefined();
    expect(severityOfScore(7)).toBe("high");
    expect(severityOfScore(6.9)).toBe("medium");
    expect(severityOfScore(4)).toBe("medium");
    expect(severityOfScore(3.9)).toBe("low");
    expect(advisorySeverity(undefined)).toEqual({ severity: "medium" });
    expect(advisorySeverity([], "MODERATE")).toEqual({ severity: "medium" });
    expect(advisorySeverity([], "CRITICAL")).toEqual({ severity: "high" });
    expect(advisorySeverity([{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N" }])).toEqual({
      severity: "low", score: 3.1, vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
    });
  });
});

describe("fixes that later versions undo", () => {
  const paramiko = compiled(record("PYSEC-2022-166", "paramiko", [{ introduced: "0" }, { fixed: "2.9.3" }, { introduced: "2.10.0" }, { fixed: "2.10.1" }]));

  it("affectsAtOrAfter sees a range that starts again above the version, and listed versions above it", () => {
    expect(affectsAtOrAfter(paramiko, "2.9.3")).toBe(true);
    expect(affectsAtOrAfter(paramiko, "2.10.1")).toBe(false);
    expect(affectsAtOrAfter(compiled(record("L", "x", [{ introduced: "0" }, { fixed: "1.0" }], {}, ["3.0"])), "1.0")).toBe(true);
    expect(affectsAtOrAfter(compiled(record("M", "x", [{ introduced: "0" }, { last_affected: "1.0" }])), "1.1")).toBe(false);
  });

  it("matchVersion gives fixedFrom, the fix from which on nothing is affected", () => {
    const [v] = matchVersion([paramiko], "2.9.2");
    expect(v.fixedIn).toEqual(["2.9.3", "2.10.1"]);
    expect(v.fixedFrom).toBe("2.10.1");
    expect(safeFromVersion([paramiko], ["2.9.3", "2.10.1"])).toBe("2.10.1");
    const [open] = matchVersion([compiled(record("O", "x", [{ introduced: "0" }, { fixed: "1.1" }, { introduced: "1.5" }]))], "1.0");
    expect(open.fixedIn).toEqual(["1.1"]);
    expect(open.fixedFrom).toBeUndefined();
  });
});
