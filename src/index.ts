/**
 * pyward as a library: the package's main entry (`import { scan, renderReport } from "pyward"`).
 *
 * The same pipeline the `pyward check` command runs (discover → parse → semantic model → rules and taint →
 * report), without the command line: options as {@link ScanOptions}, findings as {@link Finding} objects, and
 * any report format of `--format` as a string. Scanned code is never imported or run; no network is used.
 *
 * @example
 * ```ts
 * import { scan, renderReport } from "pyward";
 * const result = await scan(["src/"], { select: ["PW2"], audit: false });
 * for (const f of result.findings) console.log(`${f.path}:${f.line} ${f.code} ${f.message}`);
 * process.stdout.write(renderReport("sarif", result));
 * ```
 */
export { scan, compareFindings, type ScanOptions, type ScanResult } from "./engine/run.js";
export type { Finding, Severity, Confidence, Practice } from "./engine/finding.js";
export { renderReport, REPORT_FORMATS, type RenderOptions } from "./report/index.js";
export { ALL_RULES, findRule } from "./rules/index.js";
export type { Rule, RuleMeta } from "./rules/types.js";
export { runCli } from "./cli/program.js";
