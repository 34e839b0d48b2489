import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { JsonLines } from "../../src/deps/manifests/json-lines.js";
import { TomlLines } from "../../src/deps/manifests/toml-lines.js";

const DOC = `# comment with [fake.header] and "quotes"
title = "a # not a comment"
multi = """
line [x]
= y "" \\""" still inside
"""
lit = '''
[[not.a.table]]
'''

[project]
name = "demo"
dependencies = [
  "requests>=2",  # comment, with a comma
  # a comment line inside the array
  'flask[async] == 2.0',
  """django""",
  ["nested", "array"],
]

[project.optional-dependencies]
docs = ["sphinx"]
"quoted.key" = [
  "x",
]

[tool.poetry.dependencies]
python = "^3.8"
requests = { version = "^2.0", extras = ["socks"] }
tool.nested.dotted = "1"

[tool.poetry.dependencies.big]
version = "1.0"

[[package]]
name = "a"
version = "1"

[package.source]
type = "git"

[[package]]
name = "b"
version = "2"
files = [
  {file = "b.whl", hash = "sha256:00"},
  {file = "b.tar.gz", hash = "sha256:11"},
]
`;

describe("TomlLines", () => {
  it("scans a document smol-toml accepts", () => {
    expect(() => parse(DOC)).not.toThrow();
  });

  const lines = new TomlLines(DOC);

  it.each([
    [["title"], 2],
    [["multi"], 3],
    [["lit"], 7],
    [["project"], 11],
    [["project", "name"], 12],
    [["project", "dependencies"], 13],
    [["project", "dependencies", 0], 14],
    [["project", "dependencies", 1], 16],
    [["project", "dependencies", 2], 17],
    [["project", "dependencies", 3], 18],
    [["project", "dependencies", 3, 1], 18],
    [["project", "optional-dependencies", "docs"], 22],
    [["project", "optional-dependencies", "docs", 0], 22],
    [["project", "optional-dependencies", "quoted.key"], 23],
    [["project", "optional-dependencies", "quoted.key", 0], 24],
    [["tool", "poetry", "dependencies", "python"], 28],
    [["tool", "poetry", "dependencies", "requests"], 29],
    [["tool", "poetry", "dependencies", "requests", "extras", 0], 29],
    [["tool", "poetry", "dependencies", "tool", "nested", "dotted"], 30],
    [["tool", "poetry", "dependencies", "big"], 32],
    [["tool", "poetry", "dependencies", "big", "version"], 33],
    [["package", 0], 35],
    [["package", 0, "name"], 36],
    [["package", 0, "source"], 39],
    [["package", 0, "source", "type"], 40],
    [["package", 1], 42],
    [["package", 1, "name"], 43],
    [["package", 1, "files", 1], 47],
    [["package", 1, "files", 1, "hash"], 47],
  ] as [(string | number)[], number][])("%j is on line %i", (path, line) => {
    expect(lines.line(path)).toBe(line);
  });

  it("has no entry for paths that do not exist; nearest falls back to a prefix or 1", () => {
    expect(lines.line(["project", "dependencies", 9])).toBeUndefined();
    expect(lines.nearest(["project", "dependencies", 9])).toBe(13);
    expect(lines.nearest(["nothing"])).toBe(1);
  });

  it("counts CRLF line ends once", () => {
    const crlf = new TomlLines('[project]\r\ndependencies = [\r\n  "a",\r\n  "b",\r\n]\r\n');
    expect(crlf.line(["project", "dependencies", 1])).toBe(4);
  });

  it("does not throw on text it cannot follow, keeping what it saw", () => {
    const broken = new TomlLines('a = 1\nb = "x\n');
    expect(broken.line(["a"])).toBe(1);
  });
});

describe("JsonLines", () => {
  it("records the line of each key and element", () => {
    const text = '{\n  "_meta": {"x": "}{"},\n  "default": {\n    "urllib3": {\n      "hashes": ["a",\n "b"]\n    }\n  }\n}\n';
    const lines = new JsonLines(text);
    expect(lines.nearest(["default"])).toBe(3);
    expect(lines.nearest(["default", "urllib3"])).toBe(4);
    expect(lines.nearest(["default", "urllib3", "hashes", 1])).toBe(6);
    expect(lines.nearest(["_meta", "x"])).toBe(2);
  });
});
