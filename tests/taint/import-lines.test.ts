import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasOwnSources, importLines } from "../../src/taint/screen.js";

/** Every (module, list) pair `importLines` visits, in order. */
function visited(text: string): [string | undefined, string | undefined][] {
  const out: [string | undefined, string | undefined][] = [];
  importLines(text, (module, list) => {
    out.push([module, list]);
    return false;
  });
  return out;
}

/** The same, as a regular expression anchored at every line start finds them (what importLines stands for). */
function byRegex(text: string): [string | undefined, string | undefined][] {
  return [...text.matchAll(/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))/gm)].map((m) => [m[1], m[2]]);
}

describe("importLines (the screening of hasOwnSources)", () => {
  it("finds the import statements that start a line, as /^…/gm does", () => {
    const text = [
      "import os, sys as system",
      "  from flask import request",
      "x = 1; import json", // not at a line start
      "\tfrom\t.models import User",
      "from a.b import(c)", // `import\b` before `(`
      "importlib.reload(x)", // `import` then no space
      "# import requests",
      "import requests # comment",
    ].join("\n");
    expect(visited(text)).toEqual([
      [undefined, "os, sys as system"],
      ["flask", undefined],
      [".models", undefined],
      ["a.b", undefined],
      [undefined, "requests "],
    ]);
    expect(visited(text)).toEqual(byRegex(text));
  });

  it("agrees with the line-anchored expression on generated texts (every line break JavaScript's ^ knows)", () => {
    const piece = fc.constantFrom("import", "from", " ", "\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "flask", "a.b", ".", ",", "as", "#", "(", "x", "importlib", "_");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(visited(text)).toEqual(byRegex(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("stops at the first import that names a source module", () => {
    const remote = new Set(["remote"] as const);
    expect(hasOwnSources("app.views", "import os\nfrom flask import request\n", remote)).toBe(true);
    expect(hasOwnSources("app.views", "import os, flask.views as v\n", remote)).toBe(true);
    expect(hasOwnSources("app.util", "import os\nx = 'from flask import request'\n", remote)).toBe(false);
  });
});
