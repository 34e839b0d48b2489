import { describe, expect, it } from "vitest";
import { translatePoetryConstraint } from "../../src/deps/manifests/poetry-constraint.js";
import { readPyproject } from "../../src/deps/manifests/pyproject.js";

const PEP621 = `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo"
version = "1.0"
dependencies = [
  "requests[socks]>=2.31",  # http
  "PyYAML==5.3.1 ; python_version < '3.0'",
  "not a requirement",
]

[project.optional-dependencies]
docs = ["sphinx==7.2.6", "furo"]
test = [
  "pytest>=7",
]

[dependency-groups]
lint = ["ruff==0.4.0"]
dev = [
  {include-group = "lint"},
  "coverage[toml]",
]
`;

describe("pyproject: PEP 621 and PEP 735", () => {
  const r = readPyproject("pyproject.toml", PEP621);

  it("reads dependencies, optional dependencies and dependency groups with their lines and groups", () => {
    expect(r.dependencies.map((d) => [d.name, d.specifier, d.version, d.line, d.group])).toEqual([
      ["requests", ">=2.31", undefined, 9, undefined],
      ["PyYAML", "==5.3.1", "5.3.1", 10, undefined],
      ["sphinx", "==7.2.6", "7.2.6", 15, "optional:docs"],
      ["furo", "", undefined, 15, "optional:docs"],
      ["pytest", ">=7", undefined, 17, "optional:test"],
      ["ruff", "==0.4.0", "0.4.0", 21, "group:lint"],
      ["coverage", "", undefined, 24, "group:dev"],
    ]);
    expect(r.dependencies[0]).toMatchObject({ extras: ["socks"], kind: "pyproject", locked: false, file: "pyproject.toml" });
    expect(r.dependencies[1].marker).toBe("python_version < '3.0'");
    expect(r.dependencies[6].extras).toEqual(["toml"]);
  });

  it("reports the bad requirement at its line", () => {
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: "pyproject.toml", line: 11, severity: "error" });
    expect(r.problems[0].message).toMatch(/invalid requirement "not a requirement"/);
  });

  it("is a library because of [build-system]", () => {
    expect(r.isLibrary).toBe(true);
    expect(r.libraryReason).toMatch(/build-system/);
  });

  it("checks include-group targets and cycles", () => {
    const bad = readPyproject(
      "pyproject.toml",
      `[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "A"}]\nc = [{include-group = "missing"}, 3]\n`,
    );
    expect(bad.dependencies).toEqual([]);
    expect(bad.problems.map((p) => [p.line, p.message.replace(/\(.*\)/, "(…)")])).toEqual([
      [4, 'dependency group "c" includes unknown group "missing"'],
      [4, 'dependency group "c": entry 1 is neither a requirement nor {include-group = "…"}'],
      [2, "dependency groups include each other in a cycle (…)"],
    ]);
  });
});

describe("pyproject: application or library", () => {
  it.each([
    ['[project]\nname = "app"\ndependencies = ["django>=2.2"]\n', false, /no \[build-system\]/],
    ['[tool.poetry]\nname = "lib"\npackages = [{include = "lib"}]\n', true, /packages/],
    ['[build-system]\nrequires = ["poetry-core"]\n[tool.poetry]\npackage-mode = false\n', false, /package-mode/],
    ['[build-system]\nrequires = ["hatchling"]\n[tool.uv]\npackage = false\n', false, /package = false/],
    ['[project]\nname = "x"\n[tool.uv]\npackage = true\n', true, /package = true/],
  ])("%j", (text, isLibrary, reason) => {
    const r = readPyproject("pyproject.toml", text);
    expect(r.isLibrary).toBe(isLibrary);
    expect(r.libraryReason).toMatch(reason);
  });
});

const POETRY = `[tool.poetry]
name = "app"
version = "0.1.0"
package-mode = false

[tool.poetry.dependencies]
python = "^3.8"
requests = "^2.19"
Django = "~3.2"
flask = "2.0.1"
jinja2 = "3.1.*"
anything = "*"
urllib3 = { version = ">=1.26,<2", extras = ["socks"], markers = "sys_platform == 'linux'" }
pywin32 = { version = "^306", platform = "win32" }
tomli = { version = "^2.0", python = "<3.11" }
mylib = { git = "https://github.com/org/mylib.git", tag = "v1.0" }
localpkg = { path = "../localpkg", develop = true }
either = "^1.0 || ^2.0"
numpy = [
  { version = "~1.24", python = "<3.9" },
  { version = "^1.26", python = ">=3.9" },
]
psycopg2 = { version = "^2.9", optional = true }

[tool.poetry.extras]
pg = ["psycopg2"]

[tool.poetry.dev-dependencies]
black = "^22.1"

[tool.poetry.group.test.dependencies]
pytest = "^7.0.0"

[tool.poetry.group.test.dependencies.hypothesis]
version = "6.0.0"
`;

