/**
 * The native parser (native/pyward_parser.c, loaded by src/parse/native.ts) must give the very arrays the WASM
 * parser gives: on every fixture, the example app, broken and hostile texts and fuzz-mutated snippets; a file's
 * findings must not depend on which parser read it; and its time budget must hold. When the addon was not built
 * (no C compiler where the tests run), the tests that need it are skipped and pyward runs on the WASM parser,
 * which the rest of the suite covers.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoDifferencesOnFixtures, expectNoDifferencesOnFuzz } from "../helpers/fixtures.js";
import { nativeParserStatus } from "../../src/parse/native.js";
import { lastParseFailure, parsePython, parsePythonByWasm } from "../../src/parse/parser.js";
import type { SyntaxTree } from "../../src/parse/syntax-tree.js";

const built = fs.existsSync("dist/native/pyward-parser.node");
const ARRAYS = ["types", "starts", "ends", "fields", "parents", "afters", "flags"] as const;

/** The arrays where the two parsers' trees of `text` differ (empty when they agree). */
async function differences(text: string): Promise<string[]> {
  const native = await parsePython(text);
  const wasm = await parsePythonByWasm(text);
  if (!native || !wasm) return [`parse failed: native ${!!native}, wasm ${!!wasm}`];
  return ARRAYS.filter((k) => !sameArray(native[k], wasm[k])).map((k) => `${k} differ (${native.count} vs ${wasm.count} nodes)`);
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HOSTILE = [
  "",
  "\n",
  "x = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n",
  "x = " + "[".repeat(10_000) + "\n",
  "y = " + "-".repeat(10_000) + "1\n",
  "a\0b = '\0'\n",
  "import os\rx = 1\r",
  "\uFEFFdef f():\n\treturn 1\n",
  "s = '\uD800' + \"\uDFFF\" + '😀𝒳é'\n",
  "x = '''never closed\n" + "line\n".repeat(50),
  "def f(:\n" + "#".repeat(300) + "\n" + " ".repeat(300) + "\n",
  "if x:\n" + " ".repeat(400) + "y = 1\n",
  "print 'py2'\nexec code in ns\n`x`\n",
  "x = 1; " + "y = x + 1; ".repeat(20_000) + "\n",
  "match p:\n    case {'k': [1, *rest]} if rest:\n        pass\n    case C(x=0) | None:\n        pass\n",
  "$$$ ``` @@@ \\\n",
  "if x:\n" + Array.from({ length: 600 }, (_, i) => "#\0" + " ".repeat(i + 1) + "if x:\n").join("") + "#\0" + " ".repeat(601) + 'y = f"{"a"}"\n',
];

describe.skipIf(!built)("the native parser", () => {
  it("is the parser in use when it was built", async () => {
    await parsePython("x = 1\n");
    expect(nativeParserStatus()).toBe("native");
  });

  it("gives the WASM parser's arrays on every fixture and on the example app", async () => {
    await expectNoDifferencesOnFixtures(differences);
  }, 120_000);

  it.each(HOSTILE.map((t, i) => [i, t]))("gives the WASM parser's arrays on broken or hostile text #%i", async (_, text) => {
    expect(await differences(text)).toEqual([]);
  });

  it("gives the WASM parser's arrays on fuzz-mutated snippets", async () => {
    await expectNoDifferencesOnFuzz(differences, 60, 20261202);
  }, 180_000);

  it("keeps its time budget: no tree, and no failure reason, when the budget runs out", async () => {
    const text = "x = [\n" + "    f(a, b=c) + g[1:2] * 3,\n".repeat(40_000) + "]\n";
    expect(await parsePython(text, 0)).toBeUndefined();
    expect(lastParseFailure()).toBeUndefined();
    const tree = (await parsePython(text, 60_000)) as SyntaxTree;
    expect(tree.hasError).toBe(false);
    expect(tree.rootNode.namedChildren[0].type).toBe("expression_statement");
  });

  it("parses each text afresh: abandoned and huge parses in between change no later tree", async () => {
    // each text has a parser of its own in the thread's arena (native/arena.c), released after the copy; a parse
    // the budget ends is released the same way, and one that outgrew the kept chunks gives them back
    const sample = fs.readFileSync("examples/flask_app/app/views.py", "utf8");
    const first = (await parsePython(sample))!;
    const big = "def f(a, b=1):\n    return [x * 2 for x in a if x] + g(b, c=d)[1:2]\n".repeat(10_000);
    for (let i = 0; i < 6; i++) {
      expect(await parsePython(big, i % 2 ? 0 : 60_000)).toSatisfy((t) => (i % 2 ? t === undefined : !!t && !t.hasError));
      const again = (await parsePython(sample))!;
      expect(ARRAYS.filter((k) => !sameArray(first[k], again[k]))).toEqual([]);
    }
    expect(await differences(sample)).toEqual([]);
  }, 120_000);

  it("reads the text as UTF-16, offsets in code units, as the WASM parser does", async () => {
    const text = "s = '😀'\nt = 1\n";
    const tree = (await parsePython(text))!;
    const t = tree.rootNode.descendantsOfType("identifier").find((n) => n.text === "t")!;
    expect(t.startIndex).toBe(text.indexOf("t ="));
    expect(tree.rootNode.descendantsOfType("string")[0].text).toBe("'😀'");
  });

  it("never loads an addon that is not the one the build made, and says so once per run", () => {
    // a truncated shared object crashes the process that loads it (SIGBUS): the build's SHA-256 must match first
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-native-"));
    try {
      fs.cpSync("dist", path.join(root, "dist"), { recursive: true });
      fs.copyFileSync("package.json", path.join(root, "package.json"));
      fs.symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
      const addon = path.join(root, "dist", "native", "pyward-parser.node");
      fs.writeFileSync(addon, fs.readFileSync(addon).subarray(0, 300_000));
      const run = (jobs: string) =>
        spawnSync(process.execPath, [path.join(root, "dist/cli/main.js"), "check", "tests/fixtures", "--isolated", "--no-audit", "--no-cache", "--format", "json", "-q", "--jobs", jobs], {
          encoding: "utf8",
          maxBuffer: 1 << 28,
        });
      for (const jobs of ["1", "2"]) {
        const r = run(jobs);
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^pyward: the native parser is not used \(.*SHA-256 differs.*\); parsing with the WASM parser/)]);
        expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(100);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it("finds what the WASM parser finds: byte-identical reports on the fixtures with PYWARD_PARSER=wasm", () => {
    const run = (env: Record<string, string>): string =>
      execFileSync(process.execPath, ["dist/cli/main.js", "check", "tests/fixtures", "examples/flask_app", "--isolated", "--no-audit", "--no-cache", "--format", "json", "-q"], {
        env: { ...process.env, ...env },
        encoding: "utf8",
        maxBuffer: 1 << 28,
      }).toString();
    const capture = (env: Record<string, string>): string => {
      try {
        return run(env);
      } catch (err) {
        // exit 1: findings, the report is on standard output all the same
        return String((err as { stdout?: string }).stdout);
      }
    };
    const native = capture({});
    const wasm = capture({ PYWARD_PARSER: "wasm" });
    expect(JSON.parse(native).findings.length).toBeGreaterThan(100);
    expect(native).toBe(wasm);
  }, 120_000);
});
