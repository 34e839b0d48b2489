import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { Binding } from "../../model/scopes.js";
import { isSecurityProducerName, isSecurityValueName } from "../util/names.js";

/** Functions of `random` (module-level and on a `random.Random` instance) whose output is predictable. */
const FUNCTIONS = ["random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "shuffle", "uniform", "randbytes"];

/** Callees (last name) whose result still carries the predictability of a random argument. */
const PASS_THROUGH_CALLS = new Set([
  "join", "format", "str", "bytes", "bytearray", "hex", "oct", "bin", "int", "repr", "list", "tuple", "sorted",
  "reversed", "b64encode", "urlsafe_b64encode", "b32encode", "b16encode", "hexlify", "md5", "sha1", "sha224",
  "sha256", "sha384", "sha512", "blake2b", "blake2s", "quote",
]);

/** Methods called on a random value that keep it predictable. */
const PASS_THROUGH_METHODS = new Set([
  "hex", "to_bytes", "encode", "decode", "upper", "lower", "zfill", "rjust", "ljust", "strip", "hexdigest",
  "digest", "format", "join", "replace",
]);

/** Methods that put their argument into the receiver (`chars.append(random.choice(a))`). */
const COLLECTING_METHODS = new Set(["append", "extend", "insert", "add", "appendleft"]);

/** Where a random value ends up. */
interface Destination {
  /** The name it is stored under or passed as (variable, attribute, key, keyword, callee). */
  name?: string;
  /** How, for the message: "assigned to", "passed to"… */
  how: string;
  /** The binding of a plain local variable that receives the value (followed to its uses). */
  binding?: Binding;
  /** The value is returned from the enclosing function. */
  returned?: boolean;
}

/** PW302: `random` used to make tokens, passwords, keys and other values that must be unguessable. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW302",
    name: "insecure-random-secret",
    practice: "password-storage",
    cwe: [330, 338],
    severity: "medium",
    confidence: "medium",
    aliases: ["B311", "S311"],
    skipInTests: true,
    docs: {
      what:
        "Values from the `random` module (`random.choice`, `randint`, `getrandbits`, `shuffle`…, or a " +
        "`random.Random()` instance) that become a token, password, secret, key, salt, nonce, one-time code, " +
        "PIN or session id: judged by the variable, attribute, dictionary key or keyword that receives the value, " +
        "or by the name of the function that returns it (`generate_token`, `make_password`). Random numbers for " +
        "games, sampling or jitter are not reported; `random.SystemRandom` and `secrets` are never reported.",
      why:
        "`random` is a Mersenne Twister seeded from a small state: after observing about 624 outputs an attacker " +
        "can predict every later one, and a guessable seed makes all of them guessable. Reset links, session ids " +
        "and one-time codes made this way can be forged.",
      bad:
        "import random, string\n\ndef make_reset_token():\n" +
        "    return \"\".join(random.choice(string.ascii_letters) for _ in range(32))\n\n" +
        "otp = random.randint(100000, 999999)\n",
      good:
        "import secrets\n\ndef make_reset_token():\n    return secrets.token_urlsafe(32)\n\n" +
        "otp = secrets.randbelow(900000) + 100000\n",
      references: [
        "CWE-330",
        "CWE-338",
        "https://docs.python.org/3/library/secrets.html",
        "https://docs.python.org/3/library/random.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    /** Local variables holding a random value, with the random calls they came from. */
    const pending = new Map<Binding, Node[]>();
    const worklist: Binding[] = [];
    const reported = new Set<number>();

    const field = (parent: Node, child: Node, name: string): boolean => parent.childForFieldName(name)?.id === child.id;
    const lastName = (fn: Node | null): string | undefined =>
      fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;

    /** The name a store target stands for: variable, attribute, or constant subscript key. */
    const targetOf = (target: Node, how: string): Destination | undefined => {
      switch (target.type) {
        case "identifier":
          return { name: target.text, how, binding: model.lookup(target.text, target.endIndex) };
        case "attribute":
          return { name: target.childForFieldName("attribute")?.text, how };
        case "subscript": {
          const key = model.constant(target.childForFieldName("subscript"));
          return typeof key === "string" ? { name: key, how: "stored under" } : undefined;
        }
        default:
          return undefined;
      }
    };

    /** A value passed as a positional argument of `call`. */
    const intoCall = (call: Node): Destination | "through" | undefined => {
      const fn = call.childForFieldName("function");
      const name = lastName(fn);
      if (!name) return undefined;
      if (PASS_THROUGH_CALLS.has(name)) return "through";
      if (COLLECTING_METHODS.has(name) && fn?.type === "attribute") {
        const receiver = fn.childForFieldName("object");
        return receiver ? targetOf(receiver, "collected into") : undefined;
      }
      if (isSecurityValueName(name)) return { name: `${name}()`, how: "passed to" };
      return undefined;
    };

    /** Follows a value up through the expressions that keep it predictable, to where it is stored or used. */
    const destination = (start: Node): Destination | undefined => {
      let child = start;
      for (let i = 0; i < 2000; i++) {
        const parent = child.parent;
        if (!parent) return undefined;
        switch (parent.type) {
          case "parenthesized_expression":
          case "binary_operator":
          case "unary_operator":
          case "boolean_operator":
          case "conditional_expression":
          case "list":
          case "set":
          case "interpolation":
          case "string":
          case "concatenated_string":
          case "subscript":
          case "list_splat":
            break;
          case "tuple":
          case "expression_list": {
            const outer = parent.parent;
            if (outer?.type === "assignment" && field(outer, parent, "right")) {
              const left = outer.childForFieldName("left");
              const values = parent.namedChildren.filter((c): c is Node => !!c);
              const targets = left?.namedChildren.filter((c): c is Node => !!c) ?? [];
              if (left && left.type !== "identifier" && targets.length === values.length) {
                const at = values.findIndex((v) => v.id === child.id);
                return at >= 0 ? targetOf(targets[at], "assigned to") : undefined;
              }
            }
            break;
          }
          case "list_comprehension":
          case "set_comprehension":
          case "generator_expression":
            if (!field(parent, child, "body")) return undefined;
            if (parent.parent?.type === "call" && field(parent.parent, parent, "arguments")) {
              const r = intoCall(parent.parent);
              if (r !== "through") return r;
              child = parent.parent;
              continue;
            }
            break;
          case "for_in_clause":
            // the iterable of a comprehension: its elements are the random values
            if (!field(parent, child, "right") || !parent.parent) return undefined;
            child = parent;
            if (parent.parent.type === "list_comprehension" || parent.parent.type === "set_comprehension" || parent.parent.type === "generator_expression") {
              child = parent.parent.childForFieldName("body") ?? parent;
            }
            continue;
          case "argument_list": {
            const call = parent.parent;
            if (call?.type !== "call") return undefined;
            const r = intoCall(call);
            if (r !== "through") return r;
            child = call;
            continue;
          }
          case "keyword_argument":
            return field(parent, child, "value") ? { name: parent.childForFieldName("name")?.text, how: "passed as" } : undefined;
          case "attribute": {
            const call = parent.parent;
            const method = parent.childForFieldName("attribute")?.text;
            if (!field(parent, child, "object") || call?.type !== "call" || !field(call, parent, "function")) return undefined;
            if (!method || !PASS_THROUGH_METHODS.has(method)) return undefined;
            child = call;
            continue;
          }
          case "assignment":
          case "augmented_assignment": {
            if (!field(parent, child, "right")) return undefined;
            const left = parent.childForFieldName("left");
            return left ? targetOf(left, "assigned to") : undefined;
          }
          case "named_expression":
            return field(parent, child, "value") ? targetOf(parent.childForFieldName("name")!, "assigned to") : undefined;
          case "pair": {
            if (!field(parent, child, "value")) return undefined;
            const key = model.constant(parent.childForFieldName("key"));
            return typeof key === "string" ? { name: key, how: "stored under" } : undefined;
          }
          case "default_parameter":
          case "typed_default_parameter":
            return field(parent, child, "value") ? { name: parent.childForFieldName("name")?.text, how: "default of" } : undefined;
          case "return_statement":
            return { how: "returned", returned: true };
          default:
            return undefined;
        }
        child = parent;
      }
      return undefined;
    };

    const describe = (call: Node): string => {
      const name = model.callee(call) ?? "random";
      return name.startsWith("random.Random.") ? `Random().${name.slice(14)}()` : `${name}()`;
    };

    const flag = (origins: Node[], why: string): void => {
      for (const call of origins) {
        if (reported.has(call.id)) continue;
        reported.add(call.id);
        ctx.report(
          call,
          `predictable ${describe(call)} ${why}; use the secrets module instead (secrets.token_urlsafe, secrets.choice)`,
        );
      }
    };

    /** Decides what a random value reaching `dest` means; `at` is where the value is (for the enclosing function). */
    const judge = (origins: Node[], at: Node, dest: Destination | undefined, followed = false): void => {
      if (!dest) return;
      if (dest.name && isSecurityValueName(dest.name)) {
        flag(origins, `${followed ? "ends up in" : dest.how} '${dest.name}'`);
        return;
      }
      const fn = model.enclosingFunction(at);
      if (fn?.kind === "function" && isSecurityProducerName(fn.name)) {
        flag(origins, dest.returned ? `returned from ${fn.name}()` : `used to build a value in ${fn.name}()`);
        return;
      }
      if (dest.binding) {
        const fresh = !pending.has(dest.binding);
        const list = pending.get(dest.binding) ?? [];
        for (const o of origins) if (!list.some((x) => x.equals(o))) list.push(o);
        pending.set(dest.binding, list);
        if (fresh) worklist.push(dest.binding);
      }
    };

    /** Follows each variable that holds a random value to its later reads (iteratively: chains stay flat). */
    const drain = (): void => {
      while (worklist.length) {
        const b = worklist.shift()!;
        const origins = pending.get(b)!;
        for (const use of model.usesOf(b)) {
          if (use.startIndex <= b.offset) continue;
          judge(origins, use, destination(use), true);
        }
      }
    };

    /**
     * True when the callee's leading name is imported more than once from different places, as in
     * `try: from secrets import randbits` / `except ImportError: from random import getrandbits as randbits`:
     * the model follows the last import, but the one that runs is usually the first.
     */
    const fallbackImport = (call: Node): boolean => {
      let head = call.childForFieldName("function");
      while (head?.type === "attribute") head = head.childForFieldName("object");
      if (head?.type !== "identifier") return false;
      const imports = model.bindingsOf(head.text, head.startIndex).filter((b) => b.kind === "import");
      return new Set(imports.map((b) => b.qualifiedName)).size > 1;
    };

    const check: Handler = (call) => {
      if (fallbackImport(call)) return;
      const shuffles = model.callee(call)?.endsWith(".shuffle");
      if (shuffles) {
        // shuffle() returns None: its argument is the value made unpredictable (or not)
        const target = model.arg(call, 0, "x");
        const dest = target ? targetOf(target, "shuffled into") : undefined;
        judge([call], call, dest);
        drain();
        return;
      }
      judge([call], call, destination(call));
      drain();
    };

    const handlers: Record<string, Handler> = {};
    for (const f of FUNCTIONS) {
      handlers[`random.${f}`] = check;
      handlers[`random.Random.${f}`] = check;
    }
    return handlers;
  },
});
