/**
 * Sinks of the per-module taint analyser: matching a call against the sink tables (functions, methods, argument
 * conditions, content types, handler classes) and recording sink sites, hits and local flows.
 */
import type { Node } from "../parse/parser.js";
import {
  METHOD_SINKS,
  OBJECT_NAMES,
  SINKS,
  type ArgCondition,
  type ArgRef,
  type MethodSinkSpec,
  type SinkKind,
  type SinkSpec,
} from "../model/knowledge/frameworks/index.js";
import { looksLikeSql } from "../rules/util/sql.js";
import { HTTP_BODY_HANDLER_BASES } from "../model/knowledge/frameworks/stdlib.js";
import type { SinkSite } from "./summary.js";
import {
  ALL_KINDS,
  KIND_BIT,
  SCALAR_BIT,
  field,
  flat,
  isEmpty,
  labelKind,
  mayBeStructured,
  serialStep,
  type Entry,
  type Value,
} from "./value.js";
import { State, type Fn, type CallInfo, PASS_THROUGH, shortText } from "./analyse-support.js";
import { GuardAnalyser } from "./analyser-guards.js";

/** The per-module analyser's sinks: matching calls against sink tables and recording hits. */
export abstract class SinkAnalyser extends GuardAnalyser {
  // ------------------------------------------------------------------------------------------ sinks

  /** Records the sinks a call reaches; returns the mask of kinds the call is a sink for (its result is not re-reported for them). */
  protected sinkCall(c: CallInfo, st: State): number {
    let specs: readonly SinkSpec[] | undefined = c.name ? SINKS.get(c.name) : undefined;
    if (!specs && c.method && c.recvNode) {
      const candidates = METHOD_SINKS.get(c.method);
      if (candidates && !this.isStaticReceiver(c.recvNode) && !this.projectReceiver(c)) specs = candidates.filter((s) => this.methodSinkApplies(s, c));
    }
    if (!specs || !specs.length) return 0;
    let mask = 0;
    for (const spec of specs) {
      const bit = KIND_BIT[spec.kind];
      if (spec.when && !spec.when.every((w) => this.conditionHolds(c, w))) continue;
      if (spec.unlessContentType && (this.rawSocketHandler() || !this.htmlContentType(c.node))) continue;
      // the result of a sink is not reported again for its kind, nor as an HTML body (a response object, a
      // cursor…); what an operation returns (rows, a process's status, a response) is not the input any more
      mask |= PASS_THROUGH & bit ? bit | KIND_BIT.html : ALL_KINDS;
      if (!(this.kinds & bit)) continue;
      const label = spec.label ?? shortText(c.node.childForFieldName("function")?.text ?? "call");
      for (const ref of spec.args) {
        let v = this.argValue(c, ref);
        if (spec.kind === "log" && ref.rest) v = this.logValue(c, ref, v);
        if (isEmpty(v)) continue;
        if (spec.program && v.fields && !this.isShellList(this.argNode(c, ref))) v = field(v, "0");
        if (spec.kind === "nosql") this.nosqlHit(c.node, label, v);
        else this.recordHit(spec.kind, c.node, label, v);
      }
    }
    void st;
    return mask;
  }

  /**
   * A receiver whose type is a class of the project that defines the method (`LocalRunner().execute(…)`,
   * `store = Store(); store.fetch(…)`, `self.execute(…)` in a class defining `execute`; for a class of another
   * project module, any CapWords class): the call is analysed as a project call, so method-name sinks (which
   * are for receivers of unknown type) do not apply.
   */
  protected projectReceiver(c: CallInfo): boolean {
    const recv = c.recvNode;
    const method = c.method;
    if (!recv || !method) return false;
    if (c.name && this.defs.get(c.name)?.type === "function_definition") return true;
    const typ = this.model.typeOf(recv);
    if (typ) {
      if (this.defs.get(typ)?.type === "class_definition") return !!this.findMethod(typ, method, 0);
      if (this.isProjectCall(typ) && /^_?[A-Z]/.test(typ.split(".").pop() ?? "")) return true;
    }
    const frame = this.frame.fn;
    if (recv.type === "identifier" && frame.selfName && recv.text === frame.selfName && frame.classQn) return !!this.findMethod(frame.classQn, method, 0);
    return false;
  }

