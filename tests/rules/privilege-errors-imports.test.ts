/**
 * Behaviour of the error-handling, privilege, cleartext and import-reminder rules beyond their fixtures:
 * severities and confidences chosen per case, rule options, test-file handling, and PW620's project phase.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/rules/index.js";
import { runProjectPhase } from "../../src/engine/project.js";
import type { ProjectFact } from "../../src/rules/types.js";
import { checkSource } from "../helpers/fixtures.js";
import { privilegeSwitch, shellSwitch } from "../../src/rules/privilege/privileged-command.js";
import { bidiBalanced } from "../../src/rules/other/bidi-control-character.js";
import { matchImport } from "../../src/rules/util/imports.js";

const rule = (code: string) => ALL_RULES.filter((r) => r.meta.code === code);

async function findings(code: string, source: string, opts: { options?: Record<string, unknown>; isTest?: boolean; explicit?: boolean; path?: string } = {}) {
  const result = await checkSource(
    source,
    { rules: rule(code), explicit: opts.explicit === false ? new Set() : new Set([code]), ruleOptions: opts.options ? { [code]: opts.options } : undefined },
    opts.path ?? "app/module.py",
    opts.isTest ?? false,
  );
  expect(result.errors).toEqual([]);
  return result;
}

describe("PW402 assert-used", () => {
  it("is quiet in test files unless selected explicitly", async () => {
    const src = "def test_total():\n    assert total() == 3\n";
    expect((await findings("PW402", src, { isTest: true, explicit: false, path: "tests/test_total.py" })).findings).toHaveLength(0);
    expect((await findings("PW402", src, { isTest: true, path: "tests/test_total.py" })).findings).toHaveLength(1);
  });

  it("raises the severity of security checks and lowers the confidence of type narrowing", async () => {
    const r = await findings("PW402", "assert user.is_superuser\nassert isinstance(x, int)\nassert x > 0\n");
    expect(r.findings.map((f) => [f.line, f.severity, f.confidence])).toEqual([
      [1, "medium", "high"],
      [2, "low", "low"],
      [3, "low", "high"],
    ]);
  });
});

describe("PW403 swallowed-exception", () => {
  const src = "try:\n    f()\nexcept KeyError:\n    pass\ntry:\n    f()\nexcept Exception:\n    pass\n";
  it("ignores narrow exceptions by default", async () => {
    expect((await findings("PW403", src)).findings.map((f) => f.line)).toEqual([7]);
  });
  it("reports them with low confidence when checkTypedExceptions is set", async () => {
    const r = await findings("PW403", src, { options: { checkTypedExceptions: true } });
    expect(r.findings.map((f) => [f.line, f.confidence])).toEqual([
      [3, "low"],
      [7, "high"],
    ]);
  });
});

describe("PW605 hardcoded-temp-path", () => {
  it("takes its directories from the options", async () => {
    const src = 'open("/scratch/out.txt", "w")\nopen("/tmp/out.txt", "w")\n';
    expect((await findings("PW605", src)).findings.map((f) => f.line)).toEqual([2]);
    expect((await findings("PW605", src, { options: { directories: ["/scratch/"] } })).findings.map((f) => f.line)).toEqual([1]);
  });
  it("lowers the confidence when the name part varies", async () => {
    const r = await findings("PW605", 'import os\nopen("/tmp/" + name)\nos.path.join("/tmp", name)\nopen("/tmp/fixed")\n');
    expect(r.findings.map((f) => [f.line, f.confidence])).toEqual([
      [2, "medium"],
      [3, "medium"],
      [4, "high"],
    ]);
  });
});

describe("PW609 privileged-command", () => {
  it("reads command lines like a shell", () => {
    expect(shellSwitch(`echo 'a; sudo b' "c;d" e\\ f; sudo x`)).toMatchObject({ tool: "sudo", user: undefined });
    expect(shellSwitch(`echo 'a; sudo b'`)).toBeUndefined();
    expect(shellSwitch("FOO=1 exec sudo -u root make")).toMatchObject({ tool: "sudo", user: "root" });
    expect(shellSwitch("cd /srv && env -i PATH=/bin su -c 'make install'")).toMatchObject({ tool: "su", user: undefined });
    expect(shellSwitch("sudo -g adm tail /var/log/syslog")).toMatchObject({ groupOnly: true });
    expect(shellSwitch("sudo --user=www-data id")).toMatchObject({ user: "www-data" });
    expect(shellSwitch("runuser -u app -- id")).toMatchObject({ tool: "runuser", user: "app" });
    expect(shellSwitch("sudo -K")).toBeUndefined();
    expect(shellSwitch("visudo -c")).toBeUndefined();
    expect(privilegeSwitch(["sh", "-c", "echo ok | sudo tee /etc/motd"])).toMatchObject({ tool: "sudo" });
    expect(privilegeSwitch([undefined, "sudo"])).toBeUndefined();
  });

  it("grades root, other accounts and stdin passwords", async () => {
    const r = await findings(
      "PW609",
      'import subprocess\nsubprocess.run(["sudo", "id"])\nsubprocess.run(["sudo", "-u", "nobody", "id"])\nsubprocess.run("echo pw | sudo -S id", shell=True)\nsubprocess.run(["sudo", "-g", "adm", "id"])\n',
    );
    expect(r.findings.map((f) => [f.line, f.severity])).toEqual([
      [2, "medium"],
      [3, "low"],
      [4, "high"],
      [5, "low"],
    ]);
  });
});

describe("PW611 bidi-control-character", () => {
  it("tells paired controls from unpaired ones", () => {
    expect(bidiBalanced("\u202Babc\u202C")).toBe(true);
    expect(bidiBalanced("\u2067x\u2069 \u202Ey\u202C")).toBe(true);
    expect(bidiBalanced("\u202E")).toBe(false);
    expect(bidiBalanced("\u2066x\u202C")).toBe(false);
  });
  it("points at each character, comments included, and honours suppressions", async () => {
    const r = await findings("PW611", "x = 1  # \u202E here\ny = 2  # \u202E here  # nosec B613\n");
    expect(r.findings.map((f) => [f.line, f.column])).toEqual([[1, 10]]);
  });
});

describe("import reminders", () => {
  it("match modules, names taken from them, and harmless subsets", () => {
    const targets = { modules: ["xml.sax"], exempt: ["xml.sax.saxutils"], harmless: { "xml.sax": new Set(["SAXParseException"]) } };
    expect(matchImport({ module: "xml.sax" }, targets)).toBe("xml.sax");
    expect(matchImport({ module: "xml", names: ["sax"] }, targets)).toBe("xml.sax");
    expect(matchImport({ module: "xml.sax", names: ["SAXParseException"] }, targets)).toBeUndefined();
    expect(matchImport({ module: "xml.sax", names: ["SAXParseException", "parse"] }, targets)).toBe("xml.sax.parse");
    expect(matchImport({ module: "xml.sax.saxutils" }, targets)).toBeUndefined();
    expect(matchImport({ module: "xml.saxophone" }, targets)).toBeUndefined();
  });

  it("are off by default, except the PyCrypto check", () => {
    const off = ALL_RULES.filter((r) => r.meta.enabledByDefault === false).map((r) => r.meta.code);
    for (const code of ["PW612", "PW613", "PW614", "PW615", "PW616", "PW617", "PW618", "PW619", "PW621"]) expect(off).toContain(code);
    expect(off).not.toContain("PW620");
  });
});

describe("PW620 import-pycrypto project phase", () => {
  async function project(files: Record<string, string>, options?: Record<string, unknown>) {
    const facts = new Map<string, ProjectFact[]>();
    const perFile: string[] = [];
    for (const [path, text] of Object.entries(files)) {
      const r = await findings("PW620", text, { path, options });
      perFile.push(...r.findings.map((f) => `${f.path}:${f.line}`));
      for (const [code, list] of Object.entries(r.facts)) facts.set(code, [...(facts.get(code) ?? []), ...list]);
    }
    const { findings: projectFindings, errors } = runProjectPhase(rule("PW620"), facts);
    expect(errors).toEqual([]);
    return { perFile, project: projectFindings.map((f) => `${f.path}:${f.line} ${f.confidence}`) };
  }

  it("reports shared Crypto imports only when asked and when nothing shows PyCryptodome", async () => {
    const files = { "a.py": "from Crypto.Cipher import AES\n", "b.py": "from Crypto.Hash import SHA256\n" };
    expect(await project(files)).toEqual({ perFile: [], project: [] });
    expect(await project(files, { reportShared: true })).toEqual({ perFile: [], project: ["a.py:1 low", "b.py:1 low"] });
    const modern = { ...files, "c.py": "from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_GCM)\n" };
    expect((await project(modern, { reportShared: true })).project).toEqual([]);
    const ecc = { ...files, "d.py": "from Crypto.PublicKey import ECC\n" };
    expect((await project(ecc, { reportShared: true })).project).toEqual([]);
  });

  it("reports PyCrypto-only modules in the file itself", async () => {
    expect((await project({ "a.py": "from Crypto.Random import OSRNG\n" })).perFile).toEqual(["a.py:1"]);
  });
});
