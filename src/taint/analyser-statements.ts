/**
 * Statements of the per-module taint analyser: blocks, assignments and their targets, `if`/loops/`try`/`with`/`match`,
 * `return` and `del`, flow-sensitively over the variable state; `self` attributes kept per class.
 */
import type { Node } from "../parse/parser.js";
import { NO_RETURN, OBJECT_TYPES, SESSION_FACTORIES, SESSION_NAMES } from "../model/knowledge/frameworks/index.js";
import {
  EMPTY,
  field,
  flat,
  isEmpty,
  join,
  labelKind,
  mapEntries,
  withField,
  withStep,
  withUnplaced,
  type Value,
} from "./value.js";
import { State, joinStates, sameState, constKey, removeKey } from "./analyse-support.js";
import { CallAnalyser } from "./analyser-calls.js";

/** Recursion limit of nested statements (Python itself stops at 100 indentation levels). */
const MAX_STMT_DEPTH = 100;

/** Iterations of a loop body at most (the fixpoint of loop-carried flows is usually reached after 2). */
const MAX_LOOP_ITERATIONS = 3;

/** The per-module analyser's statements, evaluated flow-sensitively over the variable state. */
export abstract class StatementAnalyser extends CallAnalyser {
  // ------------------------------------------------------------------------------------------ statements

  protected block(node: Node | null, st: State, d: number): void {
    if (!node || d > MAX_STMT_DEPTH) return;
    for (const s of node.namedChildren) {
      if (st.dead) return;
      if (s) this.stmt(s, st, d);
    }
  }

  protected stmt(node: Node, st: State, d: number): void {
    this.tick();
    switch (node.type) {
      case "expression_statement":
        for (const e of node.namedChildren) if (e) this.exprStmt(e, st, d);
        return;
      case "return_statement":
        this.returnStmt(node, st, d);
        return;
      case "if_statement":
        this.ifStmt(node, st, d);
        return;
      case "for_statement":
        this.forStmt(node, st, d);
        return;
      case "while_statement":
        this.whileStmt(node, st, d);
        return;
      case "try_statement":
        this.tryStmt(node, st, d);
        return;
      case "with_statement":
        this.withStmt(node, st, d);
        return;
      case "match_statement":
        this.matchStmt(node, st, d);
        return;
      case "raise_statement":
        for (const e of node.namedChildren) if (e) this.eval(e, st, 0);
        st.dead = true;
        return;
      case "break_statement":
      case "continue_statement": {
        const loop = this.frame.loops[this.frame.loops.length - 1];
        if (loop) (node.type === "break_statement" ? loop.breaks : loop.continues).push(st.clone());
        st.dead = true;
        return;
      }
      case "delete_statement":
        for (const t of node.namedChildren) if (t) this.deleteTarget(t, st);
        return;
      case "assert_statement": {
        const cond = node.namedChildren[0];
        if (cond) {
          this.eval(cond, st, 0);
          this.applyRefinement(this.refine(cond, st, 0).t, st);
        }
        return;
      }
      case "function_definition":
      case "class_definition":
      case "decorated_definition": {
        const def = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
        const name = def?.childForFieldName("name")?.text;
        if (name) st.vars.delete(name);
        return;
      }
      case "block":
        this.block(node, st, d + 1);
        return;
      case "print_statement":
      case "exec_statement":
        for (const e of node.namedChildren) if (e) this.eval(e, st, 0);
        return;
      default:
        return;
    }
  }

  protected exprStmt(e: Node, st: State, d: number): void {
    switch (e.type) {
      case "string":
      case "concatenated_string":
      case "comment":
      case "integer":
      case "ellipsis":
        return;
      case "assignment":
        this.assignment(e, st, d);
        return;
      case "augmented_assignment":
        this.augmented(e, st);
        return;
      case "call": {
        this.eval(e, st, 0);
        const name = this.model.callee(e);
        if (name && NO_RETURN.has(name)) st.dead = true;
        return;
      }
      default:
        this.eval(e, st, 0);
    }
  }

