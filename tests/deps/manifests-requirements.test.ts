import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logicalLines, readRequirements } from "../../src/deps/manifests/requirements.js";
import type { ReadFile } from "../../src/deps/manifests/types.js";

const H1 = "58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f";
const H2 = "942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1";

/** In-memory files; paths are joined the way the reader joins them. */
function memory(files: Record<string, string>): { readFile: ReadFile; reads: string[] } {
  const reads: string[] = [];
  const norm = new Map(Object.entries(files).map(([k, v]) => [join(k), v]));
  return {
    reads,
    readFile: (path) => {
      reads.push(path);
      const text = norm.get(join(path));
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
  };
}

const read = (text: string, file = "requirements.txt") => readRequirements(file, text, { readFile: memory({}).readFile });

describe("requirements: the issue's must-pass cases", () => {
  it("requests[socks] == 2.19.1 \\ + --hash on the next line", () => {
    const r = read(`requests[socks] == 2.19.1 \\\n    --hash=sha256:${H1}\n`);
    expect(r.problems).toEqual([]);
    expect(r.dependencies).toHaveLength(1);
    const d = r.dependencies[0];
    expect(d.name).toBe("requests");
    expect(d.normalizedName).toBe("requests");
    expect(d.version).toBe("2.19.1");
    expect(d.specifier).toBe("==2.19.1");
    expect(d.extras).toEqual(["socks"]);
    expect(d.hashes).toEqual([`sha256:${H1}`]);
    expect(d.file).toBe("requirements.txt");
    expect(d.line).toBe(1);
    expect(d.kind).toBe("requirements");
    expect(d.locked).toBe(false);
  });

  it("Django>=2.2 has no version and specifier >=2.2", () => {
    const [d] = read("Django>=2.2\n").dependencies;
    expect(d.name).toBe("Django");
    expect(d.normalizedName).toBe("django");
    expect(d.version).toBeUndefined();
    expect(d.specifier).toBe(">=2.2");
  });

  it("PyYAML==5.3.1 ; python_version < \"3.0\" keeps its marker", () => {
    const [d] = read('PyYAML==5.3.1 ; python_version < "3.0"\n').dependencies;
    expect(d.name).toBe("PyYAML");
    expect(d.version).toBe("5.3.1");
    expect(d.marker).toBe('python_version < "3.0"');
  });

  it("a file that includes itself through -r twice removed is read once, with one warning", () => {
    const mem = memory({
      "a.txt": "-r b.txt\nalpha==1\n",
      "b.txt": "-r c.txt\nbeta==2\n",
      "c.txt": "-r a.txt\ngamma==3\n",
    });
    const r = readRequirements("a.txt", "-r b.txt\nalpha==1\n", { readFile: mem.readFile });
    expect(r.dependencies.map((d) => `${d.name}@${d.file}:${d.line}`)).toEqual(["gamma@c.txt:2", "beta@b.txt:2", "alpha@a.txt:2"]);
    expect(mem.reads).toEqual(["b.txt", "c.txt"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: "c.txt", line: 1, severity: "warning" });
    expect(r.problems[0].message).toMatch(/cycle \(a\.txt → b\.txt → c\.txt → a\.txt\)/);
    expect(r.files).toEqual(["a.txt", "b.txt", "c.txt"]);
  });
});

describe("requirements: logical lines", () => {
  it("joins continuations, keeps the first physical line, strips comments", () => {
    expect(logicalLines("a==1 \\\n  --hash=x \\\n  --hash=y\n# c\nb  # trailing\n\nc\\\n")).toEqual([
      { text: "a==1   --hash=x   --hash=y", line: 1 },
      { text: "b  ", line: 5 },
      { text: "c", line: 7 },
    ]);
  });

  it("a backslash inside a comment does not continue the line", () => {
    expect(logicalLines("a==1 # note \\\nb==2\n")).toEqual([
      { text: "a==1 ", line: 1 },
      { text: "b==2", line: 2 },
    ]);
  });

  it("handles CRLF, lone CR and a UTF-8 BOM", () => {
    const r = read("\uFEFFflask==2.0.1\r\nrequests==2.31.0 \\\r\n  --hash=sha256:" + H1 + "\r\rjinja2==3.1.2");
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.version, d.line])).toEqual([
      ["flask", "2.0.1", 1],
      ["requests", "2.31.0", 2],
      ["jinja2", "3.1.2", 5],
    ]);
    expect(r.dependencies[1].hashes).toEqual([`sha256:${H1}`]);
  });
});

