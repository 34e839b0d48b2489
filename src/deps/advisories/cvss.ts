/**
 * CVSS v3.0/v3.1 base scores computed from vector strings (FIRST, "CVSS v3.1 Specification Document",
 * §7.1 base metrics equations and Appendix A rounding), and pyward's severity mapping.
 */
import type { Severity } from "../../engine/finding.js";

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/** CVSS 3.1 `Roundup`: smallest number with one decimal that is ≥ the input, free of float noise. */
function roundUp31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** CVSS 3.0 round up to one decimal. */
function roundUp30(x: number): number {
  return Math.ceil(x * 10 - 1e-9) / 10;
}

/**
 * Base score (0.0–10.0, one decimal) of a CVSS v3 vector such as
 * `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` (→ 9.8). Temporal and environmental metrics are ignored.
 *
 * @returns the score, or undefined when the string is not a CVSS v3 vector with all eight base metrics.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  const head = parts.shift();
  if (head !== "CVSS:3.0" && head !== "CVSS:3.1") return undefined;
  const m = new Map<string, string>();
  for (const p of parts) {
    const [k, v, extra] = p.split(":");
    if (k === undefined || v === undefined || extra !== undefined || m.has(k)) return undefined;
    m.set(k, v);
  }
  const scope = m.get("S");
  if (scope !== "U" && scope !== "C") return undefined;
  const changed = scope === "C";
  const av = AV[m.get("AV") ?? ""];
  const ac = AC[m.get("AC") ?? ""];
  const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[m.get("PR") ?? ""];
  const ui = UI[m.get("UI") ?? ""];
  const c = CIA[m.get("C") ?? ""];
  const i = CIA[m.get("I") ?? ""];
  const a = CIA[m.get("A") ?? ""];
  if ([av, ac, pr, ui, c, i, a].some((x) => x === undefined)) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  const round = head === "CVSS:3.1" ? roundUp31 : roundUp30;
  return changed ? round(Math.min(1.08 * (impact + exploitability), 10)) : round(Math.min(impact + exploitability, 10));
}

/** pyward's severity for a CVSS score: ≥ 7.0 high, ≥ 4.0 medium, else low. */
export function severityOfScore(score: number): Severity {
  return score >= 7 ? "high" : score >= 4 ? "medium" : "low";
}

/**
 * Severity of an OSV record's `severity[]` / `database_specific.severity`: the highest CVSS v3 base score
 * among `CVSS_V3` entries; else a textual `database_specific.severity` (GitHub's `CRITICAL`/`HIGH`/
 * `MODERATE`/`LOW`); else `medium` (no vector → medium).
 */
export function advisorySeverity(
  entries: readonly { type?: unknown; score?: unknown }[] | undefined,
  databaseSeverity?: unknown,
): { severity: Severity; score?: number; vector?: string } {
  let best: { score: number; vector: string } | undefined;
  for (const e of entries ?? []) {
    if (typeof e?.score !== "string") continue;
    if (e.type !== "CVSS_V3" && !e.score.startsWith("CVSS:3.")) continue;
    const score = cvss3BaseScore(e.score);
    if (score !== undefined && (!best || score > best.score)) best = { score, vector: e.score.trim() };
  }
  if (best) return { severity: severityOfScore(best.score), score: best.score, vector: best.vector };
  if (typeof databaseSeverity === "string") {
    const s = databaseSeverity.toUpperCase();
    if (s === "CRITICAL" || s === "HIGH") return { severity: "high" };
    if (s === "MODERATE" || s === "MEDIUM") return { severity: "medium" };
    if (s === "LOW") return { severity: "low" };
  }
  return { severity: "medium" };
}
