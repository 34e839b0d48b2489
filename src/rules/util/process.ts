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

/** Shells that run the script given after `-c` (matched on the program's base name, `.exe` dropped). */
const POSIX_SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox", "fish", "tcsh", "csh"]);

/** The base name of a program path, lower-cased, without a Windows `.exe` suffix (`/bin/bash` → `bash`). */
function programBase(program: string): string {
  const parts = program.split(/[\\/]/);
  return parts[parts.length - 1].toLowerCase().replace(/\.exe$/, "");
}

/**
 * The script of a shell started through an argument vector, which the shell parses like `shell=True`
 * would: `["sh", "-c", script]`, `["/bin/bash", "-lc", script]`, `["busybox", "sh", "-c", script]`,
 * `["cmd", "/c", …]` (every later element is part of the command line). `program` is the program path (a
 * constant string, or nothing is found), `args` the arguments after `argv[0]`.
 * @returns the script's parts (one element for POSIX shells, the rest of the vector for `cmd /c`), or
 *   undefined when this is not a shell given a script
 */
export function shellScriptParts(model: ModuleModel, program: Node | undefined, args: readonly Node[]): Node[] | undefined {
  const path = program ? model.constant(program) : undefined;
  if (typeof path !== "string") return undefined;
  const base = programBase(path);
  let i = 0;
  if (base === "busybox") {
    // `busybox sh -c …`
    const applet = args[0] ? model.constant(args[0]) : undefined;
    if (typeof applet !== "string" || !POSIX_SHELLS.has(programBase(applet))) return undefined;
    i = 1;
  }
  if (base === "cmd") {
    const at = args.findIndex((a) => {
      const v = model.constant(a);
      return typeof v === "string" && /^\/[ck]$/i.test(v);
    });
    return at >= 0 && at + 1 < args.length ? args.slice(at + 1) : undefined;
  }
  if (!POSIX_SHELLS.has(base)) return undefined;
  // options before the script: `-c` alone or bundled (`-ec`, `-lc`); the script is the first operand after it
  let sawC = false;
  for (; i < args.length; i++) {
    const v = model.constant(args[i]);
    if (typeof v === "string" && v.startsWith("-") && v.length > 1) {
      if (v === "--") {
        i++;
        break;
      }
      if (/^-[A-Za-z]+$/.test(v) && v.includes("c")) sawC = true; // `-c`, `-lc`, `-ec` (one class: linear)
      if (v === "-o" || v === "-O") i++; // `-o pipefail`: the option's value
      continue;
    }
    if (typeof v === "string" && v.startsWith("+") && v.length > 1) {
      if (v === "+o" || v === "+O") i++;
      continue; // `+e`
    }
    break;
  }
  if (!sawC || i >= args.length) return undefined;
  return [args[i]];
}
