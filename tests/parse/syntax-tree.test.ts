/**
 * pyward's syntax tree (src/parse/syntax-tree.ts) must answer as tree-sitter's node API does: compared node by
 * node (type, named, missing, has-error, range, field, parent, children by field, descendantForIndex,
 * descendantsOfType) on every rule fixture, the example app, broken snippets and fuzz-mutated snippets.
 * `node scripts/syntax-tree-diff.mjs` runs the same comparison over the standard library.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffTrees } from "../../scripts/syntax-tree-diff.mjs";
import { getParser, parsePython, parsePythonByCursor, parsePythonByWasm, parseTreeSitter, readsTreeMemory } from "../../src/parse/parser.js";
import { expectNoDifferencesOnFixtures, expectNoDifferencesOnFuzz } from "../helpers/fixtures.js";

async function diff(text: string): Promise<string[]> {
  const fieldNames = (await getParser()).language!.fields.filter((f): f is string => !!f);
  const flat = await parsePython(text);
  const ts = await parseTreeSitter(text);
  if (!flat || !ts) throw new Error("parse failed");
  try {
    return diffTrees(ts, flat, fieldNames, 1);
  } finally {
    ts.delete();
  }
}

const BROKEN = [
  "",
  "\n\n",
  "x = (1, 2\n",
  "def f(:\n    return\n",
  "if x\n    y = 1\n",
  "class C(\n  def m(self): pass\n",
  "print 'hello'\nexec code in ns\n",
  "x = f'{a!r:>{width}} {b}'\nr = rb'\\\\' + u\"é\" + '𝒳'\n",
  "try:\n    pass\nexcept* (A, B) as e:\n    raise\n",
  "match p:\n    case {'k': [1, *rest]} if rest:\n        pass\n    case _:\n        pass\n",
  "lambda: (yield)\n@decorator\nasync def g[T](x: T) -> T: ...\n",
  "x = 1 +\n",
  "a[1:2, ::3] = b if c else d\n",
  "$$$ ``` @@@\n",
  "def f():\r\n\treturn 1\r\n",
  "😀 = 1\nname = '😀' + x\n",
  "x = " + "(".repeat(300) + "1" + ")".repeat(300) + "\n",
  // MISSING leaves too wide to be stored inline (over 255 bytes of padding)
  "def f(:\n" + "#".repeat(300) + "\n" + " ".repeat(300) + "\n",
  "if x" + " ".repeat(300) + "\n    pass\n",
  // hidden MISSING tokens (newlines): the tree and the node holding them have an error
  "import os\rx = 1\r",
  "x\nasync return\n",
];

describe("the syntax tree", () => {
  it("matches tree-sitter on every fixture and on the example app", async () => {
    await expectNoDifferencesOnFixtures(diff);
  }, 120_000);

  it.each(BROKEN.map((t, i) => [i, t]))("matches tree-sitter on broken or unusual text #%i", async (_, text) => {
    expect(await diff(text)).toEqual([]);
  });

  it("matches tree-sitter on fuzz-mutated snippets", async () => {
    await expectNoDifferencesOnFuzz(diff, 40, 20261201);
  }, 180_000);

  it("is copied by reading WASM memory on this runtime, with the same arrays as the cursor walk", async () => {
    // the memory reader checks itself against the cursor walk when the runtime loads and falls back when they
    // differ: on the pinned web-tree-sitter it must be the one in use
    expect(await readsTreeMemory()).toBe(true);
    const texts = [...BROKEN, ...fs.readdirSync("tests/fixtures").filter((f) => f.endsWith(".py")).map((f) => fs.readFileSync(path.join("tests/fixtures", f), "utf8"))];
    for (const text of texts) {
      const a = (await parsePythonByWasm(text))!;
      const b = (await parsePythonByCursor(text))!;
      for (const k of ["types", "starts", "ends", "fields", "parents", "afters", "flags"] as const) {
        expect([k, Array.from(a[k])]).toEqual([k, Array.from(b[k])]);
      }
    }
  });

  it("answers with views that compare by node, and subtrees as ranges", async () => {
    const tree = (await parsePython("def f(a, b):\n    return g(a)(b)\n"))!;
    const calls = tree.rootNode.descendantsOfType("call");
    expect(calls.map((c) => c.text)).toEqual(["g(a)(b)", "g(a)"]);
    // a node is found among its own descendants, as in tree-sitter
    expect(calls[1].descendantsOfType("call").map((c) => c.id)).toEqual([calls[1].id]);
    // views are fresh objects: the same node reached twice is `equals`, not `===`
    expect(calls[0].childForFieldName("function")!.equals(calls[1])).toBe(true);
    expect(calls[0].childForFieldName("function")).not.toBe(calls[0].childForFieldName("function"));
    expect(calls[1].parent!.equals(calls[0])).toBe(true);
    expect(calls[0].equals(calls[1])).toBe(false);
    expect(calls[0].equals(null)).toBe(false);
    expect(tree.rootNode.parent).toBeNull();
    expect(calls[0].childForFieldName("no_such_field")).toBeNull();
    expect(calls[0].children.map((c) => c.type)).toEqual(["call", "argument_list"]);
    expect(calls[0].lastChild!.children.map((c) => [c.type, c.isNamed])).toEqual([["(", false], ["identifier", true], [")", false]]);
    expect(tree.hasError).toBe(false);
  });

  it("marks MISSING nodes and carries errors up to the root", async () => {
    const tree = (await parsePython("x = (1, 2\ny = 3\n"))!;
    expect(tree.hasError).toBe(true);
    expect(tree.rootNode.hasError).toBe(true);
    const clean = (await parsePython("y = 3\n"))!;
    expect(clean.rootNode.hasError).toBe(false);
  });
});
