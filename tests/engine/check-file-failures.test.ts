/**
 * The per-file phase never throws: a parser that gives up says why (lastParseFailure), and a failure of the
 * model build or the traversal ends the file as a finding (PW003) plus an internal-error line, not a crash.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as parser from "../../src/parse/parser.js";
import { ModuleModel } from "../../src/model/module.js";
import { findRule } from "../../src/rules/index.js";
import { checkFile } from "../../src/engine/check-file.js";

const shell = [findRule("PW202")!];
const input = (text: string) => ({ path: "m.py", moduleName: "m", bytes: Buffer.from(text), isTest: false });

afterEach(() => vi.restoreAllMocks());

describe("checkFile failures", () => {
  it("reports the parser's own failure reason rather than a time budget", async () => {
    vi.spyOn(parser, "parsePython").mockResolvedValue(undefined);
    vi.spyOn(parser, "lastParseFailure").mockReturnValue("the parser failed on this file (memory access out of bounds)");
    const r = await checkFile(input("x = 1\n"), { rules: shell });
    expect(r.findings.map((f) => [f.code, f.message])).toEqual([["PW003", "the parser failed on this file (memory access out of bounds); file not analysed"]]);
  });

  it("turns a throw of the model build into a finding and an internal-error line", async () => {
    vi.spyOn(ModuleModel.prototype, "importedModules").mockImplementation(() => {
      throw new Error("boom in the model");
    });
    const r = await checkFile(input("import subprocess\nsubprocess.run('ls ' + x, shell=True)\n"), { rules: shell });
    expect(r.analysed).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(["PW003"]);
    expect(r.findings[0].message).toMatch(/internal error while analysing this file \(boom in the model\); not analysed/);
    expect(r.errors).toEqual(["m.py: internal error in the per-file phase: boom in the model"]);
  });
});
