import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

describe("folding related findings", () => {
  it("reports an MD5 of a password once, by the more specific rule", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-fold-"));
    fs.writeFileSync(path.join(dir, "a.py"), "import hashlib\n\ndef store(password):\n    return hashlib.md5(password.encode()).hexdigest()\n\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n");
    const r = await scan([dir], { cwd: dir, audit: false });
    expect(r.findings.map((f) => `${f.line} ${f.code}`)).toEqual(["4 PW320", "7 PW301"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
