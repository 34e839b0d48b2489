/**
 * Helpers for the process rules: the elements of an argument list written as a literal (directly or through
 * a variable), whether a list variable is changed in place after it was built, and the program of a call.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** The elements of an argument sequence, as far as they can be seen. */
export interface SequenceElements {
  elements: Node[];
  /** A `*rest` splat occurs, or the list is changed in place later: more elements may follow. */
  open: boolean;
}

const MUTATORS = new Set(["append", "extend", "insert", "__setitem__", "__iadd__", "pop", "remove", "clear", "reverse", "sort"]);

/**
 * True when some use of the list variable `name` changes it in place (`cmd.append(x)`, `cmd[0] = x`,
 * `cmd.extend(args)`): its elements as written are then not the elements passed.
 */
export function mutatedInPlace(model: ModuleModel, name: Node): boolean {
  const b = model.lookup(name.text, name.startIndex);
  if (!b) return false;
  for (const use of model.usesOf(b)) {
    const parent = use.parent;
    if (!parent) continue;
    if (parent.type === "attribute" && parent.childForFieldName("object")?.id === use.id) {
      const method = parent.childForFieldName("attribute")?.text;
      if (method && MUTATORS.has(method) && parent.parent?.type === "call") return true;
    }
    if (parent.type === "subscript" && parent.childForFieldName("value")?.id === use.id) {
      const holder = parent.parent;
      if (holder?.type === "assignment" && holder.childForFieldName("left")?.id === parent.id) return true;
      if (holder?.type === "augmented_assignment" && holder.childForFieldName("left")?.id === parent.id) return true;
    }
  }
  return false;
}

/**
 * The elements of a list or tuple literal, or of a variable bound once to one (a list changed in place later
 * is `open`), or the leading literal of a `[…] + more` concatenation (`open`); undefined for anything else
 * (a string, a call, a parameter).
 */
export function sequenceElements(model: ModuleModel, node: Node | undefined): SequenceElements | undefined {
  let n = node;
  let open = false;
  for (let hops = 0; n && hops < 4; hops++) {
    if (n.type === "parenthesized_expression" && n.namedChildren.length === 1 && n.namedChildren[0]) {
      n = n.namedChildren[0];
      continue;
    }
    if (n.type === "identifier") {
      const list = model.bindingsOf(n.text, n.startIndex);
      if (list.length !== 1 || list[0].kind !== "assign" || !list[0].value) return undefined;
      if (mutatedInPlace(model, n)) open = true;
      n = list[0].value;
      continue;
    }
    if (n.type === "binary_operator" && n.childForFieldName("operator")?.type === "+") {
      // `["git", "log"] + extra`: the leading elements are known, more follow
      open = true;
      n = n.childForFieldName("left") ?? undefined;
      continue;
    }
    break;
  }
  if (!n || (n.type !== "list" && n.type !== "tuple")) return undefined;
  const elements: Node[] = [];
  for (const c of n.namedChildren) {
    if (!c || c.type === "comment") continue;
    if (c.type === "list_splat") {
      open = true;
      break;
    }
    elements.push(c);
  }
  return { elements, open };
}
