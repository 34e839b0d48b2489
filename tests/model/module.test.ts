import { describe, expect, it } from "vitest";
import { HOLE } from "../../src/model/module.js";
import { withModel } from "../helpers/model.js";

describe("qualified names", () => {
  it("resolves aliases of modules and imported names", async () => {
    const src = [
      "import hashlib as h",
      "from subprocess import Popen as P",
      "import django.views.decorators.csrf",
      "import os.path",
      "from . import helpers",
      "from ..core import util as u",
      "h.md5(b'x')",
      "P('ls')",
      "django.views.decorators.csrf.csrf_exempt(v)",
      "os.path.join('a')",
      "os.system('x')",
      "helpers.pick(r)",
      "u.run()",
      "eval('1')",
    ].join("\n");
    await withModel(src, ({ model, node }) => {
      const callee = (prefix: string) => model.callee(node("call", prefix));
      expect(callee("h.md5")).toBe("hashlib.md5");
      expect(callee("P(")).toBe("subprocess.Popen");
      expect(callee("django.views")).toBe("django.views.decorators.csrf.csrf_exempt");
      expect(callee("os.path.join")).toBe("os.path.join");
      expect(callee("os.system")).toBe("os.system");
      expect(callee("helpers.pick")).toBe("pkg.helpers.pick");
      expect(callee("u.run")).toBe("core.util.run");
      expect(callee("eval")).toBe("builtins.eval");
    });
  });

  it("types receivers made by well-known constructors and factories", async () => {
    const src = [
      "import requests",
      "s = requests.Session()",
      "s.get(u)",
      "client = requests.session()",
      "client.post(u)",
      "with requests.Session() as http:",
      "    http.put(u)",
      "def f(sess: requests.Session):",
      "    sess.delete(u)",
    ].join("\n");
    await withModel(src, ({ model, node }) => {
      expect(model.callee(node("call", "s.get"))).toBe("requests.Session.get");
      expect(model.callee(node("call", "client.post"))).toBe("requests.Session.post");
      expect(model.callee(node("call", "http.put"))).toBe("requests.Session.put");
      expect(model.callee(node("call", "sess.delete"))).toBe("requests.Session.delete");
      expect(model.typeOf(node("identifier", "client"))).toBe("requests.Session");
    });
  });

  it("sees through an optional import whose fallback is None", async () => {
    const src = ["try:", "    import ssl", "except ImportError:", "    ssl = None", "def f():", "    ssl._create_unverified_context()"].join("\n");
    await withModel(src, ({ model, node }) => {
      expect(model.callee(node("call", "ssl._create"))).toBe("ssl._create_unverified_context");
    });
  });

  it("follows Python scoping: locals shadow imports, class scopes are not seen from methods", async () => {
    const src = [
      "import os",
      "def f():",
      "    os = FakeOs()",
      "    os.system('x')",
      "class C:",
      "    import subprocess as os",
      "    def m(self):",
      "        os.system('y')",
      "def eval(x): return x",
      "eval('z')",
    ].join("\n");
    await withModel(src, ({ model, node }) => {
      expect(model.callee(node("call", "os.system('x')"))).toBeUndefined(); // local shadows the import
      expect(model.callee(node("call", "os.system('y')"))).toBe("os.system");
      expect(model.callee(node("call", "eval('z')"))).toBe("pkg.mod.eval");
    });
  });
});

