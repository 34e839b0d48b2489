/**
 * The run reads files defensively (`readSourceFile`): a file deleted or replaced by a FIFO between discovery and
 * reading, or grown past the size limit, ends as a PW003 finding and the run goes on — with and without the cache.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-run-read-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const BAD = "import hashlib\nhashlib.md5(b'x')\n";

function tree(name: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root);
  for (const f of ["a.py", "b.py", "c.py", "d.py"]) fs.writeFileSync(path.join(root, f), BAD);
  return root;
}

describe.each([
  ["without a cache", false],
  ["with a cache", true],
])("files changing under the scan, %s", (_label, cached) => {
  it("reports a file deleted, one replaced by a FIFO and one grown too big, and analyses the rest", async () => {
    const root = tree(`t-${cached}`);
    const sizeLimit = 1000;
    // listed first and over the limit, it is reported before any other file is read (every file is read before
    // the first analysis ends: to hash it with a cache, to screen it for taint sources without)
    fs.writeFileSync(path.join(root, "0_over.py"), "#".repeat(sizeLimit + 1));
    // discovery has seen all five files; before any other is read, b vanishes, c becomes a FIFO, d grows
    const r = await scan([root], {
      jobs: 1,
      audit: false,
      select: ["PW3"],
      maxFileSize: sizeLimit,
      cacheDir: cached ? path.join(dir, `cache-${cached}`) : undefined,
      onFile: (done) => {
        if (done !== 1) return;
        fs.rmSync(path.join(root, "b.py"));
        fs.rmSync(path.join(root, "c.py"));
        execFileSync("mkfifo", [path.join(root, "c.py")]);
        fs.writeFileSync(path.join(root, "d.py"), BAD + "#".repeat(2 * sizeLimit) + "\n");
      },
    });
    const byFile = (name: string) => r.findings.filter((f) => f.path.endsWith(name)).map((f) => `${f.code} ${f.message}`);
    expect(r.errors).toEqual([]);
    expect(byFile("a.py").some((m) => m.startsWith("PW3"))).toBe(true);
    expect(byFile("b.py")).toEqual([expect.stringMatching(/^PW003 cannot read file \(ENOENT\); not analysed$/)]);
    expect(byFile("c.py")).toEqual([expect.stringMatching(/^PW003 a FIFO, not a regular file; not analysed$/)]);
    expect(byFile("d.py")).toEqual([expect.stringMatching(/^PW003 file is \d\.\d KB, over the 1000 bytes limit/)]);
  });
});