describe("requirements: requirement lines", () => {
  it("reads every --hash spelling, several per line", () => {
    const r = read(`a==1 --hash=sha256:${H1} --hash sha256:${H2}\nb==2 \\\n --hash=sha384:abcd \\\n --hash sha512:ef01\n`);
    expect(r.problems).toEqual([]);
    expect(r.dependencies[0].hashes).toEqual([`sha256:${H1}`, `sha256:${H2}`]);
    expect(r.dependencies[1].hashes).toEqual(["sha384:abcd", "sha512:ef01"]);
    expect(r.dependencies[1].line).toBe(2);
  });

  it("reports a malformed or missing --hash value and keeps the requirement", () => {
    const r = read("a==1 --hash=nothex\nb==2 --hash\n");
    expect(r.dependencies.map((d) => [d.name, d.hashes])).toEqual([
      ["a", []],
      ["b", []],
    ]);
    expect(r.problems.map((p) => [p.line, p.severity])).toEqual([
      [1, "warning"],
      [2, "error"],
    ]);
    expect(r.problems[0].message).toMatch(/malformed --hash value "nothex"/);
    expect(r.problems[1].message).toMatch(/--hash needs a value/);
  });

  it("reads extras, markers and spacing variants", () => {
    const r = read(
      [
        "requests [security, socks] >= 2.8.1, == 2.8.*",
        'pywin32 >=1.0 ; sys_platform == "win32"',
        "name(>=1.0,<2)",
        "Foo.Bar_baz===1.0-weird",
        "plain",
      ].join("\n"),
    );
    expect(r.dependencies.map((d) => [d.name, d.normalizedName, d.extras, d.specifier, d.version, d.marker])).toEqual([
      ["requests", "requests", ["security", "socks"], ">=2.8.1,==2.8.*", undefined, undefined],
      ["pywin32", "pywin32", [], ">=1.0", undefined, 'sys_platform == "win32"'],
      ["name", "name", [], ">=1.0,<2", undefined, undefined],
      ["Foo.Bar_baz", "foo-bar-baz", [], "===1.0-weird", "1.0-weird", undefined],
      ["plain", "plain", [], "", undefined, undefined],
    ]);
    expect(r.problems).toEqual([]);
  });

  it("reads direct URLs, with a marker after whitespace and ;", () => {
    const r = read(
      "pip @ https://github.com/pypa/pip/archive/22.0.2.zip#sha1=abc ; python_version >= '3.7'\n" +
        "six @ file:///tmp/six-1.16.0-py2.py3-none-any.whl\n",
    );
    expect(r.problems).toEqual([]);
    expect(r.dependencies[0]).toMatchObject({
      name: "pip",
      url: "https://github.com/pypa/pip/archive/22.0.2.zip#sha1=abc",
      marker: "python_version >= '3.7'",
      specifier: "",
    });
    expect(r.dependencies[1]).toMatchObject({ name: "six", url: "file:///tmp/six-1.16.0-py2.py3-none-any.whl" });
  });

  it("a # inside a URL fragment is not a comment", () => {
    const r = read("git+https://github.com/org/proj.git@v1.2#egg=proj  # pinned tag\n");
    expect(r.problems).toEqual([]);
    expect(r.dependencies).toHaveLength(1);
    expect(r.dependencies[0]).toMatchObject({ name: "proj", url: "git+https://github.com/org/proj.git@v1.2#egg=proj" });
    expect(r.dependencies[0].editable).toBeUndefined();
  });

  it("reads -e / --editable VCS URLs by their #egg= name, and skips local editable paths", () => {
    const r = read(
      [
        "-e git+https://github.com/org/lib.git@main#egg=lib[extra1]&subdirectory=src",
        "--editable=git+ssh://git@github.com/org/other.git#egg=other-pkg",
        "-e .",
        "-e ./packages/local[dev]",
        "--editable git+https://github.com/org/anon.git",
      ].join("\n"),
    );
    expect(r.dependencies.map((d) => [d.name, d.extras, d.editable, d.line])).toEqual([
      ["lib", ["extra1"], true, 1],
      ["other-pkg", [], true, 2],
    ]);
    expect(r.dependencies[0].url).toBe("git+https://github.com/org/lib.git@main#egg=lib[extra1]&subdirectory=src");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 5, severity: "warning" });
    expect(r.problems[0].message).toMatch(/cannot tell the package name/);
  });

  it("names wheels and sdists by their file name", () => {
    const r = read(
      "https://files.example/packages/urllib3-1.26.4-py2.py3-none-any.whl\n./vendor/Jinja2-2.4.1.tar.gz\n./vendor/mypkg\n.\n",
    );
    expect(r.dependencies.map((d) => [d.name, d.version, d.url])).toEqual([
      ["urllib3", "1.26.4", "https://files.example/packages/urllib3-1.26.4-py2.py3-none-any.whl"],
      ["Jinja2", "2.4.1", "./vendor/Jinja2-2.4.1.tar.gz"],
    ]);
    expect(r.problems).toEqual([]);
  });

  it("ignores index and install options without error", () => {
    const r = read(
      [
        "-i https://pypi.org/simple",
        "--index-url=https://pypi.org/simple",
        "--extra-index-url https://example.com/simple",
        "-f ./wheels",
        "--find-links=https://example.com/links",
        "--trusted-host example.com",
        "--no-index",
        "--pre",
        "--prefer-binary",
        "--no-binary :all:",
        "--only-binary=:none:",
        "--require-hashes",
        "--use-feature=truststore",
        "-ihttps://pypi.org/simple",
        "six==1.16.0 --global-option=--x --config-settings key=value -C k=v",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => d.name)).toEqual(["six"]);
  });

  it("warns about unknown options and misplaced ones", () => {
    const r = read("--frobnicate\nsix==1 -r other.txt\n--hash=sha256:abcd\n");
    expect(r.problems.map((p) => [p.line, p.severity])).toEqual([
      [1, "warning"],
      [2, "warning"],
      [3, "warning"],
    ]);
    expect(r.problems[0].message).toMatch(/unknown option "--frobnicate"/);
    expect(r.problems[1].message).toMatch(/-r cannot follow a requirement/);
    expect(r.problems[2].message).toMatch(/--hash belongs after a requirement/);
    expect(r.dependencies.map((d) => d.name)).toEqual(["six"]);
  });

  it("reports bad lines with file and line and goes on", () => {
    const r = read("good==1\n==1.0\nbad[extra\nx>=\nfoo bar\nalso-good\nv==not-a-version\n", "reqs/requirements-dev.txt");
    expect(r.dependencies.map((d) => [d.name, d.line])).toEqual([
      ["good", 1],
      ["also-good", 6],
      ["v", 7],
    ]);
    expect(r.problems.map((p) => [p.file, p.line, p.severity])).toEqual([
      ["reqs/requirements-dev.txt", 2, "error"],
      ["reqs/requirements-dev.txt", 3, "error"],
      ["reqs/requirements-dev.txt", 4, "error"],
      ["reqs/requirements-dev.txt", 5, "error"],
      ["reqs/requirements-dev.txt", 7, "warning"],
    ]);
    expect(r.problems[0].message).toMatch(/expected a package name/);
    expect(r.problems[1].message).toMatch(/missing "\]"/);
    expect(r.problems[2].message).toMatch(/expected a version after ">="/);
    expect(r.problems[3].message).toMatch(/invalid version specifier "bar"/);
    expect(r.problems[4].message).toMatch(/not a valid PEP 440 version/);
  });

  it("quotes at most 80 characters of a bad line", () => {
    const r = read("!" + "x".repeat(300) + "\n");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message.length).toBeLessThan(160);
    expect(r.problems[0].message).toMatch(/\.\.\."/);
  });

  it("a marker glued to the requirement with ; may contain a slash", () => {
    const r = read('foo==1;platform_release=="a/b"\n');
    expect(r.problems).toEqual([]);
    expect(r.dependencies[0]).toMatchObject({ name: "foo", version: "1", marker: 'platform_release=="a/b"' });
  });

  it("reports an unparsable marker, keeps the dependency (treated as true)", () => {
    const r = read('foo==1.0 ; python_versio < "3"\n');
    expect(r.dependencies).toHaveLength(1);
    expect(r.dependencies[0].marker).toBe('python_versio < "3"');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 1, severity: "warning" });
    expect(r.problems[0].message).toMatch(/unparsable environment marker.*treated as true/);
  });
});

