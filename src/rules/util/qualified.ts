/**
 * Qualified names for rules that look for a library's names, also behind `from lib import *`.
 *
 * The model resolves every name bound by an import; names a star import brings in stay unresolved. A rule
 * that knows which library it is looking for may resolve such a name against the star-imported modules of
 * that library only (`CommunityData` after `from pysnmp.hlapi import *` → `pysnmp.hlapi.CommunityData`),
 * which keeps the guess precise: an unbound name in a file without such an import stays unresolved.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

const MAX_CHAIN = 40;

/** True when dotted `name` is `prefix` or lies inside it (`pysnmp.hlapi` inside `pysnmp`). */
export function within(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.`);
}

/**
 * The qualified name of an identifier or attribute chain, as {@link ModuleModel.resolve} gives it; when the
 * model cannot resolve it and the chain starts with a name no scope binds, the name read through the last
 * `from m import *` whose module lies inside one of `starPrefixes`.
 *
 * @param starPrefixes library roots the caller looks for (`["pysnmp"]`); empty: no star fallback
 */
export function qualifiedName(model: ModuleModel, node: Node | null | undefined, starPrefixes: readonly string[] = []): string | undefined {
  if (!node) return undefined;
  const resolved = model.resolve(node);
  if (resolved || !starPrefixes.length) return resolved;
  const stars = model.starImports();
  if (!stars.length) return undefined;
  const attrs: string[] = [];
  let base: Node | null = node;
  for (let i = 0; base?.type === "attribute" && i < MAX_CHAIN; i++) {
    const attr = base.childForFieldName("attribute")?.text;
    if (!attr) return undefined;
    attrs.unshift(attr);
    base = base.childForFieldName("object");
  }
  if (base?.type !== "identifier" || model.lookup(base.text, base.startIndex)) return undefined;
  for (let i = stars.length - 1; i >= 0; i--) {
    if (starPrefixes.some((p) => within(stars[i], p))) return [stars[i], base.text, ...attrs].join(".");
  }
  return undefined;
}

/** The qualified name of a call's callee, with the star-import fallback of {@link qualifiedName}. */
export function calleeName(model: ModuleModel, call: Node, starPrefixes: readonly string[] = []): string | undefined {
  return model.callee(call) ?? qualifiedName(model, call.childForFieldName("function"), starPrefixes);
}

/**
 * What an expression refers to, whether a name (`paramiko.AutoAddPolicy`) or an instance of one
 * (`paramiko.AutoAddPolicy()`, or a variable bound to that call); star-import fallback as in
 * {@link qualifiedName}, also for the callee of an instance-creating call.
 */
export function refName(model: ModuleModel, node: Node | null | undefined, starPrefixes: readonly string[] = []): string | undefined {
  if (!node) return undefined;
  const direct = qualifiedName(model, node, starPrefixes) ?? model.typeOf(node);
  if (direct || !starPrefixes.length) return direct;
  if (node.type === "call") return calleeName(model, node, starPrefixes);
  return undefined;
}

/**
 * The top-level packages of dotted names, without repeats (`["Crypto.Cipher.DES.new", "pyDes.des"]` →
 * `["Crypto", "pyDes"]`): what a rule that looks only for those names passes to `ModuleModel.mayName`.
 */
export function rootsOf(names: Iterable<string>): string[] {
  return [...new Set([...names].map((name) => name.split(".")[0]))];
}

/** The last segment of a dotted name (`ssl.PROTOCOL_TLSv1` → `PROTOCOL_TLSv1`). */
export function lastSegment(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? name : name.slice(i + 1);
}
