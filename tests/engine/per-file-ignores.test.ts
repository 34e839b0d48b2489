import { describe, expect, it } from "vitest";
import { anchorGlob, perFileIgnoreFilter } from "../../src/engine/per-file-ignores.js";
import type { Finding } from "../../src/engine/finding.js";
import { ALL_RULES } from "../../src/rules/index.js";

const finding = (p: string, code = "PW402", aliases = ["B101", "S101"]): Finding =>
  ({ path: p, code, aliases, line: 1, column: 1, endLine: 1, endColumn: 2, name: "x", practice: "other", severity: "low", confidence: "high", cwe: [], message: "m", fingerprint: "f" }) as Finding;

describe("per-file ignores", () => {
  it("matches globs relative to the base directory, by code, name, alias or prefix", () => {
    const keep = perFileIgnoreFilter([{ base: "/proj", glob: "tests/**", ids: ["B101"] }, { base: "/proj", glob: "conftest.py", ids: ["PW2"] }, { base: "/proj", glob: "./scripts/", ids: ["weak-hash"] }], ALL_RULES, "/");
    expect(keep(finding("proj/tests/test_x.py"))).toBe(false);
    expect(keep(finding("proj/tests/deep/er/test_y.py"))).toBe(false);
    expect(keep(finding("proj/app/x.py"))).toBe(true);
    expect(keep(finding("proj/app/tests/x.py"))).toBe(true); // anchored: only the top-level tests/
    expect(keep(finding("other/tests/test_x.py"))).toBe(true); // outside the base directory
    expect(keep(finding("proj/tests/test_x.py", "PW301", ["B324"]))).toBe(true); // another rule
    expect(keep(finding("proj/pkg/conftest.py", "PW202", ["B602"]))).toBe(false); // bare name: anywhere
    expect(keep(finding("proj/scripts/run.py", "PW301", ["B324"]))).toBe(false);
    expect(keep(finding("proj/lib/scripts/run.py", "PW301", ["B324"]))).toBe(true);
  });

  it("anchors one-segment globs written with ./ or /", () => {
    expect(anchorGlob("./scripts/")).toBe("scripts{,/**}");
    expect(anchorGlob("/conftest.py")).toBe("conftest.py{,/**}");
    expect(anchorGlob("conftest.py")).toBe("conftest.py");
    expect(anchorGlob("./tests/**")).toBe("./tests/**");
  });
});
