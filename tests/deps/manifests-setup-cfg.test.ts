import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIni, readSetupCfg } from "../../src/deps/manifests/setup-cfg.js";

const CFG = `[metadata]
name = demo

[options]
packages = find:
install_requires =
    requests>=2.31  # http client
    # a comment line
    ; another comment
    PyYAML==5.3.1; python_version < "3.0"

    click
python_requires = >=3.8

[options.extras_require]
Docs =
    sphinx==7.2.6
test = pytest>=7

[flake8]
install_requires = not-a-dependency
`;

describe("setup.cfg", () => {
  const r = readSetupCfg("setup.cfg", CFG);

  it("reads install_requires over several lines, skipping comments and blank lines", () => {
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.specifier, d.version, d.marker, d.line, d.group, d.kind])).toEqual([
      ["requests", ">=2.31", undefined, undefined, 7, undefined, "setup.cfg"],
      ["PyYAML", "==5.3.1", "5.3.1", 'python_version < "3.0"', 10, undefined, "setup.cfg"],
      ["click", "", undefined, undefined, 12, undefined, "setup.cfg"],
      ["sphinx", "==7.2.6", "7.2.6", undefined, 17, "optional:docs", "setup.cfg"],
      ["pytest", ">=7", undefined, undefined, 18, "optional:test", "setup.cfg"],
    ]);
  });

  it("is a library", () => {
    expect(r.isLibrary).toBe(true);
  });

  it("reports a bad requirement at its line and goes on", () => {
    const bad = readSetupCfg("pkg/setup.cfg", "[options]\ninstall_requires =\n    good\n    bad>=\n    fine==1\n");
    expect(bad.dependencies.map((d) => d.name)).toEqual(["good", "fine"]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ file: "pkg/setup.cfg", line: 4, severity: "error" });
  });

  it("follows file: references through readFile", () => {
    const files: Record<string, string> = { [join("pkg/requirements.in")]: "flask==2.0.1\n" };
    const out = readSetupCfg("pkg/setup.cfg", "[options]\ninstall_requires = file: requirements.in, missing.txt\n", {
      readFile: (p) => {
        const t = files[join(p)];
        if (t === undefined) throw new Error("ENOENT");
        return t;
      },
    });
    expect(out.dependencies.map((d) => [d.name, d.file, d.line, d.kind])).toEqual([
      ["flask", join("pkg/requirements.in"), 1, "requirements"],
    ]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ file: "pkg/setup.cfg", line: 2 });
    expect(out.problems[0].message).toMatch(/missing\.txt/);
  });

  it("with includeRoot, does not follow file: outside the project", () => {
    const out = readSetupCfg("pkg/setup.cfg", "[options]\ninstall_requires = file: ../../etc/passwd\n", {
      readFile: () => {
        throw new Error("must not be called");
      },
      includeRoot: "pkg",
    });
    expect(out.dependencies).toEqual([]);
    expect(out.problems).toMatchObject([{ line: 2, severity: "error" }]);
    expect(out.problems[0].message).toMatch(/outside the project/);
  });

  it("handles a BOM and CRLF, and reports unreadable lines", () => {
    const out = readSetupCfg("setup.cfg", "\uFEFF[options]\r\ninstall_requires =\r\n  a==1\r\n\r\nthis is junk\r\n");
    expect(out.dependencies.map((d) => [d.name, d.line])).toEqual([["a", 3]]);
    expect(out.problems.map((p) => [p.line, p.severity])).toEqual([[5, "warning"]]);
  });

  it("a setup.cfg with only tool settings says nothing about library status", () => {
    expect(readSetupCfg("setup.cfg", "[flake8]\nmax-line-length = 100\n").isLibrary).toBeUndefined();
  });
});

describe("parseIni", () => {
  it("keeps the line of every value line and lower-cases keys", () => {
    const { entries } = parseIni("[s]\nKey: first\n  second\n");
    expect(entries).toEqual([
      {
        section: "s",
        key: "key",
        line: 2,
        values: [
          { text: "first", line: 2 },
          { text: "second", line: 3 },
        ],
      },
    ]);
  });
});
