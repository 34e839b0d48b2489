/**
 * The GitLab SAST report (security report schema {@link GITLAB_SCHEMA_VERSION}, `artifacts:reports:sast`):
 * `version`, `scan` (analyzer, scanner, type `sast`, status, start and end time, messages) and one entry of
 * `vulnerabilities[]` per finding: an `id` derived from the fingerprint (a name-based UUID, stable across
 * runs and line moves), `name`, `description` (message, taint path, rule docs), `severity` (High, Medium,
 * Low), `location` (file, start and end line), and `identifiers` (the pyward rule first — GitLab treats the
 * first as primary —, then CWE ids, Bandit/Ruff aliases and advisory ids).
 *
 * The schema requires `scan.start_time` and `scan.end_time`. pyward writes no wall-clock time unless asked:
 * both are `1970-01-01T00:00:00` by default, or the time given by the `SOURCE_DATE_EPOCH` environment
 * variable (seconds since the epoch, the reproducible-builds convention), so identical input gives
 * byte-identical output.
 */
import crypto from "node:crypto";
import type { ScanResult } from "../engine/run.js";
import type { Finding, Severity } from "../engine/finding.js";
import type { Rule } from "../rules/types.js";
import { VERSION } from "../version.js";
import { flowLines, lastLine, rulesByCode } from "./common.js";

/** The security report schema version written (the last 15.0 release; it has every field pyward fills). */
export const GITLAB_SCHEMA_VERSION = "15.0.6";
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/sast-report-format.json`;

/** Options of the GitLab report. */
export interface GitlabOptions {
  /** Scan start and end time (default: the epoch). */
  time?: { start: Date; end: Date };
}

type GitlabSeverity = "Critical" | "High" | "Medium" | "Low" | "Info" | "Unknown";
const SEVERITY: Record<Severity, GitlabSeverity> = { high: "High", medium: "Medium", low: "Low" };

/** An identifier of a vulnerability (schema: `type`, `name`, `value` required, `url` optional). */
export interface GitlabIdentifier {
  type: string;
  name: string;
  value: string;
  url?: string;
}

/** One vulnerability of the report. */
export interface GitlabVulnerability {
  id: string;
  name: string;
  description: string;
  severity: GitlabSeverity;
  solution?: string;
  location: { file: string; start_line: number; end_line: number };
  identifiers: GitlabIdentifier[];
  links?: { name?: string; url: string }[];
}

/** Namespace of pyward's name-based UUIDs (RFC 9562 version 5). */
const NAMESPACE = Buffer.from("6f0b4c1e8a2d4d2f9c51b7e3a0d45a17", "hex");

/** A name-based (SHA-1, version 5) UUID of `name` in pyward's namespace. */
export function uuid5(name: string): string {
  const h = crypto.createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, the form the schema's pattern asks for. */
function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** The scan time `SOURCE_DATE_EPOCH` asks for, if it is set to a valid number of seconds. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (!v || !/^\d+$/.test(v)) return undefined;
  const d = new Date(Number(v) * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function identifiers(f: Finding): GitlabIdentifier[] {
  const out: GitlabIdentifier[] = [{ type: "pyward_rule_id", name: `pyward ${f.code} ${f.name}`, value: f.code }];
  for (const n of f.cwe) out.push({ type: "cwe", name: `CWE-${n}`, value: String(n), url: `https://cwe.mitre.org/data/definitions/${n}.html` });
  for (const a of f.aliases) {
    if (/^B\d+$/.test(a)) out.push({ type: "bandit_test_id", name: `Bandit Test ID ${a}`, value: a });
    else if (/^S\d+$/.test(a)) out.push({ type: "ruff_rule_id", name: `Ruff rule ${a}`, value: a });
    else out.push({ type: "alias", name: a, value: a });
  }
  for (const id of f.package?.advisories ?? []) {
    const type = id.startsWith("CVE-") ? "cve" : id.startsWith("GHSA-") ? "ghsa" : "osv";
    out.push({ type, name: id, value: id, url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` });
  }
  return out;
}

function description(f: Finding, rule: Rule | undefined): string {
  const parts = [f.message];
  const flow = flowLines(f);
  if (flow.length) parts.push(`Taint path:\n${flow.map((l, i) => `${i + 1}. ${l}`).join("\n")}`);
  if (rule) parts.push(rule.meta.docs.what, rule.meta.docs.why);
  return truncate(parts.join("\n\n"), 1_000_000);
}

/** Builds the GitLab SAST report object. */
export function buildGitlab(result: ScanResult, options: GitlabOptions = {}): Record<string, unknown> {
  const rules = rulesByCode(result);
  const epoch = new Date(0);
  const seen = new Map<string, number>();
  const vulnerabilities: GitlabVulnerability[] = result.findings.map((f) => {
    // identical findings share a fingerprint; the occurrence number keeps their ids apart
    const key = `${f.fingerprint}\u0000${f.path}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const v: GitlabVulnerability = {
      id: uuid5(`${key}\u0000${n}`),
      name: truncate(`${f.code} ${f.name}`, 255),
      description: description(f, rules.get(f.code)),
      severity: SEVERITY[f.severity],
      location: { file: f.path, start_line: f.line, end_line: lastLine(f) },
      identifiers: identifiers(f),
    };
    if (f.package?.fixedIn?.length) v.solution = truncate(`Upgrade ${f.package.name} to ${f.package.fixedIn[0]} or later.`, 7000);
    if (f.package?.advisories?.length) v.links = f.package.advisories.map((id) => ({ name: id, url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` }));
    return v;
  });
  const tool = { id: "pyward", name: "pyward", version: VERSION, vendor: { name: "pyward" } };
  return {
    version: GITLAB_SCHEMA_VERSION,
    schema: SCHEMA_URL,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: "sast",
      start_time: gitlabTime(options.time?.start ?? epoch),
      end_time: gitlabTime(options.time?.end ?? epoch),
      status: result.errors.length ? "failure" : "success",
      messages: [
        ...result.notes.map((n) => ({ level: "info", value: `${n.path ? `${n.path}: ` : ""}${n.reason}` })),
        ...result.errors.map((e) => ({ level: "warn", value: `internal error: ${e}` })),
      ],
    },
    vulnerabilities,
  };
}

/** Renders the GitLab SAST report (2-space indented, trailing newline). */
export function renderGitlab(result: ScanResult, options: GitlabOptions = {}): string {
  return `${JSON.stringify(buildGitlab(result, options), null, 2)}\n`;
}
