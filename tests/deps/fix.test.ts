import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/deps/audit.js";
import { applyFixes, planDiff, planFixes } from "../../src/deps/fix.js";
import { unifiedDiff } from "../../src/deps/diff.js";
import { MemoryAdvisoryDb } from "../../src/deps/advisories/store.js";
import { dep, record, rmTemp, tempDir } from "./audit-helpers.js";

const DB = MemoryAdvisoryDb.fromRecords("test", [
  record("PYSEC-J-1", "jinja2", [{ introduced: "0" }, { fixed: "2.10.1" }]),
  record("PYSEC-J-2", "jinja2", [{ introduced: "0" }, { fixed: "2.11.3" }]),
  record("PYSEC-R-1", "requests", [{ introduced: "0" }, { fixed: "2.20.0" }]),
  record("PYSEC-U-1", "urllib3", [{ introduced: "0" }, { fixed: "1.26.5" }]),
  record("PYSEC-N-1", "nofix", [{ introduced: "0" }]),
]);

const H1 = `sha256:${"a".repeat(64)}`;
const H2 = `sha256:${"b".repeat(64)}`;

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmTemp(dir));

function files(map: Record<string, string>): (f: string) => string {
  return (f) => {
    if (!(f in map)) throw new Error(`ENOENT: no such file ${f}`);
    return map[f];
  };
}

describe("--fix in requirements files", () => {
  const text = [
    "# Production pins",
    "Jinja2 == 2.4.1   # templating, keep this comment",
    "requests[socks] == 2.19.1 \\",
    `    --hash=${H1} \\`,
    `    --hash ${H2}`,
    "six==1.16.0",
    "",
  ].join("\n");

  it("bumps pins to the smallest safe version, drops the bumped entry's hashes, keeps the rest", () => {
    const deps = [
      dep("Jinja2", { version: "2.4.1", line: 2 }),
      dep("requests", { version: "2.19.1", line: 3, extras: ["socks"], hashes: [H1, H2] }),
      dep("six", { version: "1.16.0", line: 6 }),
    ];
    const r = runAudit(deps, DB, {});
    const plan = planFixes(r.audited, files({ "requirements.txt": text }));
    expect(plan.changes).toEqual([
      { file: "requirements.txt", line: 2, name: "Jinja2", from: "2.4.1", to: "2.11.3", hashesRemoved: 0 },
      { file: "requirements.txt", line: 3, name: "requests", from: "2.19.1", to: "2.20.0", hashesRemoved: 2 },
    ]);
    expect(plan.files.get("requirements.txt")?.after).toBe(
      ["# Production pins", "Jinja2 == 2.11.3   # templating, keep this comment", "requests[socks] == 2.20.0", "six==1.16.0", ""].join("\n"),
    );
    expect(plan.messages).toEqual([
      "requirements.txt:3: removed 2 --hash values of requests (they were for 2.19.1); hashes must be regenerated for 2.20.0 (e.g. pip-compile --generate-hashes)",
    ]);
    expect(planDiff(plan)).toBe(
      [
        "--- a/requirements.txt",
        "+++ b/requirements.txt",
        "@@ -1,6 +1,4 @@",
        " # Production pins",
        "-Jinja2 == 2.4.1   # templating, keep this comment",
        "-requests[socks] == 2.19.1 \\",
        `-    --hash=${H1} \\`,
        `-    --hash ${H2}`,
        "+Jinja2 == 2.11.3   # templating, keep this comment",
        "+requests[socks] == 2.20.0",
        " six==1.16.0",
        "",
      ].join("\n"),
    );
  });

  it("keeps CRLF line endings and hashes on the same line; handles a continuation that stays", () => {
    const crlf = `urllib3==1.26.4 --hash=${H1} \\\r\n    ; python_version >= "3"\r\nother==1\r\n`;
    const r = runAudit([dep("urllib3", { version: "1.26.4", line: 1 })], DB, {});
    const plan = planFixes(r.audited, files({ "requirements.txt": crlf }));
    expect(plan.files.get("requirements.txt")?.after).toBe(`urllib3==1.26.5 \\\r\n    ; python_version >= "3"\r\nother==1\r\n`);
  });

  it("rewrites the constraints file that pins a requirement", () => {
    const d = dep("urllib3", { specifier: "", line: 1, constrainedBy: { file: "constraints.txt", line: 2, specifier: "==1.26.4", version: "1.26.4" } });
    const r = runAudit([d], DB, {});
    const plan = planFixes(r.audited, files({ "constraints.txt": "# c\nurllib3==1.26.4\n" }));
    expect(plan.files.get("constraints.txt")?.after).toBe("# c\nurllib3==1.26.5\n");
  });

  it("never rewrites another package whose name starts the same", () => {
    const r = runAudit([dep("jinja2", { version: "2.4.1", line: 1 })], DB, {});
    const plan = planFixes(r.audited, files({ "requirements.txt": "jinja2-time==2.4.1\n" }));
    expect(plan.files.size).toBe(0);
    expect(plan.messages).toEqual(["requirements.txt:1: jinja2 2.4.1: could not find the pin on this line; change it to 2.11.3 by hand"]);
    const ok = planFixes(r.audited, files({ "requirements.txt": "Jinja_2==2.4.1 ; python_version >= '2.4.1'\n".replace("Jinja_2", "JINJA2") }));
    expect(ok.files.get("requirements.txt")?.after).toBe("JINJA2==2.11.3 ; python_version >= '2.4.1'\n");
  });

  it("writes files atomically with applyFixes", () => {
    const file = path.join(dir, "requirements.txt");
    fs.writeFileSync(file, "jinja2==2.4.1\n");
    const r = runAudit([dep("jinja2", { version: "2.4.1", file })], DB, {});
    const plan = planFixes(r.audited);
    expect(applyFixes(plan)).toEqual([file]);
    expect(fs.readFileSync(file, "utf8")).toBe("jinja2==2.11.3\n");
    expect(fs.readdirSync(dir)).toEqual(["requirements.txt"]);
  });
});

