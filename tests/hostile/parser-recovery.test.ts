/**
 * The parser never stays broken: deep indentation is tamed before the grammar's scanner sees it (for both
 * parsers: the native one and the WASM one), and a trap inside the WASM runtime is followed by a fresh runtime
 * instance (these tests parse with the WASM parser explicitly: the native one would take their short texts).
 */
import { describe, expect, it, vi } from "vitest";
import { getParser, lastParseFailure, MAX_INDENT_COLUMNS, parsePython, parsePythonByWasm, parseTreeSitter, tameIndentation } from "../../src/parse/parser.js";

/** `depth` nested `if` blocks, one space deeper each, with a string open at the bottom. */
function nestedIfs(depth: number): string {
  let out = "def view(v):\n";
  for (let i = 0; i < depth; i++) out += `${" ".repeat(1 + i)}if v${i}:\n`;
  return out + `${" ".repeat(1 + depth)}run('rm ' + v)\n`;
}

/** Whether the WASM parser (or `parse`) gives `text` a tree without errors. */
async function parsesCleanly(text: string, parse = parsePythonByWasm): Promise<boolean> {
  const tree = await parse(text, 20_000);
  return !!tree && !tree.rootNode.hasError;
}

describe("parser robustness", () => {
  it("leaves ordinary text untouched", () => {
    const text = "def f():\n    if x:\n\treturn 1\n    s = '''\n" + " ".repeat(500) + "deep string line\n'''\n";
    expect(tameIndentation(text)).toBe(text);
  });

  it("narrows indentation past the scanner's limit, keeping every offset", () => {
    const text = nestedIfs(1000);
    const tamed = tameIndentation(text);
    expect(tamed.length).toBe(text.length);
    expect(tamed.split("\n").length).toBe(text.split("\n").length);
    const widths = new Set(tamed.split("\n").map((l) => /^[\f]*( *)/.exec(l)![1].length));
    expect(Math.max(...widths)).toBeLessThanOrEqual(MAX_INDENT_COLUMNS);
    expect(tamed.replace(/\f/g, " ")).toBe(text);
  });

  it.each([["the parser in use (native when built)", parsePython], ["the WASM parser", parsePythonByWasm]] as const)(
    "parses 1,000 levels of indentation without corrupting later parses: %s",
    async (_, parse) => {
      for (const depth of [99, 400, 1000]) {
        const tree = await parse(nestedIfs(depth), 20_000);
        expect(tree).toBeDefined();
        expect(await parsesCleanly("import os\nx = 1\n", parse)).toBe(true);
      }
    },
  );

  it.each([["the parser in use (native when built)", parsePython], ["the WASM parser", parsePythonByWasm]] as const)(
    "tames indentation after a NUL that ends a comment (the scanner resets its count there): %s",
    async (_, parse) => {
      // a review's crash: a coding cookie whose codec decodes an overlong sequence to U+0000 put 520 levels of
      // indentation behind comments ended by NUL, with a string open; the native parser died with SIGSEGV
      let text = "if x:\n";
      for (let i = 1; i < 520; i++) text += "#\0" + " ".repeat(i) + "if x:\n";
      text += "#\0" + " ".repeat(520) + 'y = "a" + os.system(cmd)\n';
      expect(tameIndentation(text)).not.toBe(text);
      const tree = await parse(text, 20_000);
      expect(tree?.rootNode.descendantsOfType("call").length).toBe(1);
      expect(await parsesCleanly("import os\nx = 1\n", parse)).toBe(true);
    },
  );

  it("loads a fresh runtime after a trap inside WASM", async () => {
    // a 20,000-deep tree makes tree-sitter's recursive S-expression printer overflow the WASM stack
    const tree = await parseTreeSitter("x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "\n", 20_000);
    expect(() => tree!.rootNode.toString()).toThrow();
    expect(await parsesCleanly("import os\nx = 1\n")).toBe(true);
    expect(lastParseFailure()).toBeUndefined();
    expect(await parsesCleanly("y = [1, 2]\n")).toBe(true);
  });

  it("recovers when the parser throws", async () => {
    const parser = await getParser();
    parser.parse = () => {
      throw new Error("simulated trap");
    };
    expect(await parsesCleanly("x = 1\n")).toBe(true);
    expect(lastParseFailure()).toBeUndefined();
  });

  it("does not try again a text that ran the parser out of memory", async () => {
    const parser = await getParser();
    parser.parse = () => {
      throw new Error("Aborted(). Build with -sASSERTIONS for more info.");
    };
    // a second try (a fresh runtime, whose parser is not this one) would give a tree
    expect(await parsePythonByWasm("x = 1\n", 20_000)).toBeUndefined();
    expect(lastParseFailure()).toMatch(/^the parser aborted on this file, most likely out of memory/);
    expect(await parsesCleanly("x = 1\n")).toBe(true);
  });

  it("says nothing on the console when the parser really runs out of memory, and parses the next text", async () => {
    // 2.4M one-string statements: tree-sitter's heap (2 GB at most) runs out (about 7 s, 2 GB of memory)
    const printed = [vi.spyOn(process.stderr, "write"), vi.spyOn(process.stdout, "write"), vi.spyOn(console, "error"), vi.spyOn(console, "log")];
    try {
      expect(await parsePython('"a"\n'.repeat(2_400_000), 60_000)).toBeUndefined();
      expect(lastParseFailure()).toMatch(/out of memory/);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
    expect(await parsesCleanly("import os\nx = 1\n")).toBe(true);
  }, 120_000);

  it("replaces a runtime whose memory a huge text grew, and keeps it otherwise", async () => {
    const before = await getParser();
    expect(await parsesCleanly("x = 1\n")).toBe(true);
    expect(await getParser()).toBe(before);
    // 400,000 one-string statements (1.6 MB) grow tree-sitter's heap past 256 MB: WASM memory never shrinks, so the
    // next text gets a fresh runtime and this one's memory can be collected
    expect(await parsePython('"a"\n'.repeat(400_000), 60_000)).toBeDefined();
    const after = await getParser();
    expect(after).not.toBe(before);
    expect(await parsesCleanly("x = 1\n")).toBe(true);
    expect(await getParser()).toBe(after);
  }, 60_000);
});
