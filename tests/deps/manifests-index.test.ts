import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isConstraintsName, isLockfileKind, isManifest, manifestKind, readManifest } from "../../src/deps/manifests/index.js";
import { classifyByName } from "../../src/discover/classify.js";
import { markerApplies, environmentFor } from "../../src/deps/markers.js";

describe("manifestKind / isManifest", () => {
  it.each([
    ["requirements.txt", "requirements"],
    ["sub/requirements-dev.txt", "requirements"],
    ["requirements_test.txt", "requirements"],
    ["Requirements.prod.txt", "requirements"],
    ["requirements/base.txt", "requirements"],
    ["C:\\proj\\requirements\\prod.txt", "requirements"],
    ["requirements.in", "requirements"],
    // a bare `.in` name says nothing about requirements (autoconf, templates): only in requirements/ or by name
    ["dev.in", undefined],
    ["requirements/dev.in", "requirements"],
    ["dev-requirements.txt", "requirements"],
    ["tests/test-requirements.txt", "requirements"],
    ["test_requirements.txt", "requirements"],
    ["requirements_dev.txt", "requirements"],
    ["docs.requirements.txt", "requirements"],
    ["dev-requirements.in", "requirements"],
    ["constraints.txt", "requirements"],
    ["constraints-py311.txt", "requirements"],
    ["ci/dev-constraints.txt", "requirements"],
    ["test-req.in", "requirements"],
    ["frequency.h.in", undefined],
    ["myrequirements.txt", undefined],
    ["requirements/.txt", undefined],
    ["requirements/README.md", undefined],
    ["requirements/README.txt", undefined],
    ["requirements/notes.txt", undefined],
    ["requirements/LICENSE.txt", undefined],
    ["requirements/readme-dev.in", undefined],
    ["requirements/news-feed.txt", undefined],
    ["requirements/prod.txt", "requirements"],
    ["requirements.dev.in", "requirements"],
    ["pyproject.toml", "pyproject"],
    ["a/b/setup.cfg", "setup.cfg"],
    ["poetry.lock", "poetry.lock"],
    ["Pipfile.lock", "Pipfile.lock"],
    ["uv.lock", "uv.lock"],
    ["pdm.lock", "pdm.lock"],
    ["pylock.toml", "pylock.toml"],
    ["pylock.dev.toml", "pylock.toml"],
    ["MANIFEST.in", undefined],
    ["Makefile.in", undefined],
    ["config.h.in", undefined],
    ["notes.txt", undefined],
    ["docs/requirements", undefined],
    ["Pipfile", undefined],
    ["setup.py", undefined],
    ["pylock.a.b.toml", undefined],
  ])("%s → %s", (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
    expect(isManifest(path)).toBe(kind !== undefined);
  });

  it("agrees with discovery's classifyByName on which names are manifests", () => {
    const names = [
      "requirements.txt", "requirements/base.txt", "requirements/dev.in", "REQUIREMENTS/Prod.TXT", "reqs/requirements/base.in",
      "dev-requirements.txt", "test_requirements.txt", "requirements_dev.txt", "requirements-dev.in", "constraints.txt",
      "constraints-py311.txt", "dev_constraints.txt", "test-req.in", "constraint-prod.in", "dev.in", "MANIFEST.in", "Makefile.in",
      "config.h.in", "frequency.h.in", "notes.txt", "requirements.py", "pyproject.toml", "setup.cfg", "poetry.lock", "uv.lock",
      "pylock.dev.toml", "Pipfile", "docs/requirements", "a\\requirements\\b.txt",
    ];
    for (const n of names) expect(classifyByName(n) === "manifest", n).toBe(isManifest(n));
  });

  it("names pip constraints files", () => {
    expect(["constraints.txt", "ci/constraints-py311.txt", "dev-constraints.txt", "constraint-prod.in"].map(isConstraintsName)).toEqual([true, true, true, true]);
    expect(["requirements.txt", "requirements/base.txt", "constraintsfoo.txt", "constraints.toml"].map(isConstraintsName)).toEqual([false, false, false, false]);
  });

  it("knows which kinds are lockfiles", () => {
    expect(isLockfileKind("uv.lock")).toBe(true);
    expect(isLockfileKind("pylock.toml")).toBe(true);
    expect(isLockfileKind("requirements")).toBe(false);
    expect(isLockfileKind("pyproject")).toBe(false);
  });
});

