/** Binding `--format` and `--output` options by position (each format to the output that follows it). */
import { describe, expect, it } from "vitest";
import { bindDestinations, type ReportArg } from "../../src/cli/output.js";

const f = (value: string): ReportArg => ({ kind: "format", value });
const o = (value: string): ReportArg => ({ kind: "output", value });
const msg = (args: ReportArg[]): string => {
  try {
    bindDestinations(args);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("bindDestinations", () => {
  it("binds each --format to the --output that follows it, not by count", () => {
    expect(bindDestinations([o("out.sarif"), f("gitlab"), o("out.gitlab.json")])).toEqual([
      { format: "sarif", file: "out.sarif" },
      { format: "gitlab", file: "out.gitlab.json" },
    ]);
    expect(bindDestinations([f("sarif"), o("out.sarif"), f("html"), o("out.html")])).toEqual([
      { format: "sarif", file: "out.sarif" },
      { format: "html", file: "out.html" },
    ]);
  });

  it("sends a format without an output to standard output, and reads formats from extensions", () => {
    expect(bindDestinations([])).toEqual([{ format: "text" }]);
    expect(bindDestinations([f("json")])).toEqual([{ format: "json" }]);
    expect(bindDestinations([f("json"), o("a.json"), f("text")])).toEqual([{ format: "json", file: "a.json" }, { format: "text" }]);
    expect(bindDestinations([o("report.html"), o("r.xml"), o("notes")])).toEqual([
      { format: "html", file: "report.html" },
      { format: "junit", file: "r.xml" },
      { format: "text", file: "notes" },
    ]);
    expect(bindDestinations([f("sarif"), o("-"), f("text"), o("t.txt")])).toEqual([{ format: "sarif" }, { format: "text", file: "t.txt" }]);
  });

  it("lets a last --format name the format of an --output given just before it (`-o out.json --format gitlab`)", () => {
    expect(bindDestinations([o("out.json"), f("gitlab")])).toEqual([{ format: "gitlab", file: "out.json" }]);
    expect(bindDestinations([o("report"), f("json")])).toEqual([{ format: "json", file: "report" }]);
    // a format the extension rules out goes to standard output instead
    expect(bindDestinations([o("out.sarif"), f("text")])).toEqual([{ format: "sarif", file: "out.sarif" }, { format: "text" }]);
  });

  it("still pairs the grouped spelling (every format, then as many outputs) in order", () => {
    expect(bindDestinations([f("sarif"), f("cyclonedx"), o("out.sarif"), o("bom.json")])).toEqual([
      { format: "sarif", file: "out.sarif" },
      { format: "cyclonedx", file: "bom.json" },
    ]);
    expect(msg([f("html"), f("sarif"), o("out.sarif"), o("r.html")])).toMatch(/^--format html does not fit --output out\.sarif/);
  });

  it("refuses a format that contradicts the output's extension, an output given twice, and two reports on stdout", () => {
    expect(msg([f("gitlab"), o("out.sarif")])).toBe("--format gitlab does not fit --output out.sarif (a .sarif file holds sarif); give each --format just before its --output");
    expect(msg([f("html"), o("r.json")])).toBe("--format html does not fit --output r.json (a .json file holds json, gitlab, sarif or cyclonedx); give each --format just before its --output");
    expect(msg([f("json"), o("x.json"), f("json"), o("./x.json")])).toBe("--output x.json is given twice; each report needs its own file");
    expect(msg([f("json"), f("text")])).toBe("several --format options need an --output each (only one report can go to standard output)");
  });
});
