import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { ConfigError, normaliseTargetVersion, optionKey, validateSettings, type Where } from "../../src/config/schema.js";
import { closest } from "../../src/config/suggest.js";

const where = (table: string[] = ["tool", "pyward"]): Where => ({ file: "pyproject.toml", table, line: () => 7 });
const validate = (t: Record<string, unknown>, w = where()) => validateSettings(t, w, ALL_RULES);
const error = (t: Record<string, unknown>, w = where()): string => {
  try {
    validate(t, w);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("no error");
};

describe("configuration keys", () => {
  it("accepts every documented key and normalises values", () => {
    const s = validate({
      select: ["B602", "PW3"],
      "extend-select": ["assert-used"],
      ignore: ["S324"],
      "per-file-ignores": { "tests/**": ["B101"], "./scripts/*.py": ["PW2"] },
      exclude: ["build", "./gen/"],
      "extend-exclude": ["legacy/**"],
      "min-severity": "medium",
      "min-confidence": "high",
      "fail-on": "high",
      "target-version": "py311",
      "taint-sources": ["remote", "local", "local"],
      "max-file-size": 2.5,
      rules: { PW321: { "min-iterations-sha256": 700000 }, "bcrypt-low-cost": { "min-cost": 12 }, B108: { directories: ["/scratch"] } },
    });
    expect(s).toEqual({
      select: ["B602", "PW3"],
      extendSelect: ["assert-used"],
      ignore: ["S324"],
      perFileIgnores: { "tests/**": ["B101"], "./scripts/*.py": ["PW2"] },
      exclude: ["build", "./gen/"],
      extendExclude: ["legacy/**"],
      minSeverity: "medium",
      minConfidence: "high",
      failOn: "high",
      targetVersion: "3.11",
      taintSources: ["remote", "local"],
      maxFileSize: 2.5,
      rules: { PW321: { minIterationsSha256: 700000 }, PW322: { minCost: 12 }, PW605: { directories: ["/scratch"] } },
    });
  });

  it("names the file, line, table and key of an unknown key, with a suggestion for a typo", () => {
    expect(error({ selct: ["B602"] })).toBe("pyproject.toml:7: [tool.pyward] unknown key 'selct' (did you mean 'select'?)");
    expect(error({ extend_select: ["B602"] })).toBe("pyproject.toml:7: [tool.pyward] unknown key 'extend_select' (did you mean 'extend-select'?)");
    expect(error({ perFileIgnores: {} })).toMatch(/unknown key 'perFileIgnores' \(did you mean 'per-file-ignores'\?\)$/);
    expect(error({ colour: true })).toBe("pyproject.toml:7: [tool.pyward] unknown key 'colour'");
    expect(error({ tool: { pyward: {} } }, where([]))).toMatch(/^pyproject.toml:7: unknown key 'tool' \(a pyward.toml takes the keys at the top level/);
  });

  it("rejects bad values with one line", () => {
    expect(error({ "fail-on": "hihg" })).toBe('pyproject.toml:7: [tool.pyward] fail-on: expected one of "low", "medium", "high", got "hihg" (did you mean \'high\'?)');
    expect(error({ select: "B602" })).toBe('pyproject.toml:7: [tool.pyward] select: expected an array of strings, got "B602"');
    expect(error({ select: ["B6O2"] })).toBe("pyproject.toml:7: [tool.pyward] select: unknown rule 'B6O2' (did you mean 'B602'?) (see 'pyward rules')");
    expect(error({ "target-version": "python3" })).toMatch(/target-version: expected a Python version such as "py311" or "3.11", got "python3"$/);
    expect(error({ "taint-sources": ["remote", "lokal"] })).toMatch(/taint-sources: expected one of "remote", "local", got "lokal" \(did you mean 'local'\?\)$/);
    expect(error({ "taint-sources": [] })).toMatch(/taint-sources: expected at least one/);
    expect(error({ "max-file-size": 0 })).toMatch(/max-file-size: expected a positive number of megabytes, got 0$/);
    expect(error({ "per-file-ignores": { "tests/**": ["NOPE9"] } })).toMatch(/per-file-ignores\."tests\/\*\*": unknown rule 'NOPE9'/);
    expect(error({ "per-file-ignores": ["tests/**"] })).toMatch(/per-file-ignores: expected a table of glob = \[rule ids\]/);
  });

  it("validates rule option tables against each rule's option schema", () => {
    expect(error({ rules: { PW321: { "min-iterations-sha265": 1 } } })).toBe(
      "pyproject.toml:7: [tool.pyward.rules.PW321] unknown option 'min-iterations-sha265' (did you mean 'min-iterations-sha256'?)",
    );
    expect(error({ rules: { PW321: { rounds: 1 } } })).toBe(
      "pyproject.toml:7: [tool.pyward.rules.PW321] unknown option 'rounds' (PW321 options: min-iterations-sha1, min-iterations-sha256, min-iterations-sha512)",
    );
    expect(error({ rules: { PW321: { "min-iterations-sha256": "many" } } })).toMatch(/\[tool\.pyward\.rules\.PW321\] min-iterations-sha256: expected an integer, got "many"$/);
    expect(error({ rules: { PW321: { "min-iterations-sha256": 0 } } })).toMatch(/min-iterations-sha256: expected at least 1, got 0$/);
    expect(error({ rules: { PW321: { "min-iterations-sha256": 1.5 } } })).toMatch(/expected an integer, got 1.5$/);
    expect(error({ rules: { PW403: { "check-typed-exceptions": "yes" } } })).toMatch(/expected true or false, got "yes"$/);
    expect(error({ rules: { PW605: { directories: "/tmp" } } })).toMatch(/expected an array of strings/);
    expect(error({ rules: { PW202: { shell: true } } })).toBe("pyproject.toml:7: [tool.pyward.rules.PW202] rule PW202 (subprocess-shell-injection) has no options");
    expect(error({ rules: { PW932: { x: 1 } } })).toMatch(/\[tool\.pyward\.rules\.PW932\] unknown rule 'PW932'/);
    expect(error({ rules: { PW3: { x: 1 } } })).toMatch(/'PW3' names several rules/);
    expect(error({ rules: { PW321: 5 } })).toMatch(/expected a table of options, got 5$/);
    expect(error({ rules: { "min-cost": 5 } }, where([]))).toMatch(/^pyproject.toml:7: \[rules\.min-cost\] unknown rule 'min-cost'/);
  });

  it("accepts option names in kebab-case or camelCase", () => {
    expect(validate({ rules: { PW324: { minMemoryKiB: 65536, "min-time-cost": 3 } } }).rules).toEqual({ PW324: { minMemoryKiB: 65536, minTimeCost: 3 } });
  });
});

describe("helpers", () => {
  it("maps camelCase option names to kebab-case keys", () => {
    expect(optionKey("minIterationsSha256")).toBe("min-iterations-sha256");
    expect(optionKey("minMemoryKiB")).toBe("min-memory-kib");
    expect(optionKey("minN")).toBe("min-n");
    expect(optionKey("directories")).toBe("directories");
    expect(optionKey("checkTypedExceptions")).toBe("check-typed-exceptions");
  });

  it("normalises target versions", () => {
    expect(normaliseTargetVersion("py38")).toBe("3.8");
    expect(normaliseTargetVersion("py312")).toBe("3.12");
    expect(normaliseTargetVersion("3.11")).toBe("3.11");
    expect(normaliseTargetVersion("3.11.4")).toBe("3.11");
    expect(normaliseTargetVersion("2.7")).toBeUndefined();
    expect(normaliseTargetVersion("latest")).toBeUndefined();
  });

  it("suggests only close candidates", () => {
    expect(closest("selct", ["select", "ignore"])).toBe("select");
    expect(closest("exlcude", ["exclude", "extend-exclude"])).toBe("exclude");
    expect(closest("zzz", ["select", "ignore"])).toBeUndefined();
  });
});
