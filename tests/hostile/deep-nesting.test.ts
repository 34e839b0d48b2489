/**
 * Deeply nested and very long expressions: no stack overflow anywhere (parser, model, rules, taint), the
 * file is analysed (a syntax error is fine where CPython would reject it too) and the canary's findings
 * beside it are still reported.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { CANARY, expectCanary, expectWellFormed, outcomeOf, put, removeTree, tempTree } from "./helpers.js";

const N = 10_000;
const rep = (s: string, n = N): string => s.repeat(n);

/** Hostile sources, by file name. Each ends with a sink so the rules and taint look into the deep part. */
const CASES: Record<string, string> = {
  "parens.py": `import os\nx = ${rep("(")}1${rep(")")}\nos.system('rm ' + ${rep("(")}y${rep(")")})\n`,
  "lists.py": `x = ${rep("[")}1${rep("]")}\n`,
  "dicts.py": `x = ${rep("{'k': ")}1${rep("}")}\n`,
  "sets_tuples.py": `x = ${rep("{(")}1${rep(",)}")}\n`,
  "calls.py": `import os\nos.system(${rep("str(")}user${rep(")")})\n`,
  "call_args.py": `import subprocess\nsubprocess.run(${rep("f(x, ")}cmd${rep(")")}, shell=True)\n`,
  "unary.py": `x = ${rep("-")}1\ny = ${rep("not ")}z\nw = ${rep("~")}v\n`,
  "await.py": `async def f():\n    return ${rep("await ")}g()\n`,
  "plus_chain.py": `import os\nz = ${rep("a + ", 100_000)}b\nos.system("rm " + ${rep("a + ")}b)\n`,
  "string_concat.py": `import os\ncmd = "rm "\n${rep("cmd = cmd + x\n", 2000)}os.system(cmd + ${rep('"x" + ')}"y")\n`,
  "percent_chain.py": `import os\nos.system(${rep('"%s" % ')}x)\n`,
  "fstring_chain.py": `import os\nos.system(${rep('f"{x}" + ')}"y")\n`,
  "attribute_chain.py": `import os\nx = os${rep(".path")}\ny = a${rep(".b")}.system("rm " + z)\n`,
  "method_chain.py": `import requests\nr = requests.Session()${rep(".get(u)")}.json()\n`,
  "subscripts.py": `x = a${rep("[0]")}\n`,
  "lambdas.py": `f = ${rep("lambda: ")}1\ng = ${rep("lambda x: ", 2000)}eval(x)\n`,
  "conditional.py": `import os\nx = ${rep("a if b else ")}c\nos.system(${rep("a if b else ")}c)\n`,
  "comparisons.py": `x = a${rep(" < a")}\n`,
  "boolean_ops.py": `x = a${rep(" and b or c")}\n`,
  "chained_assign.py": `${rep("a = ")}input()\nimport os\nos.system(a)\n`,
  "comprehensions.py": `x = ${rep("[", 2000)}y${rep(" for y in z]", 2000)}\n`,
  "starred.py": `x = ${rep("*", 5000)}y\n`,
  "walrus.py": `x = ${rep("(a := ")}1${rep(")")}\n`,
  "wide_tuple.py": `x = (${rep("1, ", 100_000)})\n`,
  "many_args.py": `import subprocess\nsubprocess.run(${rep("a, ", 20_000)}shell=True)\n`,
  "deep_if_99.py": nestedIfs(99),
  "deep_if_1000.py": nestedIfs(1000),
  "deep_def.py": nestedDefs(500),
  "deep_class.py": nestedClasses(500),
  "deep_with.py": Array.from({ length: 99 }, (_, i) => `${"    ".repeat(i)}with open(p${i}) as f${i}:\n`).join("") + `${"    ".repeat(99)}eval(f1.read())\n`,
  "unclosed.py": `import os\nos.system('rm ' + ${rep("(")}y\n${rep("[")}\n`,
  "unmatched_close.py": `x = 1${rep(")")}\n${rep("]")}\nimport os\nos.system('rm ' + y)\n`,
  "decorators.py": `${rep("@dec\n", 5000)}def f():\n    pass\n`,
  "elifs.py": `if a:\n    pass\n${rep("elif b:\n    eval(x)\n", 5000)}`,
};

function nestedIfs(depth: number): string {
  let out = "import os\nfrom flask import request\n\ndef view():\n    v = request.args['v']\n";
  for (let i = 0; i < depth; i++) out += `${" ".repeat(4 + i)}if v${i}:\n`;
  out += `${" ".repeat(4 + depth)}os.system('rm ' + v)\n`;
  return out;
}

function nestedDefs(depth: number): string {
  let out = "import os\n";
  for (let i = 0; i < depth; i++) out += `${" ".repeat(i)}def f${i}(a):\n`;
  out += `${" ".repeat(depth)}os.system('rm ' + a)\n`;
  return out;
}

function nestedClasses(depth: number): string {
  let out = "import hashlib\n";
  for (let i = 0; i < depth; i++) out += `${" ".repeat(i)}class C${i}:\n`;
  out += `${" ".repeat(depth)}h = hashlib.md5(b'x')\n`;
  return out;
}

let dir: string;
beforeAll(() => {
  dir = tempTree("deep");
});
afterAll(() => removeTree(dir));

describe("deeply nested and very long expressions", () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: analysed, no internal error, other files still reported`, async () => {
      const sub = path.join(dir, name.replace(/\.py$/, ""));
      put(sub, name, text);
      put(sub, "canary.py", CANARY);
      const r = await scan([sub], { select: ["ALL"], audit: false });
      expectCanary(r);
      const outcome = outcomeOf(r, name);
      expect(["analysed", "PW001"], `${name}: ${outcome.reason}`).toContain(outcome.status);
      expectWellFormed(r.findings.filter((f) => f.path.endsWith(`/${name}`)), text.split("\n").length);
      expectWellFormed(r.findings);
    });
  }

  it("deep if nesting within Python's limits still finds the sink at the bottom", async () => {
    const sub = path.join(dir, "deep_if_sink");
    put(sub, "view.py", nestedIfs(99));
    const r = await scan([sub], { select: ["ALL"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.some((f) => f.line === 105 && /^PW2/.test(f.code))).toBe(true);
  });
});
