import { describe, expect, it } from "vitest";
import { parseSuppression, SuppressionIndex } from "../../src/engine/suppress.js";

describe("parseSuppression", () => {
  it("reads Bandit, Ruff and pyward forms", () => {
    expect(parseSuppression("# nosec")).toBe("all");
    expect(parseSuppression("# nosec - reviewed by security")).toBe("all");
    expect(parseSuppression("# nosec B602,B608")).toEqual(new Set(["B602", "B608"]));
    expect(parseSuppression("# nosec: B602")).toEqual(new Set(["B602"]));
    expect(parseSuppression("# noqa: S602, E501")).toEqual(new Set(["S602", "E501"]));
    expect(parseSuppression("# pyward: ignore[PW201, sql-string-built]")).toEqual(new Set(["PW201", "SQL-STRING-BUILT"]));
    expect(parseSuppression("# pyward: ignore")).toBe("all");
  });

  it("does not treat a bare noqa or unrelated comments as security suppressions", () => {
    expect(parseSuppression("# noqa")).toBeUndefined();
    expect(parseSuppression("# type: ignore")).toBeUndefined();
    expect(parseSuppression("# this is fine")).toBeUndefined();
  });
});

describe("SuppressionIndex", () => {
  it("matches any line of the statement and any id of the rule", () => {
    const idx = new SuppressionIndex();
    idx.add(5, new Set(["B602"]));
    expect(idx.suppresses(3, 5, ["PW202", "subprocess-shell-injection", "B602", "S602"])).toBe(true);
    expect(idx.suppresses(3, 4, ["PW202", "B602"])).toBe(false);
    expect(idx.suppresses(5, 5, ["PW201", "B608"])).toBe(false);
    idx.add(9, "all");
    expect(idx.suppresses(9, 9, ["PW999"])).toBe(true);
  });
});
