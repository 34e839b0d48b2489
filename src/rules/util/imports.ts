/**
 * Module imports seen whole, for the import-reminder rules (a module whose mere use deserves a second look:
 * `pickle`, `telnetlib`, the stdlib XML parsers…): which dotted modules and names an `import` / `from …
 * import` statement or a constant dynamic import (`importlib.import_module("pickle")`, `__import__("pickle")`)
 * brings in, and whether any of them falls under a list of targets.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Handler } from "../types.js";

/** What one import brings in: a whole module, or names taken from a module. */
export interface ImportedItem {
  /** Absolute dotted module name (`xml.etree.ElementTree`); relative imports are not listed. */
  module: string;
  /** Names taken with `from module import …`; undefined for `import module` (and for `import *`). */
  names?: string[];
}

/** Functions that import a module named by their first argument. */
const DYNAMIC_IMPORTS = ["importlib.import_module", "builtins.__import__"];

/**
 * The items of an `import_statement` or `import_from_statement` (`import a.b as c, d` → `a.b`, `d`;
 * `from a import b, c as d` → `a` with names `b`, `c`). Relative imports (`from . import x`) are skipped:
 * they name the project's own modules.
 */
export function importedItems(node: Node): ImportedItem[] {
  if (node.type === "import_statement") {
    const out: ImportedItem[] = [];
    for (const item of node.childrenForFieldName("name")) {
      if (!item) continue;
      const dotted = item.type === "aliased_import" ? item.childForFieldName("name")?.text : item.text;
      if (dotted) out.push({ module: dotted.replace(/\s+/g, "") });
    }
    return out;
  }
  if (node.type === "import_from_statement") {
    const moduleNode = node.childForFieldName("module_name");
    const module = moduleNode?.text.replace(/\s+/g, "") ?? "";
    if (!module || module.startsWith(".")) return [];
    if (node.namedChildren.some((c) => c?.type === "wildcard_import")) return [{ module }];
    const names: string[] = [];
    for (const item of node.childrenForFieldName("name")) {
      if (!item) continue;
      const name = item.type === "aliased_import" ? item.childForFieldName("name")?.text : item.text;
      if (name) names.push(name.replace(/\s+/g, ""));
    }
    return [{ module, names }];
  }
  return [];
}

/** True when `name` is `target` or inside it (`xml.sax.handler` is under `xml.sax`). */
export function isUnder(name: string, target: string): boolean {
  return name === target || name.startsWith(`${target}.`);
}

/** What an import reminder looks for. */
export interface ImportTargets {
  /** Modules (or classes) whose import is reported, with everything under them. */
  modules: readonly string[];
  /** Modules under a target that are harmless on their own (`xml.sax.saxutils` only escapes text). */
  exempt?: readonly string[];
  /**
   * Names that are harmless when they are all a `from target import …` takes (`from pickle import dumps`
   * serialises, it never loads): target module → names.
   */
  harmless?: Readonly<Record<string, ReadonlySet<string>>>;
}

/**
 * The first dotted name of `item` that falls under the targets (the module, or `module.name` for a
 * `from` import), or undefined when the item imports nothing the targets name — or only harmless names.
 */
export function matchImport(item: ImportedItem, targets: ImportTargets): string | undefined {
  const exempt = (name: string): boolean => (targets.exempt ?? []).some((e) => isUnder(name, e));
  if (!item.names) {
    if (exempt(item.module)) return undefined;
    return targets.modules.some((t) => isUnder(item.module, t)) ? item.module : undefined;
  }
  if (exempt(item.module)) return undefined;
  const fromTarget = targets.modules.some((t) => isUnder(item.module, t));
  const harmless = targets.harmless?.[item.module];
  for (const name of item.names) {
    const full = `${item.module}.${name}`;
    if (exempt(full)) continue;
    if (fromTarget) {
      if (harmless?.has(name)) continue;
      return full;
    }
    if (targets.modules.some((t) => isUnder(full, t))) return full;
  }
  return undefined;
}

/**
 * Handlers that call `report(node, name)` for every import statement (once per statement, with the first
 * matching name) and every constant dynamic import of a module under `targets`.
 */
export function importHandlers(
  model: ModuleModel,
  targets: ImportTargets,
  report: (node: Node, name: string) => void,
): Record<string, Handler> {
  const statement: Handler = (node) => {
    for (const item of importedItems(node)) {
      const hit = matchImport(item, targets);
      if (hit) {
        report(node, hit);
        return;
      }
    }
  };
  const handlers: Record<string, Handler> = { import_statement: statement, import_from_statement: statement };
  for (const name of DYNAMIC_IMPORTS) {
    handlers[name] = (call) => {
      const module = model.constant(model.arg(call, 0, "name"));
      if (typeof module !== "string" || module.startsWith(".")) return;
      const hit = matchImport({ module }, targets);
      if (hit) report(call, hit);
    };
  }
  return handlers;
}