  /** A receiver that names a module or a class (`os.path`, `json`), not an object: method-name sinks do not apply. */
  protected isStaticReceiver(node: Node): boolean {
    let n: Node | null = node;
    let attrs = 0;
    for (; attrs < 12 && n?.type === "attribute"; attrs++) n = n.childForFieldName("object");
    if (n?.type !== "identifier") return false;
    const b = this.model.lookup(n.text, n.startIndex);
    if (!b || !(b.kind === "import" || b.kind === "class" || b.kind === "def") || OBJECT_NAMES.has(b.qualifiedName ?? "")) return false;
    // an attribute of a class is an object (a Django model's `objects` manager: `Customer.objects.raw(…)`)
    const isClass = b.kind === "class" || (b.kind === "import" && /^_?[A-Z](?=.*[a-z])\w*$/.test(b.name));
    return !(attrs > 0 && isClass);
  }

  /**
   * True inside a method of a request handler class whose known bases are not HTTP handlers
   * (`socketserver.StreamRequestHandler`): its `self.wfile` is a raw socket, not an HTTP response body. A
   * function outside such a class, or a class with bases of unknown origin, is not one.
   */
  protected rawSocketHandler(): boolean {
    const qn = this.frame.fn.classQn;
    return !!qn && this.handlerType(qn, 0) !== undefined && !this.httpHandler(qn, 0);
  }