  protected returnStmt(node: Node, st: State, d: number): void {
    const expr = node.namedChildren[0];
    const frame = this.frame;
    if (expr) {
      const v = this.eval(expr, st, 0);
      if (!isEmpty(v)) {
        if (frame.fn.htmlReturn) this.htmlReturn(expr, v, node);
        const name = frame.fn.qn.slice(frame.fn.qn.lastIndexOf(".") + 1);
        frame.fn.returns = join(frame.fn.returns, frame.fn.kind === "function" ? withStep(v, this.stepAt(node, `returned by ${name}`)) : v);
      }
    }
    frame.exits.push(st.clone());
    st.dead = true;
    void d;
  }

  /** A view's returned string is the HTML body: `return f"<p>{q}</p>"`, `return body, 200`. */
  protected htmlReturn(expr: Node, v: Value, node: Node): void {
    let body = v;
    let bodyNode = expr;
    if (expr.type === "tuple" || expr.type === "expression_list") {
      bodyNode = expr.namedChildren[0] ?? expr;
      body = field(v, "0");
    } else if (v.fields) return; // a dict or list: serialised as JSON
    const t = bodyNode.type;
    if (t === "dictionary" || t === "list" || t === "list_comprehension" || t === "dictionary_comprehension" || t === "set") return;
    if (body.fields) return;
    this.recordHit("html", node, "response body returned by the view", body);
  }

  protected ifStmt(node: Node, st: State, d: number): void {
    const clauses: { cond: Node | null; body: Node | null }[] = [{ cond: node.childForFieldName("condition"), body: node.childForFieldName("consequence") }];
    let elseBody: Node | null = null;
    for (const alt of node.childrenForFieldName("alternative")) {
      if (!alt) continue;
      if (alt.type === "elif_clause") clauses.push({ cond: alt.childForFieldName("condition"), body: alt.childForFieldName("consequence") });
      else if (alt.type === "else_clause") elseBody = alt.childForFieldName("body");
    }
    const outs: State[] = [];
    let rest: State | undefined = st.clone();
    for (const c of clauses) {
      if (!rest || !c.cond) break;
      const truth = this.model.truthy(c.cond);
      if (truth === false) continue;
      this.eval(c.cond, rest, 0);
      if (truth === true) {
        this.block(c.body, rest, d + 1);
        outs.push(rest);
        rest = undefined;
        break;
      }
      const r = this.refine(c.cond, rest, 0);
      const th = rest.clone();
      this.applyRefinement(r.t, th);
      this.block(c.body, th, d + 1);
      outs.push(th);
      this.applyRefinement(r.f, rest);
    }
    if (rest) {
      if (elseBody) this.block(elseBody, rest, d + 1);
      outs.push(rest);
    }
    st.assign(joinStates(outs));
  }

