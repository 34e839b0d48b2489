/**
 * Guards of the per-module taint analyser: conditions (`if`, `assert`, comparisons, validation and path-resolution
 * calls, allow-list membership, HMAC checks) that clean variables on a branch.
 */
import type { Node } from "../parse/parser.js";
import {
  GUARD_METHODS,
  GUARDS,
  MAC_COMPARISONS,
  MAC_FUNCTIONS,
  PATH_RESOLVERS,
  REGEX_GUARD_FUNCTIONS,
  URL_HOST_ATTRIBUTES,
  URL_PARSERS,
} from "../model/knowledge/frameworks/index.js";
import { ALL_KINDS, KIND_BIT, SCALAR_BIT, clean, maskOf } from "./value.js";
import {
  State,
  type Refinement,
  NO_REFINEMENT,
  restrictivePattern,
  anchoredAtEnd,
  unite,
  intersect,
} from "./analyse-support.js";
import { ParamAnalyser } from "./analyser-params.js";

/** The per-module analyser's guards: refinements of the variable state by branch conditions. */
export abstract class GuardAnalyser extends ParamAnalyser {
  // ------------------------------------------------------------------------------------------ guards

  protected applyRefinement(r: Map<string, number>, st: State): void {
    for (const [key, mask] of r) {
      const cur = st.vars.get(key);
      if (cur === undefined) continue;
      st.vars.set(key, clean(cur, mask));
    }
  }

  /** What a test proves about variables, in the branch where it holds and where it fails. */
  protected refine(node: Node, st: State, depth: number): Refinement {
    if (depth > 20) return NO_REFINEMENT;
    switch (node.type) {
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.refine(node.namedChildren[0], st, depth + 1) : NO_REFINEMENT;
      case "not_operator": {
        const a = node.childForFieldName("argument");
        if (!a) return NO_REFINEMENT;
        const r = this.refine(a, st, depth + 1);
        return { t: r.f, f: r.t };
      }
      case "boolean_operator": {
        const l = node.childForFieldName("left");
        const r = node.childForFieldName("right");
        if (!l || !r) return NO_REFINEMENT;
        const a = this.refine(l, st, depth + 1);
        const b = this.refine(r, st, depth + 1);
        const op = node.childForFieldName("operator")?.type;
        if (op === "and") {
          const t = unite(a.t, b.t);
          // `t.startswith("/") and not t.startswith("//")`: a path on this site
          for (const v of this.localPathTest(l, r)) t.set(v, (t.get(v) ?? 0) | KIND_BIT.redirect | KIND_BIT.url);
          return { t, f: intersect(a.f, b.f) };
        }
        return { t: intersect(a.t, b.t), f: unite(a.f, b.f) };
      }
      case "comparison_operator":
        return this.refineComparison(node, st);
      case "call":
        return { t: this.guardCall(node, st), f: new Map() };
      case "attribute": {
        // `if not parsed.netloc:` — no host: a relative URL stays on this site
        const hostVars = this.urlHostVars(node, st);
        if (!hostVars.length) return NO_REFINEMENT;
        return { t: new Map(), f: new Map(hostVars.map((v) => [v, KIND_BIT.redirect | KIND_BIT.url])) };
      }
      default:
        return NO_REFINEMENT;
    }
  }

  /** Variables tested by `v.startswith("/") and not v.startswith("//")` (either order). */
  protected localPathTest(l: Node, r: Node): string[] {
    const starts = (n: Node, prefix: string): string[] => {
      if (n.type !== "call" || this.model.methodName(n) !== "startswith") return [];
      if (this.model.constant(this.model.arg(n, 0)) !== prefix) return [];
      const o = n.childForFieldName("function")?.childForFieldName("object");
      return o ? this.targetVars(o) : [];
    };
    const negated = (n: Node, prefix: string): string[] => {
      const a = n.type === "not_operator" ? n.childForFieldName("argument") : null;
      if (!a) return [];
      const ps = [prefix, "\\"];
      return a.type === "boolean_operator" ? [] : ps.flatMap((p) => starts(a, p));
    };
    for (const [x, y] of [[l, r], [r, l]] as const) {
      const vs = starts(x, "/");
      if (vs.length && vs.every((v) => negated(y, "//").includes(v))) return vs;
    }
    return [];
  }