describe("requirements: placeholders", () => {
  it("leaves ${VAR} unexpanded by default", () => {
    const r = read("private @ git+https://${TOKEN}@github.com/org/private.git\n");
    expect(r.dependencies[0].url).toBe("git+https://${TOKEN}@github.com/org/private.git");
  });

  it("expands ${VAR} from a provided map, leaving unknown ones", () => {
    const r = readRequirements(
      "requirements.txt",
      "-r ${DIR}/base.txt\nprivate @ git+https://${TOKEN}@github.com/org/p.git#egg=p\nx==${VERSION}\n",
      { readFile: memory({ "deps/base.txt": "base==1\n" }).readFile, env: { DIR: "deps", TOKEN: "s3cret" } },
    );
    expect(r.dependencies.map((d) => [d.name, d.file, d.url])).toEqual([
      ["base", join("deps/base.txt"), undefined],
      ["private", "requirements.txt", "git+https://s3cret@github.com/org/p.git#egg=p"],
    ]);
    // ${VERSION} stays as written and is not a version → a problem, not a crash.
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 3, severity: "error" });
    expect(r.problems[0].message).toMatch(/x==\$\{VERSION\}/);
  });
});

describe("requirements: includes and constraints", () => {
  it("resolves -r relative to the including file and keeps each file's lines", () => {
    const mem = memory({
      "proj/requirements/base.txt": "# base\nflask==2.0.1\n--requirement=../common/shared.in\n",
      "proj/common/shared.in": "click>=8\n",
    });
    const r = readRequirements("proj/requirements.txt", "-r requirements/base.txt\nrequests==2.31.0\n", {
      readFile: mem.readFile,
    });
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.file, d.line])).toEqual([
      ["flask", join("proj/requirements/base.txt"), 2],
      ["click", join("proj/common/shared.in"), 1],
      ["requests", "proj/requirements.txt", 2],
    ]);
    expect(r.files).toEqual(["proj/requirements.txt", join("proj/requirements/base.txt"), join("proj/common/shared.in")]);
  });

  it("reads a file included twice without a cycle only once, silently", () => {
    const mem = memory({ "b.txt": "-r d.txt\n", "c.txt": "-r d.txt\n", "d.txt": "dep==1\n" });
    const r = readRequirements("a.txt", "-r b.txt\n-r c.txt\n", { readFile: mem.readFile });
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => d.name)).toEqual(["dep"]);
  });

  it("a file including itself directly is a cycle warning", () => {
    const r = readRequirements("a.txt", "-r a.txt\nx==1\n", { readFile: memory({}).readFile });
    expect(r.dependencies.map((d) => d.name)).toEqual(["x"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(/include cycle/);
  });

  it("a missing include is an error at the -r line; reading goes on", () => {
    const r = readRequirements("requirements.txt", "a==1\n-r missing.txt\nb==2\n", { readFile: memory({}).readFile });
    expect(r.dependencies.map((d) => d.name)).toEqual(["a", "b"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: "requirements.txt", line: 2, severity: "error" });
    expect(r.problems[0].message).toMatch(/cannot read .*missing\.txt/);
  });

  it("does not fetch remote includes", () => {
    const r = read("-r https://example.com/reqs.txt\n");
    expect(r.problems[0].message).toMatch(/remote requirement files are not fetched/);
    expect(r.dependencies).toEqual([]);
  });

  it("-c constraints are recorded apart, marked, and linked to same-name requirements", () => {
    const mem = memory({
      "constraints.txt": "Django==3.2.1\nurllib3==1.26.4\n-r more-constraints.txt\n",
      "more-constraints.txt": "idna==2.10\n",
    });
    const r = readRequirements("requirements.txt", "-c constraints.txt\ndjango>=2.2\nrequests\n", {
      readFile: mem.readFile,
    });
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => d.name)).toEqual(["django", "requests"]);
    expect(r.constraints.map((c) => [c.name, c.version, c.constraint, c.file, c.line])).toEqual([
      ["Django", "3.2.1", true, "constraints.txt", 1],
      ["urllib3", "1.26.4", true, "constraints.txt", 2],
      ["idna", "2.10", true, "more-constraints.txt", 1],
    ]);
    expect(r.dependencies[0].constrainedBy).toEqual({
      file: "constraints.txt",
      line: 1,
      specifier: "==3.2.1",
      version: "3.2.1",
    });
    expect(r.dependencies[0].version).toBeUndefined();
    expect(r.dependencies[1].constrainedBy).toBeUndefined();
  });

  it("with includeRoot, does not read includes outside the project", () => {
    const mem = memory({ "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "proj/inner.txt": "ok==1\n" });
    const r = readRequirements("proj/requirements.txt", "-r /etc/passwd\n-r ../secret.txt\n-r inner.txt\n", {
      readFile: mem.readFile,
      includeRoot: "proj",
    });
    expect(mem.reads).toEqual([join("proj/inner.txt")]);
    expect(r.dependencies.map((d) => d.name)).toEqual(["ok"]);
    expect(r.problems.map((p) => [p.line, p.severity])).toEqual([
      [1, "error"],
      [2, "error"],
    ]);
    expect(r.problems[0].message).toMatch(/outside the project/);
  });

  it("never hangs on a deep chain of includes", () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 40; i++) files[`f${i}.txt`] = `-r f${i + 1}.txt\npkg${i}==1\n`;
    const r = readRequirements("f0.txt", "-r f1.txt\n", { readFile: memory(files).readFile });
    expect(r.problems.some((p) => /nested more than 32 deep/.test(p.message))).toBe(true);
  });
});
