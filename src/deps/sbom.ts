/**
 * CycloneDX SBOM (JSON, specification 1.6 by default, 1.5 on request) of the audited dependencies and their
 * vulnerabilities, built with `@cyclonedx/cyclonedx-library`.
 *
 * - one `library` component per distinct (PEP 503 name, version), `purl` `pkg:pypi/<name>@<version>` (the
 *   purl is the `bom-ref`), a `pyward:manifest` property per manifest entry (`file:line`); a direct-URL or
 *   VCS source gets a versionless purl with a `download_url` / `vcs_url` qualifier (see {@link pypiPurl});
 * - one vulnerability per id, `source` OSV, aliases as `references`, a CVSS rating when the advisory gives a
 *   vector, `recommendation` the smallest safe version, `affects` every component it was found in, and a
 *   `pyward:imported` property when reachability is known;
 * - no timestamp and no serial number, so the same input gives byte-identical output;
 * - the CC-BY credit for the advisory text as `pyward:advisory-attribution` metadata properties.
 */
import { createRequire } from "node:module";
import type * as CDX from "@cyclonedx/cyclonedx-library";

/**
 * The CycloneDX library, loaded on first use: it takes ≈ 0.1 s to load, which every `pyward` command paid at
 * start-up when it was imported eagerly, though only the `cyclonedx` format needs it.
 */
let cdx: typeof CDX | undefined;
function cycloneDx(): typeof CDX {
  return (cdx ??= createRequire(import.meta.url)("@cyclonedx/cyclonedx-library") as typeof CDX);
}
import { VERSION } from "../version.js";
import type { AuditResult } from "./audit.js";

/** Options of {@link renderCycloneDx}. */
export interface SbomOptions {
  /** CycloneDX specification version; default `1.6`. */
  specVersion?: "1.5" | "1.6";
  /** Name of the project the SBOM describes (metadata component); omitted when undefined. */
  projectName?: string;
}

/**
 * The `purl` of a PyPI package (purl spec, `pypi` type: name lower-cased with `_` → `-`). A package installed
 * from a direct URL (`name @ https://…`, a VCS checkout, a lockfile `git`/`url` source) is not the PyPI release
 * of any version, so its purl has no version: a VCS source gets a `vcs_url` qualifier, an http(s) archive a
 * `download_url` qualifier, and a local path none (it means nothing on another machine).
 */
export function pypiPurl(normalizedName: string, version?: string, url?: string): string {
  const name = encodeURIComponent(normalizedName.toLowerCase().replace(/_/g, "-"));
  if (url !== undefined) {
    const qualifier = /^(git|hg|svn|bzr)\+/i.test(url) ? "vcs_url" : /^https?:\/\//i.test(url) ? "download_url" : undefined;
    return qualifier ? `pkg:pypi/${name}?${qualifier}=${encodeURIComponent(url)}` : `pkg:pypi/${name}`;
  }
  return version === undefined ? `pkg:pypi/${name}` : `pkg:pypi/${name}@${encodeURIComponent(version)}`;
}

