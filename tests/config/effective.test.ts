import { describe, expect, it } from "vitest";
import { effectiveSettings, type LoadedConfig } from "../../src/config/index.js";
import type { ConfigSettings } from "../../src/config/schema.js";
import { selectRules } from "../../src/engine/select.js";
import { ALL_RULES } from "../../src/rules/index.js";

const config = (settings: ConfigSettings): LoadedConfig => ({
  file: "/proj/pyproject.toml",
  display: "pyproject.toml",
  dir: "/proj",
  kind: "pyproject.toml",
  table: "[tool.pyward]",
  settings,
  lines: {},
});
const codes = (sel: Parameters<typeof selectRules>[1]): string[] => selectRules(ALL_RULES, sel).rules.map((r) => r.meta.code);

describe("merging the configuration with the command line", () => {
  it("uses the file's values when the command line is silent", () => {
    const e = effectiveSettings(config({ minSeverity: "medium", failOn: "high", targetVersion: "3.9", taintSources: ["local"], maxFileSize: 2, rules: { PW322: { minCost: 12 } } }), {});
    expect(e.failOn).toBe("high");
    expect(e.pythonVersion).toBe("3.9");
    expect(e.scan).toMatchObject({ minSeverity: "medium", taintSources: ["local"], maxFileSize: 2 * 1024 * 1024, ruleOptions: { PW322: { minCost: 12 } } });
  });

  it("lets the command line win", () => {
    const e = effectiveSettings(config({ minSeverity: "medium", failOn: "high", targetVersion: "3.9", taintSources: ["local"], maxFileSize: 2 }), {
      minSeverity: "low",
      failOn: "medium",
      targetVersion: "3.12",
      taintSources: ["remote"],
      maxFileSize: 1024,
    });
    expect(e.failOn).toBe("medium");
    expect(e.pythonVersion).toBe("3.12");
    expect(e.scan).toMatchObject({ minSeverity: "low", taintSources: ["remote"], maxFileSize: 1024 });
    expect(effectiveSettings(undefined, {}).failOn).toBe("low");
  });

  it("layers rule selection: --select replaces the file's selection, --extend-select and --ignore add to it", () => {
    const file = config({ select: ["PW2"], ignore: ["B602"], extendSelect: ["B101"] });
    const fromFile = codes(effectiveSettings(file, {}).scan);
    expect(fromFile).toContain("PW201");
    expect(fromFile).toContain("PW402");
    expect(fromFile).not.toContain("PW202");
    expect(fromFile).not.toContain("PW301");
    // --select on the command line: the file's select, ignore and extend-select no longer apply
    const cliSelect = codes(effectiveSettings(file, { select: ["B602"] }).scan).filter((c) => !c.startsWith("PW0"));
    expect(cliSelect).toEqual(["PW202"]);
    // --extend-select brings back what the file ignores; --ignore removes what the file selects
    const extended = codes(effectiveSettings(file, { extendSelect: ["B602"], ignore: ["PW201"] }).scan);
    expect(extended).toContain("PW202");
    expect(extended).not.toContain("PW201");
    // rules named explicitly in the file count as explicit (they run in test files)
    expect(selectRules(ALL_RULES, effectiveSettings(file, {}).scan).explicit.has("PW402")).toBe(true);
    // PW0xx ignored in the file stay ignored under a command-line layer without --select
    expect(codes(effectiveSettings(config({ ignore: ["PW001"] }), {}).scan)).not.toContain("PW001");
  });

  it("anchors path globs at the configuration's directory and keeps bare names global", () => {
    const e = effectiveSettings(config({ exclude: ["legacy", "./gen/", "docs/**"], extendExclude: ["*.gen.py", "tools/scripts"], perFileIgnores: { "tests/**": ["B101"] } }), { extendExclude: ["tmp"] });
    expect(e.scan.exclude).toEqual(["legacy"]);
    expect(e.scan.extendExclude).toEqual(["*.gen.py", "tmp"]);
    expect(e.scan.excludeFrom).toEqual([{ base: "/proj", globs: ["gen{,/**}", "docs/**", "tools/scripts"] }]);
    expect(e.scan.perFileIgnores).toEqual([{ base: "/proj", glob: "tests/**", ids: ["B101"] }]);
    // --exclude replaces the file's exclude (its extend-exclude still applies)
    const cli = effectiveSettings(config({ exclude: ["legacy", "gen/"], extendExclude: ["tools/scripts"] }), { exclude: ["other"] });
    expect(cli.scan.exclude).toEqual(["other"]);
    expect(cli.scan.excludeFrom).toEqual([{ base: "/proj", globs: ["tools/scripts"] }]);
    // no file: defaults
    expect(effectiveSettings(undefined, {}).scan.exclude).toBeUndefined();
  });
});
