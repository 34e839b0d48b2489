/**
 * Rules marked `namesOnly` (see `Rule.namesOnly` in src/rules/types.ts) let the engine skip their `create` in a
 * file that cannot name the modules of their handler keys. That is sound only while each keeps its promise:
 * the same keys in every file, all qualified names, and nothing done in `create` itself.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { defineRule, handlerKeys, type Handler, type RuleContext } from "../../src/rules/types.js";
import { parsePython, type Node } from "../../src/parse/parser.js";
import { ModuleModel, MODEL_NODE_TYPES } from "../../src/model/module.js";
import { SourceFile } from "../../src/parse/source.js";
import { checkSource } from "../helpers/fixtures.js";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** A context over `source` whose every side channel fails the test when `create` itself uses it. */
async function contextOf(source: string): Promise<RuleContext> {
  const tree = (await parsePython(source))!;
  const nodes = tree.rootNode.descendantsOfType(MODEL_NODE_TYPES).filter((n): n is Node => !!n);
  const refuse = (what: string) => (): never => {
    throw new Error(`create called ${what}`);
  };
  return {
    file: new SourceFile("m.py", source),
    model: new ModuleModel("pkg.m", tree, nodes),
    isTest: false,
    options: {},
    report: refuse("report"),
    record: refuse("record"),
    note: refuse("note"),
    shared: refuse("shared"),
  };
}

const namesOnly = ALL_RULES.filter((r) => r.namesOnly);

describe("namesOnly rules", () => {
  it("are the rules the engine may skip (some exist)", () => {
    expect(namesOnly.length).toBeGreaterThanOrEqual(20);
  });

  it.each(namesOnly.map((r) => [r.meta.code, r] as const))("%s returns the same qualified-name keys in every file and does nothing else in create", async (code, rule) => {
    const own = path.join(FIXTURES, `${code}.py`);
    const sources = [
      "",
      "x = 1\n",
      "import os, subprocess, hashlib, re, random, ssl, yaml, pickle, tempfile\nfrom lxml import etree\n",
      fs.existsSync(own) ? fs.readFileSync(own, "utf8") : "pass\n",
      fs.readFileSync(path.join(FIXTURES, "PW201.py"), "utf8"),
    ];
    const lists: string[][] = [];
    for (const source of sources) lists.push(handlerKeys(rule.create(await contextOf(source))));
    expect(lists[0].length).toBeGreaterThan(0);
    for (const key of lists[0]) expect(key.includes(".") && !key.startsWith("."), `${code}: key ${key}`).toBe(true);
    for (const keys of lists.slice(1)) expect(keys).toEqual(lists[0]);
  });
});

describe("the engine's skip of namesOnly rules", () => {
  it("calls create only in files that can name a module of the rule's keys, once it knows them", async () => {
    let creates = 0;
    const rule = defineRule({
      namesOnly: true,
      meta: { ...ALL_RULES.find((r) => r.meta.code === "PW202")!.meta },
      create(ctx): Record<string, Handler> {
        creates++;
        return { "shlex.split": (node) => ctx.report(node, "split") };
      },
    });
    const opts = { rules: [rule] };
    // first file: keys not known yet, create runs
    expect((await checkSource("x = 1\n", opts)).findings).toEqual([]);
    expect(creates).toBe(1);
    // a file that cannot name shlex: skipped
    await checkSource("import os\nos.path.join('a', 'b')\n", opts);
    expect(creates).toBe(1);
    // files that can: create runs and the handler reports
    const direct = await checkSource("import shlex\nshlex.split(s)\n", opts);
    const aliased = await checkSource("from shlex import split as cut\ncut(s)\n", opts);
    expect(creates).toBe(3);
    expect(direct.findings.map((f) => f.message)).toEqual(["split"]);
    expect(aliased.findings.map((f) => f.message)).toEqual(["split"]);
  });
});