describe("constants", () => {
  it("folds literals, names, operators and string composition", async () => {
    const src = [
      "A = 'ls'",
      "B = A + ' -l'",
      "N = (4 * 9) - 30",
      "probe(B)",
      "probe(N > 50)",
      "probe('report.txt' if N > 50 else 'x')",
      "probe(f'{A} /tmp')",
      "probe('%s-%d' % ('a', 3))",
      "probe('{}:{name}'.format(1, name='x'))",
      "probe(', '.join(['a', 'b']))",
      "probe(('git', 'status'))",
      "probe(0o755)",
      "probe(b'\\x41\\n')",
      "probe('a' 'b')",
      "probe(not 0)",
      "probe(None)",
    ].join("\n");
    await withModel(src, ({ model, probe }) => {
      const values = Array.from({ length: 13 }, (_, i) => model.constant(probe(i)));
      expect(values).toEqual(["ls -l", false, "x", "ls /tmp", "a-3", "1:x", "a, b", ["git", "status"], 493, "A\n", "ab", true, null]);
    });
  });

  it("says undefined when any part varies, or a name has a varying binding", async () => {
    const src = [
      "import sys",
      "cmd = 'ls'",
      "if sys.argv: cmd = sys.argv[1]",
      "probe(cmd)",
      "probe('x' + sys.argv[0])",
      "def f(p):",
      "    probe(p)",
      "probe(f'{sys.argv!r}')",
    ].join("\n");
    await withModel(src, ({ model, probe }) => {
      for (let i = 0; i < 4; i++) expect(model.constant(probe(i))).toBeUndefined();
    });
  });

  it("reads a constant entry of a dict or list literal whose other entries vary", async () => {
    const src = [
      'parts = {"keep": "static", "user": request.values.get("p")}',
      'probe(parts["keep"])',
      'probe(parts["user"])',
      'probe(parts["missing"])',
      'argv = ["ls", user, "-l"]',
      "probe(argv[0])",
      "probe(argv[-1])",
      "probe(argv[1])",
      'changed = {"a": "x"}',
      'changed["a"] = user',
      'probe(changed["a"])',
      'spread = {"a": "x", **other}',
      'probe(spread["a"])',
      'computed = {k: "x", "a": "y"}',
      'probe(computed["a"])',
      'probe({"a": 1}["a"])',
    ].join("\n");
    await withModel(src, ({ model, probe }) => {
      const values = Array.from({ length: 10 }, (_, i) => model.constant(probe(i)));
      expect(values).toEqual(["static", undefined, undefined, "ls", "-l", undefined, undefined, undefined, undefined, 1]);
    });
  });

  it("treats a list changed in place as varying", async () => {
    const src = ['parts = ["ls"]', "parts.append(user)", "probe(parts)", 'fixed = ["ls", "-l"]', "probe(fixed)", 'more = ["a"]', "more[0] = x", "probe(more)"].join("\n");
    await withModel(src, ({ model, probe }) => {
      expect(model.constant(probe(0))).toBeUndefined();
      expect(model.constant(probe(1))).toEqual(["ls", "-l"]);
      expect(model.constant(probe(2))).toBeUndefined();
    });
  });

  it("reads string literals by Python's rules, raw strings ending in an escape included", async () => {
    // the grammar's string_end token takes in the last escape of such raw strings: their value comes from the text
    const src = [
      String.raw`probe(r"\\")`,
      String.raw`probe(r'\'')`,
      String.raw`probe(rb"a\\")`,
      String.raw`probe("tab\there")`,
      "probe('''x''')",
      String.raw`probe(b"\x41")`,
      String.raw`probe(u"\u00e9")`,
    ].join("\n");
    await withModel(src, ({ model, probe }) => {
      expect(model.constant(probe(0))).toBe(String.raw`\\`);
      expect(model.constant(probe(1))).toBe(String.raw`\'`);
      expect(model.constant(probe(2))).toBe(String.raw`a\\`);
      expect(model.constant(probe(3))).toBe("tab\there");
      expect(model.constant(probe(4))).toBe("x");
      expect(model.constant(probe(5))).toBe("A");
      expect(model.constant(probe(6))).toBe("é");
    });
    // in a tree with a syntax error the literal's tokens decide, as before
    await withModel('probe("ok")\ndef (:\n', ({ model, probe }) => {
      expect(model.constant(probe(0))).toBe("ok");
    });
  });

  it("tells truthiness of literal values", async () => {
    await withModel("probe(1)\nprobe('')\nprobe(x)\n", ({ model, probe }) => {
      expect(model.truthy(probe(0))).toBe(true);
      expect(model.truthy(probe(1))).toBe(false);
      expect(model.truthy(probe(2))).toBeUndefined();
    });
  });
});

