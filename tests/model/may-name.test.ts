/**
 * `ModuleModel.mayName(roots)` lets a rule skip a file that can resolve no qualified name under its packages.
 * It must never say no for a package some name in the file resolves into: checked here on hand-made cases
 * (re-exports and return types that lead into another package) and, as a whole, on every rule fixture and the
 * example app, where each resolved name's package must be one the model says the file may name.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withModel } from "../helpers/model.js";
import { qualifiedName } from "../../src/rules/util/qualified.js";

const root = (name: string): string => name.split(".")[0];

describe("ModuleModel.mayName", () => {
  it("answers for imports in any scope, star imports, the module itself and builtins", async () => {
    const src = ["import os", "def f():", "    from Crypto.Cipher import DES", "    return DES.new(k)", "from ssl import *"].join("\n");
    await withModel(src, ({ model }) => {
      expect(model.mayName(["Crypto"])).toBe(true);
      expect(model.mayName(["ssl"])).toBe(true);
      expect(model.mayName(["os", "flask"])).toBe(true);
      expect(model.mayName(["pkg"])).toBe(true); // the module's own package (`pkg.mod`)
      expect(model.mayName(["builtins"])).toBe(true);
      expect(model.mayName(["flask", "cryptography"])).toBe(false);
    });
  });

  it("follows re-exports and return types into other packages", async () => {
    // jinja2.Markup is markupsafe.Markup; flask.Markup too
    await withModel("import jinja2\nx = jinja2.Markup(s)\n", ({ model, node }) => {
      expect(model.callee(node("call", "jinja2.Markup"))).toBe("markupsafe.Markup");
      expect(model.mayName(["markupsafe"])).toBe(true);
    });
    await withModel("import json\n", ({ model }) => {
      expect(model.mayName(["markupsafe"])).toBe(false);
    });
  });

  it("never says no for the package of a name the model resolves (fixtures and the example app)", async () => {
    const files = [
      ...fs.readdirSync("tests/fixtures").filter((f) => f.endsWith(".py")).map((f) => path.join("tests/fixtures", f)),
      ...fs.readdirSync("examples/flask_app", { recursive: true }).map(String).filter((f) => f.endsWith(".py")).map((f) => path.join("examples/flask_app", f)),
    ];
    expect(files.length).toBeGreaterThan(100);
    let checked = 0;
    for (const file of files) {
      await withModel(fs.readFileSync(file, "utf8"), ({ model }) => {
        const tree = model.tree;
        for (const n of tree.rootNode.descendantsOfType(["call", "attribute", "identifier"])) {
          if (!n) continue;
          const names = [qualifiedName(model, n), model.typeOf(n), n.type === "call" ? model.callee(n) : undefined];
          for (const name of names) {
            if (!name) continue;
            checked++;
            expect(model.mayName([root(name)]), `${file}: ${n.text.slice(0, 60)} → ${name}`).toBe(true);
          }
        }
      });
    }
    expect(checked).toBeGreaterThan(1000);
  }, 60_000);
});
