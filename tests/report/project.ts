/**
 * A small scanned project for the report tests: taint flows (SQL and command injection), pattern findings,
 * hostile text in code and file names, and a vulnerable pinned dependency checked against a one-record OSV
 * database written beside it (so no test depends on the network or on the shared advisory snapshot).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compareFindings, scan, type ScanResult } from "../../src/engine/run.js";

/** A hostile string: closes a script element, opens another, and breaks out of attributes. */
export const HOSTILE = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'"&amp;`;

const VIEWS = `import sqlite3
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")
    query = "SELECT * FROM users WHERE name = '%s'" % name
    conn = sqlite3.connect("db.sqlite")
    return str(conn.execute(query).fetchall())


@app.route("/ping")
def ping():
    host = request.args["host"]
    subprocess.run("ping -c 1 " + host, shell=True)
    return "ok"
`;

const HASH = `import hashlib


def digest(data):
    return hashlib.md5(data).hexdigest()
`;

/** A file whose flagged line holds markup: the reports must show it as text. */
const ODD = `import subprocess


def run(x):
    subprocess.call("echo </script><script>window.__pwned=3</script> " + x, shell=True)
`;

/** Name of the file with markup in its name (legal on POSIX file systems). */
export const ODD_NAME = `odd&<b>"name".py`;

const OSV = {
  id: "PYSEC-0000-TEST",
  modified: "2024-01-01T00:00:00Z",
  summary: "Test advisory: credentials sent to another host on redirect",
  affected: [{ package: { ecosystem: "PyPI", name: "requests" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.20.0" }] }] }],
};

/** A scanned sample project; `dir` is removed by {@link removeProject}. */
export interface SampleProject {
  dir: string;
  db: string;
  result: ScanResult;
}

/** Writes the sample project into a fresh temporary directory (`<tmp>/proj`, database `<tmp>/osv`). */
export function writeProject(): { root: string; dir: string; db: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyward-report-"));
  const dir = path.join(root, "proj");
  const db = path.join(root, "osv");
  const w = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  w("app/views.py", VIEWS);
  w("app/hash.py", HASH);
  w(`app/${ODD_NAME}`, ODD);
  w("requirements.txt", "requests==2.19.1\n");
  fs.mkdirSync(db, { recursive: true });
  fs.writeFileSync(path.join(db, `${OSV.id}.json`), JSON.stringify(OSV));
  return { root, dir, db };
}

/** Writes and scans the sample project (paths relative to the project directory). */
export async function sampleProject(): Promise<SampleProject & { root: string }> {
  const { root, dir, db } = writeProject();
  const result = await scan([dir], { cwd: dir, db });
  return { root, dir, db, result };
}

/** Removes a sample project. */
export function removeProject(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * The sample scan plus one synthetic low-severity finding whose message, taint path, path and fix hold
 * {@link HOSTILE} markup (no rule writes such a message today; a report must survive one anyway) and a
 * fix (no rule produces fixes yet), so every part of every format is exercised.
 */
export function withHostileFinding(result: ScanResult): ScanResult {
  const base = result.findings.find((f) => f.code === "PW301");
  if (!base) throw new Error("sample project: expected a PW301 finding");
  const hostile = {
    ...base,
    severity: "low" as const,
    path: `app/${ODD_NAME}`,
    message: `hostile message ${HOSTILE}`,
    fingerprint: "0123456789abcdef0123456789abcdef",
    flow: [
      { path: `app/${ODD_NAME}`, line: 5, column: 5, endLine: 5, endColumn: 20, label: `source: ${HOSTILE}` },
      { path: `app/${ODD_NAME}`, line: 5, column: 5, endLine: 5, endColumn: 88, label: "sink: subprocess.call" },
    ],
    fix: {
      description: `replace with ${HOSTILE}`,
      edits: [{ path: `app/${ODD_NAME}`, line: 5, column: 5, endLine: 5, endColumn: 20, text: `subprocess.run(${HOSTILE})` }],
    },
  };
  const findings = [...result.findings, hostile].sort(compareFindings);
  return { ...result, findings };
}