function aliasSource(id: string): { name: string; url: string } {
  const u = id.toUpperCase();
  if (u.startsWith("CVE-")) return { name: "NVD", url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (u.startsWith("GHSA-")) return { name: "GitHub", url: `https://github.com/advisories/${id}` };
  return { name: "OSV", url: `https://osv.dev/vulnerability/${id}` };
}

function isoDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * Renders the SBOM as JSON text (2-space indented, trailing newline).
 * @param result an audit result (its `audited` dependencies, findings for reachability, and `attribution`)
 */
export function renderCycloneDx(result: AuditResult, options: SbomOptions = {}): string {
  const { Models, Enums, Spec, Serialize } = cycloneDx();
  const bom = new Models.Bom();
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, "pyward", { version: VERSION, group: undefined }),
  );
  if (options.projectName) bom.metadata.component = new Models.Component(Enums.ComponentType.Application, options.projectName, { bomRef: `project:${options.projectName}` });
  for (const line of result.attribution) bom.metadata.properties.add(new Models.Property("pyward:advisory-attribution", line));

  const components = new Map<string, InstanceType<typeof Models.Component>>();
  const componentOf = new Map<object, InstanceType<typeof Models.Component>>();
  for (const a of result.audited) {
    const dep = a.dependency;
    const purl = pypiPurl(dep.normalizedName, a.version, dep.url);
    let c = components.get(purl);
    if (!c) {
      c = new Models.Component(Enums.ComponentType.Library, dep.normalizedName, { bomRef: purl, purl });
      // A direct-URL source has a version only when a lockfile resolved it (never one borrowed from a constraint).
      const version = dep.url !== undefined ? dep.version : a.version;
      if (version !== undefined) c.version = version;
      components.set(purl, c);
      bom.components.add(c);
    }
    c.properties.add(new Models.Property("pyward:manifest", `${dep.file}:${dep.line}`));
    componentOf.set(a, c);
  }

  // Reachability per package name, from the findings.
  const imported = new Map<string, boolean>();
  for (const f of result.findings) {
    if (f.package.imported !== undefined) imported.set(f.package.name.toLowerCase(), f.package.imported);
  }

  const vulns = new Map<string, InstanceType<typeof Models.Vulnerability.Vulnerability>>();
  const affected = new Map<string, Set<string>>();
  for (const a of result.audited) {
    const c = componentOf.get(a)!;
    if (a.reportedAt) continue; // a lockfile entry reports what is installed
    for (const v of a.vulnerabilities) {
      let vuln = vulns.get(v.id);
      if (!vuln) {
        const first = v.advisories[0];
        vuln = new Models.Vulnerability.Vulnerability({
          bomRef: `vuln:${v.id}`,
          id: v.id,
          source: new Models.Vulnerability.Source({ name: "OSV", url: `https://osv.dev/vulnerability/${v.id}` }),
        });
        if (v.summary) vuln.description = v.summary;
        for (const alias of v.aliases) vuln.references.add(new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source(aliasSource(alias))));
        const rating = new Models.Vulnerability.Rating({ severity: v.severity as CDX.Enums.Vulnerability.Severity });
        if (v.score !== undefined) {
          rating.score = v.score;
          rating.method = v.vector?.startsWith("CVSS:3.1/") ? Enums.Vulnerability.RatingMethod.CVSSv31 : Enums.Vulnerability.RatingMethod.CVSSv3;
          if (v.vector) rating.vector = v.vector;
        }
        vuln.ratings.add(rating);
        for (const url of first?.references ?? []) vuln.advisories.add(new Models.Vulnerability.Advisory(url));
        const published = isoDate(first?.published);
        const updated = isoDate(first?.modified);
        if (published) vuln.published = published;
        if (updated) vuln.updated = updated;
        vulns.set(v.id, vuln);
        affected.set(v.id, new Set());
        bom.vulnerabilities.add(vuln);
      }
      const refs = affected.get(v.id)!;
      if (!refs.has(c.bomRef.toString())) {
        refs.add(c.bomRef.toString());
        vuln.affects.add(new Models.Vulnerability.Affect(c.bomRef));
      }
      if (v.fixedIn.length > 0) {
        const rec = v.fixedFrom !== undefined
          ? `Upgrade ${a.dependency.normalizedName} to ${v.fixedFrom} or later.`
          : `Fixed in ${a.dependency.normalizedName} ${v.fixedIn.join(", ")}; later versions are affected again.`;
        vuln.recommendation = vuln.recommendation && !vuln.recommendation.includes(rec) ? `${vuln.recommendation} ${rec}` : rec;
      }
      const reach = imported.get(a.dependency.name.toLowerCase());
      if (reach !== undefined && ![...vuln.properties].some((p) => p.name === "pyward:imported" && p.value === `${a.dependency.normalizedName}=${reach}`)) {
        vuln.properties.add(new Models.Property("pyward:imported", `${a.dependency.normalizedName}=${reach}`));
      }
    }
  }

  const spec = options.specVersion === "1.5" ? Spec.Spec1dot5 : Spec.Spec1dot6;
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
