/**
 * Commands whose every varying part is shell-quoted: `"ls " + shlex.quote(path)`, `f"tar czf {shlex.quote(d)}"`.
 * `shlex.quote` makes a value one literal shell word, so such a command is not an injection (the quoting must
 * cover each varying part; a quoted part next to an unquoted one does not help).
 */
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Functions that quote a value as a single POSIX shell word. */
export const SHELL_QUOTERS: ReadonlySet<string> = new Set(["shlex.quote", "pipes.quote", "shellescape.quote"]);

/** True when `node` is a string built only from constants and shell-quoted values. */
export function isShellQuoted(model: ModuleModel, node: Node): boolean {
  const shape = model.stringShape(node);
  if (!shape || shape.holes === 0 || shape.dynamic.length !== shape.holes) return false;
  return shape.dynamic.every((part) => {
    let n: Node | null = part;
    while (n?.type === "parenthesized_expression") n = n.namedChildren[0] ?? null;
    if (n?.type !== "call") return false;
    const callee = model.callee(n);
    return callee !== undefined && SHELL_QUOTERS.has(callee);
  });
}
