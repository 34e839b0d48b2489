import { describe, expect, it } from "vitest";
import * as CDX from "@cyclonedx/cyclonedx-library";
import { runAudit } from "../../src/deps/audit.js";
import { pypiPurl, renderCycloneDx } from "../../src/deps/sbom.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { PYPA_ATTRIBUTION } from "../../src/deps/advisories/attribution.js";
import { VERSION } from "../../src/version.js";
import { dep, record } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", [
  record("PYSEC-2021-108", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }], {
    aliases: ["CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"],
    summary: "ReDoS in URL parser",
    published: "2021-06-29T11:15:00Z",
    references: [{ type: "ADVISORY", url: "https://example.org/adv/1" }],
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
  }),
]);

function buildText(spec?: "1.5" | "1.6"): string {
  const deps = [
    dep("urllib3", { version: "1.26.4", file: "poetry.lock", line: 3, kind: "poetry.lock", locked: true }),
    dep("urllib3", { version: "1.26.4", file: "uv.lock", line: 8, kind: "uv.lock", locked: true }),
    dep("Flask", { version: "3.0.0", line: 2 }),
    dep("Django", { specifier: ">=4", line: 4 }),
    dep("pkg", { url: "https://example.com/pkg-1.0.tar.gz", line: 5 }),
  ];
  const result = runAudit(deps, DB, { importedModules: new Set(["urllib3"]) });
  return renderCycloneDx(result, { specVersion: spec, projectName: "demo" });
}

function build(spec?: "1.5" | "1.6") {
  return JSON.parse(buildText(spec)) as Record<string, any>;
}

describe("CycloneDX SBOM", () => {
  it("builds purls as the purl spec says for PyPI", () => {
    expect(pypiPurl("zope-interface", "5.0+local")).toBe("pkg:pypi/zope-interface@5.0%2Blocal");
    expect(pypiPurl("django")).toBe("pkg:pypi/django");
  });

  it("gives a direct-URL source no made-up version: a download_url / vcs_url qualifier, nothing for a local path", () => {
    expect(pypiPurl("pkg", "1.0", "https://example.com/pkg-1.0.tar.gz")).toBe("pkg:pypi/pkg?download_url=https%3A%2F%2Fexample.com%2Fpkg-1.0.tar.gz");
    expect(pypiPurl("other", "2.0", "git+https://github.com/o/other@v2.0")).toBe("pkg:pypi/other?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Fother%40v2.0");
    expect(pypiPurl("local", undefined, "file:///tmp/local-1.0.whl")).toBe("pkg:pypi/local");
    const constrained = dep("pkg", { url: "https://example.com/pkg-1.0.tar.gz", constrainedBy: { file: "c.txt", line: 1, specifier: "==1.0", version: "1.0" } });
    const locked = dep("lib", { version: "3.1", url: "git+https://github.com/o/lib@abc", kind: "uv.lock", locked: true, file: "uv.lock" });
    const bom = JSON.parse(renderCycloneDx(runAudit([constrained, locked], DB, {})));
    expect(bom.components.map((c: any) => [c.name, c.version, c.purl])).toEqual([
      ["lib", "3.1", "pkg:pypi/lib?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Flib%40abc"],
      ["pkg", undefined, "pkg:pypi/pkg?download_url=https%3A%2F%2Fexample.com%2Fpkg-1.0.tar.gz"],
    ]);
  });

  it("writes components and vulnerabilities (CycloneDX 1.6 by default)", () => {
    const bom = build();
    expect(bom.bomFormat).toBe("CycloneDX");
    expect(bom.specVersion).toBe("1.6");
    expect(bom.serialNumber).toBeUndefined();
    expect(bom.metadata.timestamp).toBeUndefined();
    expect(bom.metadata.component).toEqual({ type: "application", name: "demo", "bom-ref": "project:demo" });
    expect(bom.metadata.tools.components).toEqual([expect.objectContaining({ type: "application", name: "pyward", version: VERSION })]);
    expect(bom.metadata.properties).toEqual([{ name: "pyward:advisory-attribution", value: PYPA_ATTRIBUTION }]);
    expect(bom.components.map((c: any) => [c.name, c.version, c.purl, c["bom-ref"]])).toEqual([
      ["django", undefined, "pkg:pypi/django", "pkg:pypi/django"],
      ["flask", "3.0.0", "pkg:pypi/flask@3.0.0", "pkg:pypi/flask@3.0.0"],
      ["pkg", undefined, "pkg:pypi/pkg?download_url=https%3A%2F%2Fexample.com%2Fpkg-1.0.tar.gz", "pkg:pypi/pkg?download_url=https%3A%2F%2Fexample.com%2Fpkg-1.0.tar.gz"],
      ["urllib3", "1.26.4", "pkg:pypi/urllib3@1.26.4", "pkg:pypi/urllib3@1.26.4"],
    ]);
    expect(bom.components[3].properties).toEqual([
      { name: "pyward:manifest", value: "poetry.lock:3" },
      { name: "pyward:manifest", value: "uv.lock:8" },
    ]);
    expect(bom.vulnerabilities).toHaveLength(1);
    const v = bom.vulnerabilities[0];
    expect(v).toMatchObject({
      "bom-ref": "vuln:PYSEC-2021-108",
      id: "PYSEC-2021-108",
      source: { name: "OSV", url: "https://osv.dev/vulnerability/PYSEC-2021-108" },
      description: "ReDoS in URL parser",
      recommendation: "Upgrade urllib3 to 1.26.5 or later.",
      published: "2021-06-29T11:15:00.000Z",
      updated: "2024-01-01T00:00:00.000Z",
      affects: [{ ref: "pkg:pypi/urllib3@1.26.4" }],
      advisories: [{ url: "https://example.org/adv/1" }],
      properties: [{ name: "pyward:imported", value: "urllib3=true" }],
    });
    expect(v.ratings).toEqual([{ score: 7.5, severity: "high", method: "CVSSv31", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }]);
    expect(v.references.map((r: any) => [r.id, r.source.name])).toEqual([["CVE-2021-33503", "NVD"], ["GHSA-q2q7-5pp4-w6pg", "GitHub"]]);
  });

  it("can write 1.5, and is byte-identical across runs", () => {
    expect(build("1.5").specVersion).toBe("1.5");
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
  });

  it.each(["1.5", "1.6"] as const)("validates against the CycloneDX %s JSON schema (strict)", async (v) => {
    const validator = new CDX.Validation.JsonStrictValidator(v === "1.5" ? CDX.Spec.Version.v1dot5 : CDX.Spec.Version.v1dot6);
    expect(await validator.validate(buildText(v))).toBeNull();
    // The validator really checks: a broken document is rejected.
    expect(await validator.validate(JSON.stringify({ bomFormat: "CycloneDX", specVersion: v, components: [{ type: "nope", name: 1 }] }))).not.toBeNull();
  });
});