describe("readManifest", () => {
  it("dispatches requirements and reads includes through the injected readFile", () => {
    const files = new Map([[join("proj/base.txt"), "urllib3==1.26.4\n"]]);
    const r = readManifest("proj/requirements.txt", "-r base.txt\njinja2==2.4.1\n", {
      readFile: (p) => {
        const t = files.get(join(p));
        if (t === undefined) throw new Error("ENOENT");
        return t;
      },
    });
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.version, d.file, d.line])).toEqual([
      ["urllib3", "1.26.4", join("proj/base.txt"), 1],
      ["jinja2", "2.4.1", "proj/requirements.txt", 2],
    ]);
    expect(r.isLibrary).toBeUndefined();
  });

  it("dispatches pyproject, setup.cfg and every lockfile", () => {
    expect(readManifest("pyproject.toml", '[project]\ndependencies = ["a==1"]\n').dependencies[0].kind).toBe("pyproject");
    expect(readManifest("setup.cfg", "[options]\ninstall_requires = a\n").dependencies[0].kind).toBe("setup.cfg");
    const toml = '[[package]]\nname = "a"\nversion = "1"\n';
    expect(readManifest("poetry.lock", toml).dependencies[0].kind).toBe("poetry.lock");
    expect(readManifest("uv.lock", toml).dependencies[0].kind).toBe("uv.lock");
    expect(readManifest("pdm.lock", toml).dependencies[0].kind).toBe("pdm.lock");
    expect(readManifest("pylock.toml", toml.replace("package", "packages")).dependencies[0].kind).toBe("pylock.toml");
    expect(readManifest("Pipfile.lock", '{"default": {"a": {"version": "==1"}}}').dependencies[0].kind).toBe("Pipfile.lock");
  });

  it("reports whether a pyproject is a library", () => {
    expect(readManifest("pyproject.toml", '[project]\nname = "x"\n').isLibrary).toBe(false);
    expect(readManifest("pyproject.toml", '[build-system]\nrequires = ["setuptools"]\n').isLibrary).toBe(true);
  });

  it("reads an explicitly named file as the kind it is told", () => {
    const r = readManifest("deps/prod.txt", "flask==2.0.1\n", { kind: "requirements" });
    expect(r.dependencies.map((d) => [d.name, d.kind])).toEqual([["flask", "requirements"]]);
  });

  it("an unrecognised name is one problem, not a throw", () => {
    const r = readManifest("notes.md", "hello");
    expect(r.dependencies).toEqual([]);
    expect(r.problems).toEqual([
      { file: "notes.md", line: 1, message: "not a recognised manifest or lockfile name", severity: "error" },
    ]);
  });

  it("end to end: the PyYAML marker is false for Python 3.11", () => {
    const [dep] = readManifest("requirements.txt", 'PyYAML==5.3.1 ; python_version < "3.0"\n').dependencies;
    expect(markerApplies(dep.marker, environmentFor({ python: "3.11" }))).toEqual({ applies: false });
    expect(markerApplies(dep.marker, environmentFor({ python: "2.7" }))).toEqual({ applies: true });
  });
});

describe("readManifest never throws", () => {
  /** Deterministic pseudo-random generator (mulberry32), so failures reproduce. */
  function rng(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const ALPHABET = ['"', "'", "[", "]", "{", "}", "=", ",", "\n", "\r\n", " ", "#", "\\", ";", "-r ", "-e ", "--hash", "a", "1", ".", "@", "*", "^", "~", "<", ">", "(", ")", "package", "name", "version", ":", "\uFEFF"];
  const NAMES = ["requirements.txt", "pyproject.toml", "setup.cfg", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "pylock.toml"];

  it("on 2,000 random inputs across every kind", () => {
    const next = rng(42);
    for (let i = 0; i < 2000; i++) {
      let text = "";
      const len = Math.floor(next() * 60);
      for (let j = 0; j < len; j++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const name = NAMES[i % NAMES.length];
      const r = readManifest(name, text, { readFile: () => text });
      for (const p of r.problems) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.file).toBeTruthy();
      }
      for (const d of r.dependencies) expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});
