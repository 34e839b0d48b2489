/**
 * Names a file takes through its one `from m import *`: the pattern rules see `system` as `os.system` and `md5`
 * as `hashlib.md5`, and the taint analysis sees `request` as Flask's request.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-star-imports-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  "app.py": 'from flask import *\nimport os\n\napp = Flask(__name__)\n\n@app.route("/run")\ndef run():\n    cmd = request.args["cmd"]\n    os.system(cmd)\n    return "ok"\n',
  "hashing.py": "from hashlib import *\n\ndef digest(password):\n    return md5(password.encode()).hexdigest()\n",
  "shell.py": "from os import *\n\ndef go(cmd):\n    system(cmd)\n",
  // two star imports: which one gives `system` is not known, so it stays unresolved
  "two.py": "from os import *\nfrom sys import *\n\ndef go(cmd):\n    system(cmd)\n",
};

describe("names read through a star import", () => {
  it("reach the pattern rules and the taint analysis", async () => {
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    const r = await scan([dir], { cwd: dir, audit: false });
    expect(r.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(["app.py:9 PW251", "hashing.py:4 PW320", "shell.py:4 PW203"]);
  });
});