  protected refineComparison(node: Node, st: State): Refinement {
    const operands = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    const ops = node.childrenForFieldName("operators").filter((c): c is Node => !!c);
    if (operands.length !== 2 || ops.length !== 1) return NO_REFINEMENT;
    const op = ops[0].type;
    const [left, right] = operands;
    const out: Refinement = { t: new Map(), f: new Map() };
    const put = (m: Map<string, number>, keys: string[], mask: number): void => {
      for (const k of keys) m.set(k, (m.get(k) ?? 0) | mask);
    };
    const urlMask = KIND_BIT.redirect | KIND_BIT.url;
    if (op === "in" || op === "not in") {
      const yes = op === "in" ? out.t : out.f;
      const no = op === "in" ? out.f : out.t;
      // `if ".." in name: abort()`: without a parent reference the name stays under the directory it is joined to
      if (this.model.constant(left) === "..") {
        put(no, this.targetVars(right), KIND_BIT.path);
        return out;
      }
      const hostVars = this.urlHostVars(left, st);
      if (hostVars.length) put(yes, hostVars, urlMask);
      else if (this.isConstantCollection(right)) put(yes, this.targetVars(left), ALL_KINDS);
      return out;
    }
    if (op === "==" || op === "!=") {
      const yes = op === "==" ? out.t : out.f;
      for (const [a, b] of [[left, right], [right, left]] as const) {
        const hostVars = this.urlHostVars(a, st);
        if (hostVars.length) {
          put(yes, hostVars, urlMask);
          continue;
        }
        if (a.type === "call" && this.model.callee(a) === "os.path.commonpath") {
          const list = this.model.arg(a, 0);
          for (const el of list?.namedChildren ?? []) if (el) put(yes, this.pathVars(el), KIND_BIT.path);
          continue;
        }
        if (this.model.constant(b) !== undefined && this.model.constant(a) === undefined) put(yes, this.targetVars(a), ALL_KINDS);
      }
    }
    return out;
  }

  /** Variables named by a guarded expression: a name or `self.x`. */
  protected targetVars(node: Node): string[] {
    const k = this.varKey(node.type === "parenthesized_expression" ? (node.namedChildren[0] ?? node) : node);
    return k ? [k] : [];
  }

  /** `urlparse(t).netloc`, `parsed.hostname` (with `parsed = urlparse(t)`): the variables whose URL host is tested. */
  protected urlHostVars(node: Node, st: State): string[] {
    if (node.type !== "attribute") return [];
    const attr = node.childForFieldName("attribute")?.text ?? "";
    if (!URL_HOST_ATTRIBUTES.has(attr)) return [];
    const obj = node.childForFieldName("object");
    if (!obj) return [];
    const call = this.bindingCall(obj, URL_PARSERS);
    if (!call) return [];
    const arg = this.model.arg(call, 0, "url");
    const out = arg ? this.targetVars(arg) : [];
    if (obj.type === "identifier") out.push(obj.text);
    void st;
    return out;
  }

  /** `node` itself, or the value a name is bound to, when it is a call to one of `names`. */
  protected bindingCall(node: Node, names: ReadonlySet<string>): Node | undefined {
    let n: Node | undefined = node;
    if (n.type === "identifier") {
      const b = this.model.lookup(n.text, n.startIndex);
      n = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
    }
    if (n?.type === "call" && names.has(this.model.callee(n) ?? "")) return n;
    return undefined;
  }

