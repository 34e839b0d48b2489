/**
 * `--fix` finds the pin of a requirements line in linear time. The reference below is the single pattern the
 * rewrite replaced (quadratic when the name repeats on a long line); the two must agree on every line.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rewriteRequirementLine } from "../../src/deps/fix.js";
import type { Dependency } from "../../src/deps/types.js";

const dep = (normalizedName: string): Dependency => ({ normalizedName }) as Dependency;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The former implementation, kept here as the specification. */
function reference(line: string, normalized: string, from: string, to: string): string | undefined {
  const name = normalized.split("-").map(esc).join("[-_.]+");
  const re = new RegExp(`(^|[^0-9A-Za-z._-])${name}(?![0-9A-Za-z._-])(\\s*\\[[^\\]]*\\])?[^#;@]*?===?\\s*v?${esc(from)}(?![0-9A-Za-z.+!_-])`, "i");
  const m = re.exec(line);
  if (!m) return undefined;
  const start = m.index + m[0].length - from.length;
  return line.slice(0, start) + to + line.slice(start + from.length);
}

describe("rewriteRequirementLine", () => {
  it("rewrites the pin in the usual spellings", () => {
    const cases: [string, string, string | undefined][] = [
      ["requests==2.19.0", "requests", "requests==2.32.0"],
      ["Requests[socks,security] == 2.19.0 ; python_version >= '3.8'  # pinned", "requests", "Requests[socks,security] == 2.32.0 ; python_version >= '3.8'  # pinned"],
      ["zope.interface===2.19.0", "zope-interface", "zope.interface===2.32.0"],
      ["requests>=1,==v2.19.0", "requests", "requests>=1,==v2.32.0"],
      ["requests==2.19.0.post1", "requests", undefined],
      ["requests-oauthlib==2.19.0", "requests", undefined],
      ["requests # ==2.19.0", "requests", undefined],
      ["pkg[a;b]==2.19.0", "pkg", "pkg[a;b]==2.32.0"],
      ["requests @ https://x/requests==2.19.0.tar.gz", "requests", undefined],
    ];
    for (const [line, name, want] of cases) {
      expect(rewriteRequirementLine(line, dep(name), "2.19.0", "2.32.0")).toBe(want);
      expect(reference(line, name, "2.19.0", "2.32.0")).toBe(want);
    }
  });

  it("agrees with the former pattern on generated lines", () => {
    const piece = fc.constantFrom("pkg", "Pkg", "my-pkg", "my_pkg", "my.pkg", "mypkg", "[x]", "[a;b]", "[", "]", "==", "===", "=", " ", "\t", "v", "1.0", "1.0.1", "1.0a", "#", ";", "@", ",", ">=", "x");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), fc.constantFrom("pkg", "my-pkg"), (parts, name) => {
        const line = parts.join("");
        expect(rewriteRequirementLine(line, dep(name), "1.0", "2.0")).toBe(reference(line, name, "1.0", "2.0"));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("a 200,000-character line repeating the name is handled (the former pattern took minutes)", () => {
    const line = "requests ".repeat(20_000) + "requests[" + " ".repeat(20_000) + "==2.19.0";
    expect(line.length).toBeGreaterThan(200_000);
    expect(rewriteRequirementLine(line, dep("requests"), "2.19.0", "2.32.0")).toBe(line.slice(0, -6) + "2.32.0");
    const noPin = "requests[".repeat(25_000);
    expect(rewriteRequirementLine(noPin, dep("requests"), "2.19.0", "2.32.0")).toBeUndefined();
  });
});
