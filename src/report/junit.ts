/**
 * The JUnit XML report, for CI systems that show test results (GitLab `artifacts:reports:junit`, Jenkins,
 * Azure Pipelines): one `<testsuite>` per file with findings, one `<testcase>` per finding holding a
 * `<failure>` (message, type = rule code, and a body with the location, severity, taint path and code).
 * A clean scan is one passing suite with one passing test case, so CI shows "passed" rather than "no tests".
 * Internal errors are `<error>` test cases. `time` attributes are always `0` and there is no timestamp or
 * host name, so identical input gives byte-identical output.
 */
import type { ScanResult } from "../engine/run.js";
import type { Finding } from "../engine/finding.js";
import { flowLines } from "./common.js";

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text content for XML 1.0; characters XML cannot represent become U+FFFD. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value (double-quoted) for XML 1.0, keeping tabs and line breaks as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

function failureBody(f: Finding): string {
  const lines = [
    `${f.code} ${f.name} [${f.severity} severity, ${f.confidence} confidence]${f.cwe.length ? ` ${f.cwe.map((n) => `CWE-${n}`).join(", ")}` : ""}`,
    `${f.path}:${f.line}:${f.column}`,
    f.message,
  ];
  const flow = flowLines(f);
  if (flow.length) lines.push("taint path:", ...flow.map((l) => `  ${l}`));
  if (f.package) {
    const p = f.package;
    lines.push(`package: ${p.name}${p.version ? ` ${p.version}` : ""}${p.fixedIn?.length ? `, fixed in ${p.fixedIn.join(", ")}` : ""}${p.advisories?.length ? ` (${p.advisories.join(", ")})` : ""}`);
  }
  if (f.snippet?.length) {
    const first = f.statementLines?.[0] ?? f.line;
    const width = String(first + f.snippet.length - 1).length;
    lines.push("", ...f.snippet.map((text, i) => `${String(first + i).padStart(width)} | ${text}`));
  }
  return lines.join("\n");
}

function testcase(f: Finding): string {
  const name = `${f.code} ${f.name} at ${f.path}:${f.line}:${f.column}`;
  return [
    `    <testcase name="${xmlAttr(name)}" classname="${xmlAttr(f.path)}" file="${xmlAttr(f.path)}" line="${f.line}" time="0">`,
    `      <failure message="${xmlAttr(f.message)}" type="${xmlAttr(f.code)}">${xmlText(failureBody(f))}</failure>`,
    `    </testcase>`,
  ].join("\n");
}

function suite(name: string, cases: string[], failures: number, errors: number): string {
  return [
    `  <testsuite name="${xmlAttr(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0">`,
    ...cases,
    `  </testsuite>`,
  ].join("\n");
}

/** Renders the JUnit XML report (UTF-8, trailing newline). */
export function renderJunit(result: ScanResult): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.path) ?? [];
    list.push(f);
    byFile.set(f.path, list);
  }
  const suites: string[] = [];
  for (const [file, findings] of byFile) suites.push(suite(file, findings.map(testcase), findings.length, 0));
  if (result.errors.length) {
    const cases = result.errors.map((e, i) =>
      [
        `    <testcase name="internal error ${i + 1}" classname="pyward" time="0">`,
        `      <error message="${xmlAttr(e)}" type="internal-error">${xmlText(e)}</error>`,
        `    </testcase>`,
      ].join("\n"),
    );
    suites.push(suite("pyward internal errors", cases, 0, cases.length));
  }
  if (!suites.length) {
    suites.push(suite("pyward", [`    <testcase name="no security findings" classname="pyward" time="0"/>`], 0, 0));
  }
  const failures = result.findings.length;
  const errors = result.errors.length;
  const tests = failures + errors || 1;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="pyward" tests="${tests}" failures="${failures}" errors="${errors}" time="0">`,
    ...suites,
    `</testsuites>`,
    ``,
  ].join("\n");
}