  /** Variables inside a resolved-path expression (`realpath(join(BASE, name))` → `name`), and the name holding it. */
  protected pathVars(node: Node, depth = 0): string[] {
    if (depth > 6) return [];
    if (node.type === "identifier") {
      const out = [node.text];
      const b = this.model.lookup(node.text, node.startIndex);
      if (b && (b.kind === "assign" || b.kind === "walrus") && b.value && b.value.type === "call") out.push(...this.pathVars(b.value, depth + 1));
      return out;
    }
    if (node.type === "call") {
      const out: string[] = [];
      const fn = node.childForFieldName("function");
      if (fn?.type === "attribute") {
        const o = fn.childForFieldName("object");
        if (o) out.push(...this.pathVars(o, depth + 1));
      }
      for (const a of this.model.args(node).positional) out.push(...this.pathVars(a, depth + 1));
      return out;
    }
    if (node.type === "binary_operator") {
      const out: string[] = [];
      for (const c of [node.childForFieldName("left"), node.childForFieldName("right")]) if (c) out.push(...this.pathVars(c, depth + 1));
      return out;
    }
    return [];
  }

  /** A resolved path: a call to a path resolver, or a name bound to one. */
  protected isResolvedPath(node: Node): boolean {
    return !!this.bindingCall(node, PATH_RESOLVERS);
  }

  protected guardCall(node: Node, st: State): Map<string, number> {
    const out = new Map<string, number>();
    const name = this.model.callee(node);
    const fn = node.childForFieldName("function");
    const method = this.model.methodName(node);
    const recv = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    const put = (keys: string[], mask: number): void => {
      for (const k of keys) out.set(k, (out.get(k) ?? 0) | mask);
    };
    if (name) {
      const g = GUARDS.get(name);
      if (g) {
        const a = this.model.arg(node, g.arg?.position ?? 0, g.arg?.keyword);
        if (a) put(this.targetVars(a), maskOf(g.cleans));
        return out;
      }
      const rg = REGEX_GUARD_FUNCTIONS[name];
      if (rg) {
        const p = this.model.constant(this.model.arg(node, rg.pattern, "pattern"));
        const v = this.model.arg(node, rg.value, "string");
        if (typeof p === "string" && v && (rg.anchored || anchoredAtEnd(p))) put(this.targetVars(v), this.patternMask(p));
        return out;
      }
      if (name === "builtins.isinstance") {
        // `isinstance(v, int)`: a number, safe everywhere; `isinstance(v, str)`: text, not a structure
        const t = this.model.arg(node, 1);
        const v = this.model.arg(node, 0);
        const types = (t ? (t.type === "tuple" ? t.namedChildren : [t]) : []).filter((x): x is Node => !!x && x.type !== "comment");
        const names = types.map((x) => this.model.resolve(x) ?? "");
        if (v && names.length) {
          if (names.every((x) => /^builtins\.(int|float|bool|complex)$|^uuid\.UUID$|^decimal\.Decimal$/.test(x))) put(this.targetVars(v), ALL_KINDS | SCALAR_BIT);
          else if (names.every((x) => /^builtins\.(int|float|bool|complex|str|bytes)$|^uuid\.UUID$|^decimal\.Decimal$/.test(x))) put(this.targetVars(v), SCALAR_BIT);
        }
        return out;
      }
      if (MAC_COMPARISONS.has(name)) {
        // `compare_digest(mac, hmac.new(KEY, blob, sha256).digest())`: `blob` is what the server signed
        for (const a of this.model.args(node).positional) for (const m of this.macMessages(a)) put(this.targetVars(m), ALL_KINDS | SCALAR_BIT);
        return out;
      }
    }
    if (method && recv) {
      const gm = GUARD_METHODS[method];
      if (gm) {
        // `v.isdigit()`, or on a transformed copy (`v.replace(".", "").isalnum()`): characters removed before
        // the test (dots, slashes) may remain in `v`, so after `replace` paths and URLs are not assumed safe
        let target: Node | null = recv;
        let mask = maskOf(gm.cleans);
        for (let i = 0; i < 4 && target?.type === "call"; i++) {
          const m = this.model.methodName(target);
          if (!m || !/^(replace|strip|lstrip|rstrip|lower|upper|casefold|removeprefix|removesuffix)$/.test(m)) break;
          if (m === "replace") mask &= ~(KIND_BIT.path | KIND_BIT.url | KIND_BIT.redirect);
          target = target.childForFieldName("function")?.childForFieldName("object") ?? null;
        }
        if (target) put(this.targetVars(target), mask);
        return out;
      }
      if (method === "startswith" || method === "is_relative_to") {
        if (this.isResolvedPath(recv)) put(this.pathVars(recv), KIND_BIT.path);
        return out;
      }
      if (method === "fullmatch" || method === "match") {
        // PATTERN.fullmatch(v) with PATTERN = re.compile(CONST)
        const compiled = this.bindingCall(recv, new Set(["re.compile", "regex.compile"]));
        const p = compiled ? this.model.constant(this.model.arg(compiled, 0, "pattern")) : undefined;
        const v = this.model.arg(node, 0, "string");
        if (typeof p === "string" && v && (method === "fullmatch" || anchoredAtEnd(p))) put(this.targetVars(v), this.patternMask(p));
      }
    }
    return out;
  }