describe("--fix in pyproject.toml and elsewhere", () => {
  const pyproject = [
    "[project]",
    'name = "app"',
    "dependencies = [",
    '  "jinja2==2.4.1",  # keep',
    '  "requests[socks]>=2",',
    "]",
    "",
    "[tool.poetry.dependencies]",
    'urllib3 = { version = "1.26.4", extras = ["socks"] }',
    "",
  ].join("\n");

  it("rewrites PEP 621 strings and Poetry tables, nothing else", () => {
    const deps = [
      dep("jinja2", { version: "2.4.1", file: "pyproject.toml", line: 4, kind: "pyproject" }),
      dep("urllib3", { version: "1.26.4", file: "pyproject.toml", line: 9, kind: "pyproject" }),
    ];
    const plan = planFixes(runAudit(deps, DB, {}).audited, files({ "pyproject.toml": pyproject }));
    expect(plan.files.get("pyproject.toml")?.after).toBe(
      pyproject.replace('"jinja2==2.4.1"', '"jinja2==2.11.3"').replace('version = "1.26.4"', 'version = "1.26.5"'),
    );
    expect(plan.messages).toEqual([]);
  });

  it("reports lockfiles, setup.cfg, missing fixes and unreadable files instead of rewriting them", () => {
    const deps = [
      dep("urllib3", { version: "1.26.4", file: "poetry.lock", line: 7, kind: "poetry.lock", locked: true }),
      dep("urllib3", { version: "1.26.4", file: "uv.lock", line: 3, kind: "uv.lock", locked: true }),
      dep("jinja2", { version: "2.4.1", file: "setup.cfg", line: 5, kind: "setup.cfg" }),
      dep("nofix", { version: "1.0", line: 1 }),
      dep("requests", { version: "2.0", file: "gone.txt", line: 1 }),
    ];
    const plan = planFixes(runAudit(deps, DB, {}).audited, files({}));
    expect(plan.files.size).toBe(0);
    expect(plan.messages).toEqual([
      "gone.txt: cannot read for --fix: ENOENT: no such file gone.txt",
      "poetry.lock:7: urllib3 1.26.4 is locked; lockfiles are not rewritten: update it to 1.26.5 or later (poetry update urllib3)",
      "requirements.txt:1: nofix 1.0: no fixed version is known; not changed",
      "setup.cfg:5: jinja2 2.4.1: setup.cfg is not rewritten; change the pin to 2.11.3 by hand",
      "uv.lock:3: urllib3 1.26.4 is locked; lockfiles are not rewritten: update it to 1.26.5 or later (uv lock --upgrade-package urllib3)",
    ]);
  });

  it("says so when the pin is not where the dependency says", () => {
    const plan = planFixes(runAudit([dep("jinja2", { version: "2.4.1", line: 1 })], DB, {}).audited, files({ "requirements.txt": "flask==1.0\n" }));
    expect(plan.messages).toEqual(["requirements.txt:1: jinja2 2.4.1: could not find the pin on this line; change it to 2.11.3 by hand"]);
  });
});

describe("unified diff", () => {
  it("writes hunks with context and marks a missing final newline", () => {
    const before = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join("\n") + "\n";
    const after = before.replace("l2\n", "L2\n").replace("l12\n", "l12");
    expect(unifiedDiff("f.txt", before, after)).toBe(
      [
        "--- a/f.txt", "+++ b/f.txt",
        "@@ -1,5 +1,5 @@", " l1", "-l2", "+L2", " l3", " l4", " l5",
        "@@ -9,4 +9,4 @@", " l9", " l10", " l11", "-l12", "+l12", "\\ No newline at end of file", "",
      ].join("\n"),
    );
    expect(unifiedDiff("f", "same\n", "same\n")).toBe("");
  });
});
