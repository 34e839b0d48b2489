import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/run.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-cors-"));
  const settings = path.join(dir, "site", "settings");
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(path.join(dir, "site", "__init__.py"), "");
  fs.writeFileSync(path.join(settings, "__init__.py"), "");
  fs.writeFileSync(path.join(settings, "base.py"), "DEBUG = False\nCORS_ALLOW_CREDENTIALS = True\n");
  fs.writeFileSync(path.join(settings, "production.py"), "from .base import *\n\nCORS_ALLOW_ALL_ORIGINS = True\n");
  fs.writeFileSync(path.join(settings, "public.py"), "from .base import *\n\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = False\n");
  fs.writeFileSync(path.join(settings, "strict.py"), "from .base import *\n\nCORS_ALLOWED_ORIGINS = ['https://app.example.com']\n");
  fs.writeFileSync(path.join(settings, "open.py"), "CORS_ALLOW_ALL_ORIGINS = True\n");
  fs.writeFileSync(path.join(settings, "staging.py"), "from .open import *\n\nCORS_ALLOW_CREDENTIALS = True\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("PW631 across settings modules", () => {
  it("joins settings split by star imports, and an explicit False wins", async () => {
    const r = await scan([dir], { cwd: dir, select: ["PW631"], audit: false });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.path}:${f.line}`).sort()).toEqual(["site/settings/production.py:3", "site/settings/staging.py:3"]);
  });
});