  /** The messages a MAC expression authenticates: `hmac.new(k, msg, …).digest()`, `hmac.digest(k, msg, …)`, or a name bound to one. */
  protected macMessages(node: Node): Node[] {
    let n: Node | undefined = node;
    if (n.type === "identifier") {
      const b = this.model.lookup(n.text, n.startIndex);
      n = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
    }
    for (let i = 0; i < 3 && n?.type === "call"; i++) {
      const ref = MAC_FUNCTIONS[this.model.callee(n) ?? ""];
      if (ref) {
        const msg = this.model.arg(n, ref.position, ref.keyword);
        return msg ? [msg] : [];
      }
      // `.digest()` / `.hexdigest()` of a MAC object
      const m = this.model.methodName(n);
      if (m !== "digest" && m !== "hexdigest") return [];
      n = n.childForFieldName("function")?.childForFieldName("object") ?? undefined;
    }
    return [];
  }

  /** Kinds a whole-string match against constant pattern `p` makes safe. */
  protected patternMask(p: string): number {
    if (!restrictivePattern(p)) return 0;
    let mask = ALL_KINDS;
    if (/[/\\]/.test(p.replace(/\\[dws]/g, ""))) mask &= ~(KIND_BIT.path | KIND_BIT.redirect | KIND_BIT.url);
    return mask;
  }

  /** A constant list/tuple/set/dict (or a name bound only to one): `v in ALLOWED` is an allow-list check. */
  protected isConstantCollection(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    const c = this.model.constant(node);
    if (Array.isArray(c) || typeof c === "string") return Array.isArray(c);
    switch (node.type) {
      case "set":
      case "list":
      case "tuple":
        return node.namedChildren.every((x) => !x || x.type === "comment" || this.model.constant(x) !== undefined);
      case "dictionary":
        return node.namedChildren.every((x) => !x || x.type !== "pair" || this.model.constant(x.childForFieldName("key")) !== undefined);
      case "call": {
        const name = this.model.callee(node);
        if (name === "builtins.frozenset" || name === "builtins.set" || name === "builtins.tuple") {
          const a = this.model.arg(node, 0);
          return !!a && this.isConstantCollection(a, depth + 1);
        }
        if (this.model.methodName(node) === "keys") {
          const fn = node.childForFieldName("function");
          const o = fn?.childForFieldName("object");
          return !!o && this.isConstantCollection(o, depth + 1);
        }
        return false;
      }
      case "identifier":
      case "attribute": {
        if (node.type === "attribute") {
          // settings.ALLOWED_HOSTS and other UPPER_CASE configuration constants
          return /^[A-Z][A-Z0-9_]*$/.test(node.childForFieldName("attribute")?.text ?? "");
        }
        const list = this.model.bindingsOf(node.text, node.startIndex);
        if (!list.length) return false;
        return list.every((b) => b.kind === "assign" && !!b.value && this.isConstantCollection(b.value, depth + 1));
      }
      default:
        return false;
    }
  }
}
