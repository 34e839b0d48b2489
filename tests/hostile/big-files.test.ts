/**
 * Very large inputs: a 50 MB generated module (over the default size limit; and under a raised limit, analysed
 * or abandoned on the time budget — reported either way), a 1 MB single-line file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";
import { expectCanary, expectOneLine, expectWellFormed, outcomeOf, put, removeTree, tempTree } from "./helpers.js";

const MB = 1024 * 1024;

/** A realistic generated module of about `mb` megabytes: many small handlers, each with an injectable query. */
function generatedModule(mb: number): Buffer {
  const parts: string[] = ["import sqlite3\n"];
  let size = parts[0].length;
  for (let i = 0; size < mb * MB; i++) {
    const block =
      `\ndef handler_${i}(request, db):\n` +
      `    user = request.args.get("user")\n` +
      `    cursor = db.cursor()\n` +
      `    cursor.execute("SELECT * FROM users WHERE name = '%s'" % user)\n` +
      `    data = [x * 2 for x in range(10) if x % 3]\n` +
      `    return {"user": user, "rows": cursor.fetchall(), "data": data}\n`;
    parts.push(block);
    size += block.length;
  }
  return Buffer.from(parts.join(""));
}

let dir: string;
beforeAll(() => {
  dir = tempTree("big");
});
afterAll(() => removeTree(dir));

describe("very large files", () => {
  it(
    "a 50 MB module: PW003 over the default limit; with --max-file-size 60 analysed, or abandoned on the time budget or the parser's memory, reported",
    async () => {
      put(dir, "generated/big.py", generatedModule(50));
      fs.copyFileSync(path.join(dir, "canary.py"), path.join(dir, "generated", "canary.py"));
      const sub = path.join(dir, "generated");

      const t0 = performance.now();
      const byDefault = await scan([sub], { audit: false });
      expect(performance.now() - t0).toBeLessThan(10_000); // not even read
      expectCanary(byDefault);
      const skipped = outcomeOf(byDefault, "big.py");
      expect(skipped.status).toBe("PW003");
      expect(skipped.reason).toMatch(/^file is 50\.0 MB, over the 10\.0 MB limit/);
      expectOneLine(skipped.reason);

      const raised = await scan([sub], { audit: false, maxFileSize: 60 * MB });
      expectCanary(raised);
      const outcome = outcomeOf(raised, "big.py");
      if (outcome.status === "PW003") {
        // which limit it meets first, time or the parser's 2 GB heap, depends on the machine's speed
        expect(outcome.reason).toMatch(/budget|out of memory/);
        expectOneLine(outcome.reason);
      } else {
        expect(outcome.status).toBe("analysed");
        expect(raised.findings.filter((f) => f.path.endsWith("big.py")).length).toBeGreaterThan(1000);
      }
      expectWellFormed(raised.findings);
    },
    300_000,
  );

  it("a 1 MB single-line file is analysed and its findings located on line 1", async () => {
    const sub = path.join(dir, "oneline");
    const items = Array.from({ length: 160_000 }, (_, i) => String(i)).join(",");
    const text = `import os; x = [${items}]; os.system("rm " + y); s = "${"a".repeat(100_000)}"; import hashlib; hashlib.md5(b"x")`;
    expect(text.length).toBeGreaterThan(MB);
    put(sub, "minified.py", text);
    put(sub, "canary.py", fs.readFileSync(path.join(dir, "canary.py")));
    const r = await scan([sub], { select: ["ALL"], audit: false });
    expectCanary(r);
    expect(outcomeOf(r, "minified.py").status).toBe("analysed");
    const mine = r.findings.filter((f) => f.path.endsWith("minified.py"));
    expect(mine.some((f) => f.code === "PW301")).toBe(true);
    expectWellFormed(mine, 1);
    for (const f of mine) expect(f.line).toBe(1);
  });

  it("a 1 MB string literal, a 1 MB comment and a 1 MB identifier", async () => {
    const sub = path.join(dir, "longtokens");
    put(sub, "string.py", `import os\nos.system("${"x".repeat(MB)}" + y)\n`);
    put(sub, "comment.py", `# ${"c".repeat(MB)}\nimport os\nos.system("rm " + y)\n`);
    put(sub, "identifier.py", `${"v".repeat(MB)} = 1\nimport os\nos.system("rm " + y)\n`);
    put(sub, "canary.py", fs.readFileSync(path.join(dir, "canary.py")));
    const r = await scan([sub], { select: ["ALL"], audit: false });
    expectCanary(r);
    for (const name of ["string.py", "comment.py", "identifier.py"]) expect(outcomeOf(r, name).status, name).toBe("analysed");
    expectWellFormed(r.findings);
  });
});