describe("pyproject: Poetry", () => {
  const r = readPyproject("pyproject.toml", POETRY);

  it("reads every dependency but python, with PEP 440 translations and lines", () => {
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.specifier, d.rawSpecifier, d.version, d.line, d.group])).toEqual([
      ["requests", ">=2.19,<3.0", "^2.19", undefined, 8, undefined],
      ["Django", ">=3.2,<3.3", "~3.2", undefined, 9, undefined],
      ["flask", "==2.0.1", "2.0.1", "2.0.1", 10, undefined],
      ["jinja2", "==3.1.*", "3.1.*", undefined, 11, undefined],
      ["anything", "", "*", undefined, 12, undefined],
      ["urllib3", ">=1.26,<2", undefined, undefined, 13, undefined],
      ["pywin32", ">=306,<307", "^306", undefined, 14, undefined],
      ["tomli", ">=2.0,<3.0", "^2.0", undefined, 15, undefined],
      ["mylib", "", undefined, undefined, 16, undefined],
      ["localpkg", "", undefined, undefined, 17, undefined],
      ["either", ">=1.0,<2.0 || >=2.0,<3.0", "^1.0 || ^2.0", undefined, 18, undefined],
      ["numpy", ">=1.24,<1.25", "~1.24", undefined, 20, undefined],
      ["numpy", ">=1.26,<2.0", "^1.26", undefined, 21, undefined],
      ["psycopg2", ">=2.9,<3.0", "^2.9", undefined, 23, "optional:pg"],
      ["black", ">=22.1,<23.0", "^22.1", undefined, 29, "dev"],
      ["pytest", ">=7.0.0,<8.0.0", "^7.0.0", undefined, 32, "group:test"],
      ["hypothesis", "==6.0.0", "6.0.0", "6.0.0", 34, "group:test"],
    ]);
  });

  it("keeps extras, markers (incl. python and platform), git and path sources", () => {
    const by = (name: string, i = 0) => r.dependencies.filter((d) => d.name === name)[i];
    expect(by("urllib3")).toMatchObject({ extras: ["socks"], marker: "sys_platform == 'linux'" });
    expect(by("pywin32").marker).toBe('sys_platform == "win32"');
    expect(by("tomli").marker).toBe('python_full_version < "3.11"');
    expect(by("numpy", 1).marker).toBe('python_full_version >= "3.9"');
    expect(by("mylib").url).toBe("git+https://github.com/org/mylib.git@v1.0");
    expect(by("localpkg")).toMatchObject({ url: "../localpkg", editable: true });
  });

  it("is an application (package-mode = false)", () => {
    expect(r.isLibrary).toBe(false);
  });

  it("reports a bad Poetry constraint at its line", () => {
    const bad = readPyproject("pyproject.toml", '[tool.poetry.dependencies]\nok = "^1"\nbad = "^abc"\nweird = 3\n');
    expect(bad.dependencies.map((d) => d.name)).toEqual(["ok"]);
    expect(bad.problems.map((p) => [p.line, p.severity])).toEqual([
      [3, "error"],
      [4, "error"],
    ]);
    expect(bad.problems[0].message).toMatch(/invalid Poetry constraint "\^abc" for bad/);
  });
});

describe("Poetry constraint translation", () => {
  it.each([
    ["^1.2.3", [[">=1.2.3", "<2.0.0"]]],
    ["^0.2.3", [[">=0.2.3", "<0.3.0"]]],
    ["^0.0.3", [[">=0.0.3", "<0.0.4"]]],
    ["^0.0", [[">=0.0", "<0.1"]]],
    ["^0", [[">=0", "<1"]]],
    ["~1.2.3", [[">=1.2.3", "<1.3.0"]]],
    ["~1", [[">=1", "<2"]]],
    ["~=1.2", [["~=1.2"]]],
    ["1.2.*", [["==1.2.*"]]],
    ["*", [[]]],
    ["", [[]]],
    [">= 1.2, < 2.0", [[">=1.2", "<2.0"]]],
    [">=1.2 <2.0 !=1.5", [[">=1.2", "<2.0", "!=1.5"]]],
    ["=1.0", [["==1.0"]]],
    ["^1.0 || ^2.0", [[">=1.0", "<2.0"], [">=2.0", "<3.0"]]],
    ["^2.0.0b1", [[">=2.0.0b1", "<3.0.0"]]],
  ])("%j", (text, alternatives) => {
    expect(translatePoetryConstraint(text).alternatives).toEqual(alternatives);
  });
});

describe("pyproject: uv and PDM dev dependencies", () => {
  it("reads [tool.uv] dev-dependencies and [tool.pdm.dev-dependencies]", () => {
    const r = readPyproject(
      "pyproject.toml",
      '[tool.uv]\ndev-dependencies = ["pytest==8.0.0"]\n[tool.pdm.dev-dependencies]\nlint = ["flake8>=7", "-e file:///${PROJECT_ROOT}/sub", "-e mypkg @ git+https://x/y.git"]\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.group, d.line, d.editable])).toEqual([
      ["pytest", "dev", 2, undefined],
      ["flake8", "group:lint", 4, undefined],
      ["mypkg", "group:lint", 4, true],
    ]);
  });
});

describe("pyproject: malformed input", () => {
  it("bad TOML gives one problem with file and line, no throw", () => {
    const r = readPyproject("sub/pyproject.toml", '[project]\nname = "x"\ndependencies = [\n  "a",\n  "b" "c",\n]\n');
    expect(r.dependencies).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: "sub/pyproject.toml", line: 5, severity: "error" });
    expect(r.problems[0].message).toMatch(/^invalid TOML: /);
  });

  it("wrong shapes are problems at the key's line", () => {
    const r = readPyproject(
      "pyproject.toml",
      '[project]\nname = "x"\ndependencies = "requests"\noptional-dependencies = { a = [1] }\n',
    );
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [3, "project.dependencies must be an array of requirement strings"],
      [4, "project.optional-dependencies.a[0] must be a requirement string"],
    ]);
  });

  it("handles a BOM and CRLF", () => {
    const r = readPyproject("pyproject.toml", '\uFEFF[project]\r\nname = "x"\r\ndependencies = [\r\n  "a==1",\r\n]\r\n');
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.line])).toEqual([["a", 4]]);
  });
});
