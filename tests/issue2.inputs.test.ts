/**
 * The small inputs of the core scanner issue, each one of a kind.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../src/rules/index.js";
import { selectRules } from "../src/engine/select.js";

/** The rules a default run uses. */
const DEFAULT_RULES = selectRules(ALL_RULES, {}).rules;
import { checkSource } from "./helpers/fixtures.js";

async function codesByLine(src: string): Promise<string[]> {
  const r = await checkSource(src, { rules: DEFAULT_RULES });
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => `${f.line}:${f.code}`).sort();
}

describe("core scanner small inputs", () => {
  it("yaml: unsafe loader imported by name is flagged; SafeLoader is not", async () => {
    expect(await codesByLine("from yaml import load, Loader\nload(text, Loader=Loader)\n")).toEqual(["2:PW206"]);
    expect(await codesByLine("import yaml\nyaml.load(raw, Loader=yaml.SafeLoader)\n")).toEqual([]);
  });

  it("subprocess: the command by keyword only, and shell=1", async () => {
    expect(await codesByLine('import subprocess\nsubprocess.Popen(args="tar czf out.tgz " + folder, shell=True)\n')).toEqual(["2:PW202"]);
    expect(await codesByLine('import subprocess\nsubprocess.check_output("du -sh " + path, shell=1)\n')).toEqual(["2:PW202"]);
    expect(await codesByLine('import subprocess\nsubprocess.call(("git", "status", "--short"))\n')).toEqual([]);
  });

  it("hashlib.new('md5') is flagged; usedforsecurity=False is not", async () => {
    expect(await codesByLine('import hashlib\nhashlib.new("md5")\n')).toEqual(["2:PW301"]);
    expect(await codesByLine("import hashlib\nhashlib.sha1(key.encode(), usedforsecurity=False)\n")).toEqual([]);
  });

  it("TLS verification off on a session method", async () => {
    expect(await codesByLine("import requests\nwith requests.Session() as http:\n    http.get(url, timeout=10, verify=False)\n")).toEqual(["3:PW603"]);
  });

  it("a nosec after the closing quotes of a multi-line f-string query suppresses it", async () => {
    const src = 'def q(cur, table):\n    cur.execute(f"""\n        SELECT * FROM {table}\n    """)  # nosec\n';
    expect(await codesByLine(src)).toEqual([]);
    expect(await codesByLine(src.replace("  # nosec", ""))).toEqual(["2:PW201"]);
  });

  it("RawSQL with the query as a keyword is flagged and does not throw", async () => {
    const src = 'from django.db.models.expressions import RawSQL\nRawSQL(sql="SELECT rank FROM scores ORDER BY rank {}".format(direction), params=[])\n';
    expect(await codesByLine(src)).toEqual(["2:PW201"]);
  });

  it("a self-documenting f-string before pickle.loads parses; the pickle line is flagged", async () => {
    const src = 'import logging, pickle\nlogging.debug(f"restoring {record_ids=}")\npickle.loads(blob)\n';
    expect(await codesByLine(src)).toEqual(["3:PW205"]);
  });

  it("a match statement's case body is analysed", async () => {
    const src = 'import os\nmatch action:\n    case "purge":\n        os.system("rm -rf /srv/cache/" + t)\n';
    expect(await codesByLine(src)).toEqual(["4:PW203"]);
  });

  it("a Python 2 file is a syntax error, and its os.system line is still flagged", async () => {
    const src = 'import os\nprint "x",\nos.system("rm -f /tmp/" + raw_input())\n';
    expect(await codesByLine(src)).toEqual(["2:PW001", "3:PW203"]);
  });
});
