import { describe, expect, it } from "vitest";
import { defineRule, handlerKeys, KEYED, type Handler, type Handlers, type Rule } from "../../src/rules/types.js";
import { findRule } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import type { Node } from "../../src/parse/parser.js";

/** A test rule with the given handlers (its metadata borrowed from a real rule). */
function probe(handlers: () => Handlers): Rule {
  return defineRule({ meta: { ...findRule("PW301")!.meta, code: "PW999", name: "probe" }, create: handlers });
}

describe("`.method` handler keys", () => {
  const src = [
    "import re",
    "import sqlite3",
    "cur = sqlite3.connect(':memory:').cursor()",
    "cur.execute('select 1')", // line 4: method of a typed receiver
    "self.db.execute(q)", // line 5: method of an unknown receiver
    "execute(q)", // line 6: a plain function call: no method
    "re.search('a', s)", // line 7: a qualified name whose method is `search`
    "p.search(s)", // line 8
    "",
  ].join("\n");
  /** 1-based line of a node in `src` (the probe's handlers record where they ran). */
  const lineOf = (n: Node): number => src.slice(0, n.startIndex).split("\n").length;

  it("run on every call of that method name, whatever the receiver, and not on plain calls", async () => {
    const seen: number[] = [];
    const rule = probe(() => ({ ".execute": (n) => seen.push(lineOf(n)) }));
    const r = await checkSource(src, { rules: [rule] });
    expect(r.errors).toEqual([]);
    expect(seen).toEqual([4, 5]);
  });

  it("call one handler function registered under a qualified name and a method name once per call", async () => {
    const seen: string[] = [];
    const shared: Handler = (n) => seen.push(`shared:${lineOf(n)}`);
    const rule = probe(() => ({
      "re.search": shared,
      ".search": shared,
      "sqlite3.Cursor.execute": (n) => seen.push(`named:${lineOf(n)}`),
      ".execute": (n) => seen.push(`method:${lineOf(n)}`),
    }));
    const r = await checkSource(src, { rules: [rule] });
    expect(r.errors).toEqual([]);
    // distinct functions both run, the `.method` one first; the shared one runs once on `re.search(...)`
    expect(seen.filter((s) => s.startsWith("shared"))).toEqual(["shared:7", "shared:8"]);
    expect(seen.filter((s) => s.endsWith(":5"))).toEqual(["method:5"]);
  });
});

describe("keyed handlers (`KEYED`)", () => {
  const src = [
    "import os, subprocess",
    "os.system(cmd)", // line 2
    "subprocess.run(args)", // line 3
    "self.db.execute(q)", // line 4
    "x = 1", // line 5: an assignment
    "os.getcwd()", // line 6
    "",
  ].join("\n");
  const lineOf = (n: Node): number => src.slice(0, n.startIndex).split("\n").length;
  const NAMES = ["os.system", "subprocess.run", "os.getcwd"];
  const MIXED = [".execute", "assignment", "os.system"];

  it("serve every key of their list with one function, told the key that matched", async () => {
    const seen: string[] = [];
    const rule = probe(() => ({
      [KEYED]: [
        { keys: NAMES, handler: (n, key) => seen.push(`names ${key}:${lineOf(n)}`) },
        { keys: MIXED, handler: (n, key) => seen.push(`mixed ${key}:${lineOf(n)}`) },
      ],
    }));
    const r = await checkSource(src, { rules: [rule] });
    expect(r.errors).toEqual([]);
    // os.system is in both lists: the first list's handler serves it; node-type and `.method` keys work too
    expect(seen).toEqual(["names os.system:2", "names subprocess.run:3", "mixed .execute:4", "mixed assignment:5", "names os.getcwd:6"]);
  });

  it("yield to a string key of the same object, which is told its key too", async () => {
    const seen: string[] = [];
    const rule = probe(() => ({
      "os.system": (n, key) => seen.push(`own ${key}:${lineOf(n)}`),
      [KEYED]: [{ keys: NAMES, handler: (n, key) => seen.push(`keyed ${key}:${lineOf(n)}`) }],
    }));
    await checkSource(src, { rules: [rule] });
    expect(seen).toEqual(["own os.system:2", "keyed subprocess.run:3", "keyed os.getcwd:6"]);
  });

  it("are filed again when a file's handler object lists other key arrays", async () => {
    // two files of one run: the second file's list is another array, and only its keys may run
    let file = 0;
    const seen: string[] = [];
    const rule = probe(() => {
      file++;
      const keys = file === 1 ? ["os.system"] : ["subprocess.run"];
      return { [KEYED]: [{ keys, handler: (_node, key) => seen.push(`${file} ${key}`) }] };
    });
    const options = { rules: [rule] }; // one rule array: the engine's key index is kept from file to file
    await checkSource(src, options);
    await checkSource(src, options);
    expect(seen).toEqual(["1 os.system", "2 subprocess.run"]);
  });

  it("count among a handler object's keys (handlerKeys), after its string keys and without repeats", () => {
    const noop: Handler = () => undefined;
    const keys = handlerKeys({ assignment: noop, "os.system": noop, [KEYED]: [{ keys: NAMES, handler: noop }, { keys: MIXED, handler: noop }] });
    expect(keys).toEqual(["assignment", "os.system", "subprocess.run", "os.getcwd", ".execute"]);
  });
});