  /** True when same-module class `classQn` derives (through same-module classes) from an HTTP handler base. */
  protected httpHandler(classQn: string, depth: number): boolean {
    if (depth > 8) return false;
    for (const b of this.defs.get(classQn)?.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!b || b.type === "keyword_argument") continue;
      const q = this.model.resolve(b);
      if (!q) continue;
      if (HTTP_BODY_HANDLER_BASES.has(q)) return true;
      if (this.defs.has(q) && this.httpHandler(q, depth + 1)) return true;
    }
    return false;
  }

  /**
   * For a body written by hand (`self.wfile.write(…)`): false when the enclosing function sets only constant,
   * non-HTML `Content-Type` headers (`send_header("Content-Type", "application/json")`), else true.
   */
  protected htmlContentType(node: Node): boolean {
    const frameFn = this.frame.fn;
    const fn = frameFn.node;
    const cached = this.contentTypes.get(fn.id);
    if (cached !== undefined) return cached;
    let html: boolean | undefined;
    for (const call of frameFn.kind === "module" ? [] : fn.descendantsOfType("call")) {
      if (!call || this.model.methodName(call) !== "send_header") continue;
      const name = this.model.constant(this.model.arg(call, 0, "keyword"));
      if (typeof name !== "string" || name.toLowerCase() !== "content-type") continue;
      const value = this.model.constant(this.model.arg(call, 1, "value"));
      html = (html ?? false) || typeof value !== "string" || value.toLowerCase().includes("html");
    }
    void node;
    const out = html ?? true;
    this.contentTypes.set(fn.id, out);
    return out;
  }

  /** `["sh", "-c", cmd]`: a shell is the program, so the whole list is a command line. */
  protected isShellList(n: Node | undefined): boolean {
    if (!n || (n.type !== "list" && n.type !== "tuple")) return false;
    const first = this.model.constant(n.namedChildren[0]);
    return typeof first === "string" && /(^|[\\/])(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i.test(first);
  }

  protected methodSinkApplies(s: MethodSinkSpec, c: CallInfo): boolean {
    if (s.requiresImport && !s.requiresImport.some((m) => this.imports.has(m))) return false;
    if (s.receiverText && !s.receiverText.test(c.recvNode?.text ?? "")) return false;
    if (s.looksLikeSql) {
      const a = c.argNodes[0];
      const shape = a ? this.model.stringShape(a) : undefined;
      if (!shape || !looksLikeSql(shape.text)) return false;
    }
    return true;
  }

  protected conditionHolds(c: CallInfo, w: ArgCondition): boolean {
    const n = this.argNode(c, w.arg);
    if (w.configuredBy) {
      if (!n) return true;
      const made = this.bindingCall(n, new Set(w.configuredBy.constructors));
      if (!made) return false; // an object of unknown origin: taken as configured safely
      const opt = this.model.arg(made, w.configuredBy.option.position, w.configuredBy.option.keyword);
      const k = opt ? this.model.constant(opt) : undefined;
      return !(opt && k !== undefined && w.configuredBy.safeConstants.includes(k as string | number | boolean | null));
    }
    if (w.onlyWhenGiven && !n) return false;
    if (w.truthy !== undefined) {
      const t = n ? this.model.truthy(n) : false;
      if (w.truthy) return n !== undefined && t !== false;
      return !n || t === false;
    }
    if (!n) return !w.requiredContains;
    const k = this.model.constant(n);
    if (w.requiredContains) return typeof k === "string" && k.toLowerCase().includes(w.requiredContains);
    if (w.safeUnlessContains && typeof k === "string" && !k.toLowerCase().includes(w.safeUnlessContains)) return false;
    if (w.safeConstants && k !== undefined && w.safeConstants.includes(k as string | number | boolean | null)) return false;
    if (w.safeNames) {
      const q = this.model.resolve(n) ?? n.text;
      const last = q.split(".").pop() ?? q;
      if (w.safeNames.includes(last)) return false;
    }
    return true;
  }

  /** A NoSQL filter: a dict literal is dangerous only in `$where` or where structured data lands; anything else whole. */
  protected nosqlHit(node: Node, label: string, v: Value): void {
    if (v.fields && !v.labels) {
      for (const [k, f] of v.fields) this.recordHit("nosql", node, label, f, k !== '"$where"');
      return;
    }
    this.recordHit("nosql", node, label, v);
  }

  protected sinkSite(node: Node, kind: SinkKind, label: string, structuredOnly: boolean): number {
    const key = `${node.id}|${kind}|${structuredOnly ? 1 : 0}`;
    let idx = this.sinkKeys.get(key);
    if (idx === undefined) {
      idx = this.sinks.length;
      const site: SinkSite = { kind, at: serialStep(this.stepAt(node, `sink: ${label}`), this.file.path), anchor: this.opts.anchor(node) };
      if (structuredOnly) site.structuredOnly = true;
      this.sinks.push(site);
      this.sinkNodes.push(node);
      this.sinkKeys.set(key, idx);
    }
    return idx;
  }

  /** Records that `value` reaches a sink of `kind` at `node`. */
  protected recordHit(kind: SinkKind, node: Node, label: string, value: Value, structuredOnly = false): void {
    const bit = KIND_BIT[kind];
    if (!(this.kinds & bit)) return;
    const f = flat(value);
    if (!f.labels) return;
    let idx: number | undefined;
    for (const [l, e] of f.labels) {
      if (e.cleaned & bit) continue;
      const k = labelKind(l);
      if (k === "O") continue;
      if (structuredOnly && (e.cleaned & SCALAR_BIT || (k === "S" && !mayBeStructured(e)))) continue;
      idx ??= this.sinkSite(node, kind, label, structuredOnly);
      this.recordLabel(idx, l, e);
    }
  }

  /** Records a (propagated) value at an existing sink site. */
  protected recordAt(sink: number, kind: SinkKind, value: Value, structuredOnly?: boolean): void {
    const bit = KIND_BIT[kind];
    const f = flat(value);
    for (const [l, e] of f.labels ?? []) {
      if (e.cleaned & bit) continue;
      const k = labelKind(l);
      if (k === "O") continue;
      if (structuredOnly && (e.cleaned & SCALAR_BIT || (k === "S" && !mayBeStructured(e)))) continue;
      this.recordLabel(sink, l, e);
    }
  }

  protected recordLabel(sink: number, label: string, e: Entry): void {
    const key = `${sink}|${label}`;
    if (labelKind(label) === "S") {
      if (!this.flows.has(key)) this.flows.set(key, { sink, source: Number(label.slice(1)), entry: e });
      return;
    }
    const hits = this.frame.fn.hits;
    if (!hits.has(key)) hits.set(key, { sink, label, entry: e });
  }

  // ---------------------------------------------------------------- implemented by the layers above

  protected abstract argValue(c: CallInfo, ref: ArgRef): Value;
  protected abstract argNode(c: CallInfo, ref: ArgRef): Node | undefined;
  protected abstract isProjectCall(name: string): boolean;
  protected abstract findMethod(classQn: string, name: string, depth: number): Fn | undefined;
  protected abstract logValue(c: CallInfo, ref: ArgRef, v: Value): Value;
}
