import { defineRule } from "../types.js";

/**
 * PW101: a dependency pinned or locked at a version with a known vulnerability (OSV advisory). Reported by the
 * dependency audit (`src/deps/audit.ts`), not by the per-file engine; severity comes from the advisory.
 */
export default defineRule({
  meta: {
    code: "PW101",
    name: "vulnerable-dependency",
    practice: "dependencies",
    fileKind: "manifest",
    cwe: [1395, 937],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "A requirements file, pyproject.toml, setup.cfg or lockfile pins a package at a version that a published " +
        "advisory (PyPA / OSV) lists as vulnerable. The finding names the advisory and its aliases (CVE, GHSA), " +
        "the smallest fixed version that the advisory does not also affect, and whether the scanned code imports " +
        "the package.",
      why:
        "Known vulnerabilities in dependencies are among the easiest attacks to mount: the advisory tells the " +
        "attacker what to send. An old pin keeps the hole open long after the fix shipped. Severity follows the " +
        "advisory's CVSS v3 base score (7.0 and above high, 4.0 and above medium, else low; medium when the " +
        "advisory gives none).",
      bad: "# requirements.txt\njinja2==2.4.1\n",
      good: "# requirements.txt\njinja2==2.11.3\n# pyward audit --fix rewrites the pin to the smallest safe version\n",
      references: ["CWE-1395", "CWE-937", "https://osv.dev/", "https://github.com/pypa/advisory-database"],
    },
  },
  create: () => ({}),
});
