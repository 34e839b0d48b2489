/**
 * The package's main entry (`"main": "dist/index.js"` in package.json, compiled from src/index.ts): a library
 * user scans and renders a report without the command line, with the same findings the command reports.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import * as pyward from "../../src/index.js";

describe("the library entry point", () => {
  it("is what package.json names, and exports the pipeline", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { main: string; types: string };
    expect(pkg.main).toBe("dist/index.js");
    expect(pkg.types).toBe("dist/index.d.ts");
    expect(fs.existsSync("src/index.ts")).toBe(true); // compiled to dist/index.js by `npm run build`
    for (const name of ["scan", "renderReport", "findRule", "runCli", "compareFindings"] as const) expect(typeof pyward[name]).toBe("function");
    expect(pyward.ALL_RULES.length).toBeGreaterThan(100);
    expect(pyward.REPORT_FORMATS).toContain("sarif");
  });

  it("scans, finds and renders like the command", async () => {
    const result = await pyward.scan(["tests/fixtures/PW202.py"], { select: ["PW202"], audit: false });
    const codes = result.findings.map((f) => f.code);
    expect(codes.length).toBeGreaterThan(3);
    expect(new Set(codes)).toEqual(new Set(["PW202"]));
    const sarif = JSON.parse(pyward.renderReport("sarif", result)) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0].results).toHaveLength(codes.length);
    expect(pyward.findRule("PW202")?.meta.name).toBeTruthy();
  });
});