  /** Runs a loop body to a small fixpoint; returns the state at the loop head (zero or more iterations) and the breaks. */
  protected loop(st: State, body: (s: State) => void): { head: State; breaks: State[] } {
    const ctx = { breaks: [] as State[], continues: [] as State[] };
    this.frame.loops.push(ctx);
    let head = st.clone();
    try {
      for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
        ctx.continues = [];
        const s = head.clone();
        body(s);
        const next = joinStates([head, s, ...ctx.continues]);
        if (sameState(next, head)) break;
        head = next;
      }
    } finally {
      this.frame.loops.pop();
    }
    return { head, breaks: ctx.breaks };
  }

  protected forStmt(node: Node, st: State, d: number): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const it = right ? this.eval(right, st, 0) : EMPTY;
    const elem = flat(it);
    const { head, breaks } = this.loop(st, (s) => {
      if (left) this.assignTarget(left, elem, s, "iterated into");
      this.block(node.childForFieldName("body"), s, d + 1);
    });
    const alt = node.childForFieldName("alternative");
    if (alt) this.block(alt.childForFieldName("body") ?? alt, head, d + 1);
    st.assign(joinStates([head, ...breaks]));
  }

  protected whileStmt(node: Node, st: State, d: number): void {
    const cond = node.childForFieldName("condition");
    const truth = cond ? this.model.truthy(cond) : undefined;
    if (truth === false) return;
    const { head, breaks } = this.loop(st, (s) => {
      if (cond) {
        this.eval(cond, s, 0);
        this.applyRefinement(this.refine(cond, s, 0).t, s);
      }
      this.block(node.childForFieldName("body"), s, d + 1);
    });
    if (truth === true) head.dead = true;
    else if (cond) this.applyRefinement(this.refine(cond, head, 0).f, head);
    const alt = node.childForFieldName("alternative");
    if (alt && !head.dead) this.block(alt.childForFieldName("body") ?? alt, head, d + 1);
    st.assign(joinStates([head, ...breaks]));
  }

  protected tryStmt(node: Node, st: State, d: number): void {
    const pre = st.clone();
    this.block(node.childForFieldName("body"), st, d + 1);
    const afterBody = st.clone();
    let elseClause: Node | undefined;
    let finallyClause: Node | undefined;
    const handlers: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === "except_clause" || c.type === "except_group_clause") handlers.push(c);
      else if (c.type === "else_clause") elseClause = c;
      else if (c.type === "finally_clause") finallyClause = c;
    }
    if (elseClause) this.block(elseClause.childForFieldName("body") ?? elseClause.namedChildren.find((x) => x?.type === "block") ?? null, st, d + 1);
    const outs: State[] = [st];
    for (const h of handlers) {
      const hs = joinStates([pre, afterBody]);
      hs.dead = false;
      const value = h.childForFieldName("value") ?? h.namedChildren.find((x) => x?.type === "as_pattern");
      if (value?.type === "as_pattern") {
        const t = value.childForFieldName("alias")?.namedChildren[0];
        if (t?.type === "identifier") hs.vars.set(t.text, EMPTY);
      }
      this.block(h.namedChildren.find((x) => x?.type === "block") ?? null, hs, d + 1);
      outs.push(hs);
    }
    const merged = joinStates(outs);
    if (finallyClause) {
      const fin = merged.dead ? joinStates([pre, afterBody]) : merged;
      const wasDead = merged.dead;
      fin.dead = false;
      this.block(finallyClause.namedChildren.find((x) => x?.type === "block") ?? null, fin, d + 1);
      if (wasDead && !fin.dead) fin.dead = true;
      st.assign(fin);
      return;
    }
    st.assign(merged);
  }

  protected withStmt(node: Node, st: State, d: number): void {
    for (const c of node.namedChildren) {
      if (c?.type !== "with_clause") continue;
      for (const item of c.namedChildren) {
        if (item?.type !== "with_item") continue;
        const v = item.childForFieldName("value");
        if (!v) continue;
        if (v.type === "as_pattern") {
          const expr = v.namedChildren[0];
          const value = expr ? this.eval(expr, st, 0) : EMPTY;
          const target = v.childForFieldName("alias")?.namedChildren[0];
          if (target) this.assignTarget(target, value, st, "bound to");
        } else this.eval(v, st, 0);
      }
    }
    this.block(node.childForFieldName("body"), st, d + 1);
  }

  protected matchStmt(node: Node, st: State, d: number): void {
    const subject = node.childForFieldName("subject");
    const sv = subject ? flat(this.eval(subject, st, 0)) : EMPTY;
    const body = node.childForFieldName("body");
    const outs: State[] = [st.clone()];
    for (const c of body?.namedChildren ?? []) {
      if (c?.type !== "case_clause") continue;
      const cs = st.clone();
      // capture names of the pattern take (some of) the subject
      if (!isEmpty(sv)) {
        for (const p of c.namedChildren) {
          if (p?.type !== "case_pattern") continue;
          for (const id of p.descendantsOfType("identifier")) if (id && id.parent?.type === "dotted_name" && id.parent.namedChildren.length === 1) cs.vars.set(id.text, sv);
        }
      }
      this.block(c.childForFieldName("consequence"), cs, d + 1);
      outs.push(cs);
    }
    st.assign(joinStates(outs));
  }

  protected deleteTarget(t: Node, st: State): void {
    if (t.type === "expression_list") {
      for (const c of t.namedChildren) if (c) this.deleteTarget(c, st);
      return;
    }
    if (t.type === "identifier") {
      st.vars.delete(t.text);
      return;
    }
    if (t.type === "subscript") {
      const obj = t.childForFieldName("value");
      const key = this.varKey(obj);
      const cur = key ? st.vars.get(key) : undefined;
      if (!key || !cur) return;
      const k = constKey(this.model.constant(t.childForFieldName("subscript")));
      if (k === undefined) return;
      st.vars.set(key, removeKey(cur, k));
    }
  }

  // ------------------------------------------------------------------------------------------ assignment

  protected assignment(node: Node, st: State, d: number): Value {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!right) return EMPTY;
    const value = right.type === "assignment" ? this.assignment(right, st, d) : this.eval(right, st, 0);
    if (left) this.assignTarget(left, value, st, "assigned to");
    return value;
  }

  protected augmented(node: Node, st: State): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return;
    const rv = this.eval(right, st, 0);
    const key = this.varKey(left);
    if (key) {
      const old = st.vars.get(key) ?? (left.type === "identifier" ? this.name(left, st) : this.eval(left, st, 0));
      const v = join(old, flat(rv));
      st.vars.set(key, isEmpty(rv) ? v : withStep(v, this.stepAt(left, `updated ${left.text}`)));
      return;
    }
    if (left.type === "subscript") this.subscriptSinks(left, rv, node, st);
  }

  protected assignTarget(target: Node, value: Value, st: State, verb: string): void {
    switch (target.type) {
      case "identifier": {
        const name = target.text;
        st.vars.set(name, isEmpty(value) ? value : withStep(value, this.stepAt(target, `${verb} ${name}`)));
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "expression_list":
      case "tuple":
      case "list": {
        const targets = target.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        const starAt = targets.findIndex((t) => t.type === "list_splat_pattern");
        targets.forEach((t, i) => {
          const v = starAt >= 0 && i >= starAt ? flat(value) : field(value, String(i));
          this.assignTarget(t, v, st, verb);
        });
        return;
      }
      case "parenthesized_expression":
      case "list_splat_pattern":
      case "as_pattern_target": {
        const inner = target.namedChildren[0];
        if (inner) this.assignTarget(inner, target.type === "list_splat_pattern" ? flat(value) : value, st, verb);
        return;
      }
      case "attribute": {
        const key = this.varKey(target);
        if (key) {
          st.vars.set(key, isEmpty(value) ? value : withStep(value, this.stepAt(target, `${verb} ${target.text}`)));
          const fn = this.frame.fn;
          if (fn.classQn) this.addClassAttr(fn.classQn, key.slice(5), value);
          return;
        }
        const obj = target.childForFieldName("object");
        if (obj?.type === "identifier" && st.vars.has(obj.text)) {
          st.vars.set(obj.text, withField(st.vars.get(obj.text)!, `.${target.childForFieldName("attribute")?.text}`, value));
        } else if (obj) this.eval(obj, st, 0);
        return;
      }
      case "subscript": {
        this.subscriptSinks(target, value, target.parent ?? target, st);
        const obj = target.childForFieldName("value");
        const key = this.varKey(obj);
        const sub = target.childForFieldName("subscript");
        if (sub) this.eval(sub, st, 0);
        if (!key) {
          if (obj) this.eval(obj, st, 0);
          return;
        }
        const cur = st.vars.get(key) ?? (obj ? this.eval(obj, st, 0) : EMPTY);
        const k = sub ? constKey(this.model.constant(sub)) : undefined;
        st.vars.set(key, k !== undefined ? withField(cur, k, value) : withUnplaced(cur, value));
        return;
      }
      default:
        return;
    }
  }

  /** `session[k] = v`, `response.headers[k] = v`, `response[k] = v` (Django). */
  protected subscriptSinks(target: Node, value: Value, stmt: Node, st: State): void {
    const obj = target.childForFieldName("value");
    if (!obj) return;
    if (this.isSession(obj, st)) {
      this.recordHit("session", stmt, `${obj.text}[…]`, value);
      return;
    }
    if (obj.type === "attribute" && obj.childForFieldName("attribute")?.text === "headers") {
      const owner = obj.childForFieldName("object");
      const ov = owner ? this.eval(owner, st, 0) : EMPTY;
      if (![...(flat(ov).labels?.keys() ?? [])].some((l) => labelKind(l) === "O")) {
        const key = target.childForFieldName("subscript");
        const kv = key ? this.eval(key, st, 0) : EMPTY;
        this.recordHit("header", stmt, `${obj.text}[…]`, join(value, kv));
        if (this.isLocationKey(key)) this.recordHit("redirect", stmt, `${obj.text}["Location"]`, value);
      }
      return;
    }
    const type = this.model.typeOf(obj);
    if (type && /^django\.http\.(response\.)?(HttpResponse|StreamingHttpResponse|FileResponse|JsonResponse)\w*$/.test(type)) {
      this.recordHit("header", stmt, `${obj.text}[…]`, value);
      if (this.isLocationKey(target.childForFieldName("subscript"))) this.recordHit("redirect", stmt, `${obj.text}["Location"]`, value);
    }
  }

  /** A constant header name `Location`: the header says where the client goes next. */
  protected isLocationKey(key: Node | null): boolean {
    const k = key ? this.model.constant(key) : undefined;
    return typeof k === "string" && k.toLowerCase() === "location";
  }

  /**
   * True when `node` is a session store: `flask.session`, `request.session` of a source request, or a name bound
   * to a session factory's result (`session = await get_session(request)`).
   */
  protected isSession(node: Node, st: State): boolean {
    const q = this.model.resolve(node);
    if (q && SESSION_NAMES.has(q)) return true;
    if (node.type === "identifier" && SESSION_FACTORIES.size) {
      const b = this.model.lookup(node.text, node.startIndex);
      let v = b && (b.kind === "assign" || b.kind === "walrus" || b.kind === "with") ? b.value : undefined;
      while (v && (v.type === "await" || v.type === "parenthesized_expression")) v = v.namedChildren[0] ?? undefined;
      if (v?.type === "call" && SESSION_FACTORIES.has(this.model.callee(v) ?? "")) return true;
    }
    if (node.type === "attribute") {
      const attr = node.childForFieldName("attribute")?.text ?? "";
      const owner = node.childForFieldName("object");
      if (!owner) return false;
      const ov = this.eval(owner, st, 0);
      for (const l of ov.labels?.keys() ?? []) {
        if (labelKind(l) !== "O") continue;
        const site = this.objects[Number(l.slice(1))];
        if (site && OBJECT_TYPES.get(site.type)?.session?.includes(attr)) return true;
      }
    }
    return false;
  }

  protected addClassAttr(classQn: string, attr: string, value: Value): void {
    // only concrete taint is shared between methods (parameters mean nothing outside their function)
    const concrete = mapEntries(flat(value), (label, e) => (labelKind(label) === "P" ? undefined : e));
    if (isEmpty(concrete)) return;
    let attrs = this.classAttrs.get(classQn);
    if (!attrs) this.classAttrs.set(classQn, (attrs = new Map()));
    attrs.set(attr, join(attrs.get(attr) ?? EMPTY, concrete));
  }

  // ---------------------------------------------------------------- implemented by the layers above

  protected abstract name(node: Node, st: State): Value;
}
