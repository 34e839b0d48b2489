/**
 * Bounded searches inside one expression (never across statements): "does this argument mention a
 * password?", "does this returned value carry the exception text?". The walk stays inside the expression it
 * is given, skips nested function bodies, and stops after a fixed number of nodes, so a deeply nested or
 * huge expression costs little and never overflows the stack.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Node types whose inside is a different scope or runs later: not part of the value. */
const OPAQUE = new Set(["lambda", "function_definition", "class_definition"]);

/** Most nodes visited by one search. */
const MAX_NODES = 400;

/**
 * Visits `root` and its sub-expressions breadth-first (shallow parts first, so a long `a + b + …` chain is
 * searched from its top), calling `test` on each; returns the first non-undefined answer. `test` may return
 * `false` to skip a node's children.
 */
export function findInExpression<T>(root: Node, test: (node: Node) => T | undefined | false): T | undefined {
  const queue: Node[] = [root];
  for (let head = 0; head < queue.length && head < MAX_NODES; head++) {
    const node = queue[head];
    if (OPAQUE.has(node.type)) continue;
    const r = test(node);
    if (r === false) continue;
    if (r !== undefined) return r;
    for (const k of node.namedChildren) if (k && k.type !== "comment" && queue.length < MAX_NODES * 4) queue.push(k);
  }
  return undefined;
}

/** Methods whose first (constant) argument is a key into the receiver: `form.get("password")`. */
const KEYED_GETTERS = new Set(["get", "pop", "getlist", "getone", "get_json", "setdefault", "__getitem__"]);

/**
 * The first name inside `expr` that satisfies `isName`: a variable, an attribute (`user.password`), a
 * constant subscript key (`form["password"]`) or a constant key read with `get`/`pop`
 * (`request.POST.get("password")`). Keyword names and the method names of calls are not names of values.
 */
export function mentionedName(model: ModuleModel, expr: Node, isName: (name: string) => boolean): string | undefined {
  return findInExpression<string>(expr, (node) => {
    switch (node.type) {
      case "identifier": {
        const parent = node.parent;
        // the `name` of `x.name` is judged with the attribute; the `k` of `f(k=v)` names no value
        if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === node.id) return undefined;
        if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === node.id) return undefined;
        return isName(node.text) ? node.text : undefined;
      }
      case "attribute": {
        const attr = node.childForFieldName("attribute")?.text;
        const parent = node.parent;
        const isMethod = parent?.type === "call" && parent.childForFieldName("function")?.id === node.id;
        return attr && !isMethod && isName(attr) ? attr : undefined;
      }
      case "subscript": {
        const key = model.constant(node.childForFieldName("subscript"));
        return typeof key === "string" && isName(key) ? key : undefined;
      }
      case "call": {
        const fn = node.childForFieldName("function");
        const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
        if (method && KEYED_GETTERS.has(method)) {
          const key = model.constant(model.arg(node, 0));
          if (typeof key === "string" && isName(key)) return key;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  });
}
