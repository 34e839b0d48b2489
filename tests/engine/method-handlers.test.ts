import { describe, expect, it } from "vitest";
import { defineRule, type Handler, type Rule } from "../../src/rules/types.js";
import { findRule } from "../../src/rules/index.js";
import { checkSource } from "../helpers/fixtures.js";
import type { Node } from "../../src/parse/parser.js";

/** A test rule with the given handlers (its metadata borrowed from a real rule). */
function probe(handlers: () => Record<string, Handler>): Rule {
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
