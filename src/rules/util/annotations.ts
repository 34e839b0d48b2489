/**
 * Type annotations seen as the types they allow: `Optional[SecretStr]`, `Union[SecretStr, None]`,
 * `SecretStr | None`, `Annotated[SecretStr, Field(...)]` and `"SecretStr"` (a string annotation) all allow a
 * `SecretStr` (and `None`). Shared by the rules that judge a value by its declared type.
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Wrappers whose subscript lists the allowed types (`Optional[X]`, `Union[X, Y]`). */
const UNION_WRAPPERS = new Set(["typing.Optional", "typing.Union", "typing_extensions.Optional", "typing_extensions.Union"]);
/** Wrappers whose first subscript element is the type and the rest metadata (`Annotated[X, ...]`). */
const ANNOTATED = new Set(["typing.Annotated", "typing_extensions.Annotated"]);
const MAX_DEPTH = 20;

/** One type an annotation allows: its qualified name (resolved through imports and aliases) and its source text. */
export interface AnnotationMember {
  /** Qualified name (`pydantic.SecretStr`, `builtins.int`), or the source text when it does not resolve. */
  name: string;
  /** Source text as written (`SS`, `SecretStr`). */
  text: string;
}

/**
 * The types an annotation allows, with `Optional`, `Union`, `|`, `Annotated` and string annotations unwrapped
 * and `None` left out. Another generic (`list[SecretStr]`) is one member, named by its own text.
 * @returns the members; empty when the annotation allows only `None` or is missing
 */
export function annotationMembers(model: ModuleModel, annotation: Node | null | undefined): AnnotationMember[] {
  const out: AnnotationMember[] = [];
  const visit = (node: Node | null | undefined, depth: number): void => {
    if (!node || depth > MAX_DEPTH) {
      if (node) out.push({ name: node.text, text: node.text });
      return;
    }
    switch (node.type) {
      case "type":
      case "parenthesized_expression": {
        const inner = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        if (inner.length === 1) return visit(inner[0], depth + 1);
        break;
      }
      case "none":
        return;
      case "binary_operator":
        if (node.childForFieldName("operator")?.type === "|") {
          visit(node.childForFieldName("left"), depth + 1);
          visit(node.childForFieldName("right"), depth + 1);
          return;
        }
        break;
      case "union_type":
        for (const c of node.namedChildren) if (c && c.type !== "comment") visit(c, depth + 1);
        return;
      case "subscript":
      case "generic_type": {
        const head = node.type === "subscript" ? node.childForFieldName("value") : node.namedChildren[0];
        const name = head ? model.resolve(head) : undefined;
        const params =
          node.type === "subscript"
            ? node.childrenForFieldName("subscript").filter((c): c is Node => !!c)
            : (node.namedChildren.find((c) => c?.type === "type_parameter")?.namedChildren ?? []).filter((c): c is Node => !!c);
        const flat = params.length === 1 && params[0].type === "tuple" ? params[0].namedChildren.filter((c): c is Node => !!c) : params;
        if (name && UNION_WRAPPERS.has(name)) {
          for (const p of flat) visit(p, depth + 1);
          return;
        }
        if (name && ANNOTATED.has(name) && flat.length) return visit(flat[0], depth + 1);
        break;
      }
      case "string": {
        // a forward reference `"SecretStr"`: judged by its text
        const v = model.constant(node);
        if (typeof v !== "string") break;
        const wrapped = /^\s*(?:typing\.)?(?:Optional|Union)\[(.*)\]\s*$/.exec(v);
        const parts = (wrapped ? wrapped[1].split(",") : v.split("|")).map((p) => p.trim());
        if (!parts.every((p) => /^[A-Za-z_][\w.]*$/.test(p))) break;
        for (const p of parts) if (p !== "None") out.push({ name: qualifyText(model, p, node.startIndex), text: p });
        return;
      }
      case "identifier":
      case "attribute":
        out.push({ name: model.resolve(node) ?? node.text, text: node.text });
        return;
    }
    out.push({ name: node.text, text: node.text });
  };
  visit(annotation, 0);
  return out;
}

/** The qualified name of a dotted name written in a string annotation, through the imports in scope at `offset`. */
function qualifyText(model: ModuleModel, dotted: string, offset: number): string {
  const [first, ...rest] = dotted.split(".");
  const b = model.lookup(first, offset);
  if (b?.qualifiedName) return [b.qualifiedName, ...rest].join(".");
  return dotted;
}