describe("string shapes", () => {
  it("keeps the constant text and marks varying parts", async () => {
    const src = [
      "probe('SELECT id ' + 'FROM ' + table)",
      "probe(f'SELECT {col} FROM t WHERE sku = 7')",
      "probe('SELECT * FROM t WHERE id = %s' % uid)",
      "probe('ORDER BY rank {}'.format(direction))",
      "q = 'SELECT a FROM t WHERE b = ' + v",
      "probe(q)",
      "probe('SELECT 1')",
    ].join("\n");
    await withModel(src, ({ model, probe }) => {
      expect(model.stringShape(probe(0))).toMatchObject({ text: `SELECT id FROM ${HOLE}`, holes: 1, composed: true });
      expect(model.stringShape(probe(1))).toMatchObject({ text: `SELECT ${HOLE} FROM t WHERE sku = 7`, holes: 1 });
      expect(model.stringShape(probe(2))).toMatchObject({ text: `SELECT * FROM t WHERE id = ${HOLE}`, holes: 1 });
      expect(model.stringShape(probe(3))).toMatchObject({ text: `ORDER BY rank ${HOLE}`, holes: 1 });
      expect(model.stringShape(probe(4))).toMatchObject({ text: `SELECT a FROM t WHERE b = ${HOLE}`, holes: 1 });
      expect(model.stringShape(probe(5))).toMatchObject({ text: "SELECT 1", holes: 0, composed: false });
    });
  });
});

describe("call arguments", () => {
  it("matches by position or keyword and stops at *args", async () => {
    await withModel("f('a', shell=True)\nf(args='b')\nf(*xs, 'c')\n", ({ model, node }) => {
      const c1 = node("call", "f('a'");
      expect(model.arg(c1, 0, "args")?.text).toBe("'a'");
      expect(model.arg(c1, 8, "shell")?.text).toBe("True");
      expect(model.arg(node("call", "f(args"), 0, "args")?.text).toBe("'b'");
      expect(model.arg(node("call", "f(*xs"), 0, "args")).toBeUndefined();
    });
  });
});

describe("star imports", () => {
  it("lists the modules imported with `from m import *`, relative ones made absolute", async () => {
    await withModel("from pysnmp.hlapi import *\nfrom os import path\nfrom .sibling import *\nCommunityData('x')\n", ({ model, node }) => {
      expect(model.starImports()).toEqual(["pysnmp.hlapi", "pkg.sibling"]);
      expect(model.importedModules()).toEqual(["os", "pysnmp"]);
      expect(model.callee(node("call", "CommunityData"))).toBeUndefined();
    });
  });

  it("read an unbound public name through the file's one star import, and only then", async () => {
    const src = "from os import *\nimport subprocess\ndef f(cmd):\n    system(cmd)\n    _exit(1)\n    len(cmd)\n    subprocess.run(cmd)\n    local = 1\n    local()\n";
    await withModel(src, ({ model, node }) => {
      expect(model.callee(node("call", "system"))).toBe("os.system");
      expect(model.callee(node("call", "_exit"))).toBeUndefined(); // `import *` skips _names (without __all__)
      expect(model.callee(node("call", "len"))).toBe("builtins.len");
      expect(model.callee(node("call", "subprocess.run"))).toBe("subprocess.run");
      expect(model.callee(node("call", "local()"))).toBeUndefined(); // bound: the star import does not reach it
    });
    await withModel("from .helpers import *\nrun(x)\n", ({ model, node }) => expect(model.callee(node("call", "run"))).toBe("pkg.helpers.run"));
    // names a `case` pattern captures are bound (locals of the function), dotted value patterns and class names are not
    const match = [
      "from os import *",
      "def c(v, cmd):",
      "    match v:",
      '        case {"f": system}:',
      "            system(cmd)",
      "        case [popen, *rest] if popen:",
      "            rest(cmd)",
      "        case str() as spawnv:",
      "            spawnv(cmd)",
      "        case C(x=execv) | D(execv):",
      "            execv(cmd)",
      "        case getcwd.attr | _:",
      "            getcwd()",
      "",
    ].join("\n");
    await withModel(match, ({ model, node }) => {
      for (const name of ["system(", "rest(", "spawnv(", "execv("]) expect(model.callee(node("call", name)), name).toBeUndefined();
      expect(model.callee(node("call", "getcwd()"))).toBe("os.getcwd");
    });
    // a function's PEP 695 type parameters are its own names
    await withModel("from os import *\ndef a[T, system](cmd):\n    system(cmd)\n", ({ model, node }) => expect(model.callee(node("call", "system"))).toBeUndefined());
    // a star import inside a function (Python 2 code; Python 3 refuses it) is not the module's
    await withModel("def f():\n    from os import *\ndef g(cmd):\n    system(cmd)\n", ({ model, node }) => expect(model.callee(node("call", "system"))).toBeUndefined());
    // with two, which module defines the name is not known
    await withModel("from os import *\nfrom sys import *\nsystem(x)\n", ({ model, node }) => expect(model.callee(node("call", "system"))).toBeUndefined());
  });
});
