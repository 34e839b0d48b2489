/**
 * The screen of the per-file phase for taint sources: whether a module may hold sources of its own, decided from
 * its text alone (its name and its import statements), before any parse. Modules it passes over are analysed only
 * on demand, when tainted data reaches them (see `runTaintProject`).
 */
import { LOCAL_SOURCE_TEXT, SOURCE_MODULE_ROOTS, type ThreatModel } from "../model/knowledge/frameworks/index.js";
import { isLineTerminator } from "../util/text.js";

/**
 * An import statement at a line start: `from a.b import …` (group 1: the module) or `import a, b.c as d` (group 2:
 * the list). Sticky: tried only at the start of a line that holds `import` (see {@link importLines}).
 */
const IMPORT_AT = /[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))/y;

/**
 * The import statements that start a line of `text` (as `/^…/gm` would find them, in order), handed to `visit`
 * until it returns true. Only lines holding the word `import` are tried, found by `indexOf`: a regular
 * expression anchored at every line start costs a scan's worth of attempts in a file with few imports.
 * @returns whether `visit` returned true
 */
export function importLines(text: string, visit: (module: string | undefined, list: string | undefined) => boolean): boolean {
  for (let at = text.indexOf("import"); at >= 0; ) {
    let start = at;
    while (start > 0 && !isLineTerminator(text[start - 1])) start--;
    IMPORT_AT.lastIndex = start;
    const m = IMPORT_AT.exec(text);
    if (m && visit(m[1], m[2])) return true;
    let end = at + 6;
    while (end < text.length && !isLineTerminator(text[end])) end++;
    at = text.indexOf("import", end);
  }
  return false;
}

/**
 * True when a module may hold sources of its own: it imports (or is) a module of `SOURCE_MODULE_ROOTS` for an
 * enabled threat model, or uses a local source while local sources are on. Decided from the text alone.
 */
export function hasOwnSources(moduleName: string, text: string, threats: ReadonlySet<ThreatModel>): boolean {
  const roots: string[] = [];
  for (const t of threats) roots.push(...SOURCE_MODULE_ROOTS[t]);
  const matches = (name: string): boolean => roots.some((r) => name === r || name.startsWith(`${r}.`));
  if (matches(moduleName)) return true;
  if (threats.has("local") && LOCAL_SOURCE_TEXT.test(text)) return true;
  if (!roots.length) return false;
  return importLines(text, (module, list) => {
    if (module && matches(module)) return true;
    if (list) for (const part of list.split(",")) if (matches(part.trim().split(/\s+/)[0])) return true;
    return false;
  });
}
