/**
 * The handler-parameter layer of the per-module taint analyser: what a parameter of a route handler or view
 * holds on entry — a request object, a path or query value, a pydantic model's scalar fields, a FastAPI
 * dependency's result — by framework (Flask, Django function and class views, FastAPI), else the label `P<i>`.
 */
import type { Node } from "../parse/parser.js";
import {
  DJANGO_VIEW_HINTS,
  DJANGO_VIEW_METHODS,
  FASTAPI_DEPENDENCY_DEFAULTS,
  FASTAPI_SAFE_ANNOTATIONS,
  FASTAPI_STRUCTURED_ANNOTATIONS,
  HANDLER_CLASSES,
  OBJECT_ANNOTATIONS,
  OBJECT_TYPES,
  type SinkKind,
} from "../model/knowledge/frameworks/index.js";
import { EMPTY, KIND_BIT, clean, single, type Value } from "./value.js";
import { AnalyserBase } from "./analyser-base.js";
import { type Fn, shortName } from "./analyse-support.js";

/** {@link AnalyserBase} with the values of handler parameters. */
export abstract class ParamAnalyser extends AnalyserBase {
  /** Per handler class: the source-object type of `self` (see {@link handlerType}). */
  protected readonly handlerCache = new Map<string, string | undefined>();

  /** The initial value of parameter `i` of `fn`: a source for handlers and views, else the label `P<i>`. */
  protected paramValue(fn: Fn, i: number): Value {
    const name = fn.params[i];
    const p = fn.paramNodes[i];
    const annotation = p.childForFieldName("type");
    const annotated = annotation ? this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text : undefined;
    // a request object by annotation
    const objType = annotated ? OBJECT_ANNOTATIONS.get(annotated) : undefined;
    if (objType) return this.objectValue(objType, name, p);
    // `self` of a handler class, and the URL parameters of its handler methods
    if (fn.method && fn.classQn) {
      const handler = this.handlerType(fn.classQn, 0);
      if (handler && i === 0) return this.objectValue(handler, name, p);
      const spec = handler ? OBJECT_TYPES.get(handler) : undefined;
      if (spec?.routeMethods?.includes(fn.qn.slice(fn.classQn.length + 1)) && name !== "request" && fn.varargs !== i && fn.kwargs !== i) {
        const urlParam = handler === "django.view" ? { view: fn.classQn, name } : undefined;
        return this.sourceValue(`param:${fn.qn}:${name}`, { threat: spec.threat, label: `URL parameter ${name}` }, p, undefined, undefined, undefined, urlParam);
      }
    }
    const idx = fn.method || (fn.classQn && fn.selfName) ? i - 1 : i;
    if (fn.route && idx >= 0) {
      switch (fn.route.framework) {
        case "flask": {
          const conv = fn.ruleParams?.get(name);
          if (conv === undefined) break;
          if (conv === "int" || conv === "float" || conv === "uuid") return EMPTY;
          return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `route parameter ${name}` }, p);
        }
        case "fastapi":
          return this.fastapiParam(fn, i, 0);
        case "aiohttp":
          if (idx === 0) return this.objectValue("aiohttp.request", name, p);
          break;
        default:
          break;
      }
    }
    // Django views: the first parameter named `request`, then URL parameters
    if (DJANGO_VIEW_HINTS.some((m) => this.imports.has(m))) {
      const reqAt = fn.params.indexOf("request");
      if (reqAt >= 0 && reqAt === (fn.method || fn.selfName ? 1 : 0)) {
        if (i === reqAt) return this.objectValue("django.request", name, p);
        if (i > reqAt && fn.varargs !== i && fn.kwargs !== i && this.isDjangoView(fn)) {
          const view = fn.method && fn.classQn ? fn.classQn : fn.qn;
          return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `URL parameter ${name}` }, p, undefined, undefined, undefined, { view, name });
        }
      }
    }
    return single(`P${i}`, { cleaned: 0, flags: 0, trail: undefined });
  }

  /**
   * A parameter of a FastAPI route or dependency: request data unless its annotation is validated into a value
   * with no attacker-chosen text; a dependency (`Depends(get_client)`, also inside `Annotated[…]`) is what the
   * dependency function returns, its own parameters being request parameters in turn (nested up to 4 levels).
   */
  protected fastapiParam(fn: Fn, i: number, depth: number): Value {
    const name = fn.params[i];
    const p = fn.paramNodes[i];
    const annotation = p.childForFieldName("type");
    if (fn.varargs === i || fn.kwargs === i) return EMPTY;
    if (annotation && OBJECT_ANNOTATIONS.has(this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text)) {
      return this.objectValue(OBJECT_ANNOTATIONS.get(this.model.resolve(annotation.namedChildren[0] ?? annotation) ?? annotation.text)!, name, p);
    }
    const dep = this.dependencyCall(p);
    if (dep) return depth < 4 ? this.dependencyValue(dep, p, depth) : EMPTY;
    const last = annotation ? this.annotationTypes(annotation) : [];
    if (annotation && /\bLiteral\s*\[/.test(annotation.text)) return EMPTY; // validated against fixed values
    if (last.length && last.every((x) => FASTAPI_SAFE_ANNOTATIONS.has(x) || this.isEnumClass(x, annotation!))) return EMPTY;
    const structured = last.some((x) => FASTAPI_STRUCTURED_ANNOTATIONS.has(x));
    const cleanAttributes = last.length === 1 ? this.modelScalarFields(last[0], annotation!, 0) : undefined;
    const data = cleanAttributes && Object.keys(cleanAttributes).length ? { cleanAttributes } : undefined;
    return this.sourceValue(`param:${fn.qn}:${name}`, { threat: "remote", label: `request parameter ${name}`, structured }, p, undefined, undefined, data);
  }

  /**
   * A pydantic body model of this module (`class Item(BaseModel): count: int`): its fields declared with a
   * validated scalar type (`int`, `float`, `bool`, `UUID`…, an enum or a `Literal`) are clean for every kind,
   * like typed scalar parameters; inherited same-module fields count too. Undefined for anything else.
   */
  protected modelScalarFields(name: string, at: Node, depth: number): Record<string, SinkKind[]> | undefined {
    if (depth > 8) return undefined;
    const b = this.model.lookup(name, at.startIndex);
    if (!b || b.kind !== "class") return undefined;
    let out: Record<string, SinkKind[]> | undefined;
    for (const sup of b.node.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!sup || sup.type === "keyword_argument") continue;
      const q = this.model.resolve(sup) ?? sup.text;
      if (/^pydantic(\.main)?\.BaseModel$|^sqlmodel\.SQLModel$/.test(q)) out ??= {};
      else if (sup.type === "identifier") {
        const inherited = this.modelScalarFields(sup.text, b.node, depth + 1);
        if (inherited) out = { ...inherited, ...out };
      }
    }
    if (!out) return undefined;
    const all = Object.keys(KIND_BIT) as SinkKind[];
    for (const stmt of b.node.childForFieldName("body")?.namedChildren ?? []) {
      const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      const left = a?.type === "assignment" ? a.childForFieldName("left") : undefined;
      const type = a?.childForFieldName("type");
      if (left?.type !== "identifier" || !type) continue;
      const types = this.annotationTypes(type);
      const safe = /\bLiteral\s*\[/.test(type.text) || (types.length > 0 && types.every((x) => FASTAPI_SAFE_ANNOTATIONS.has(x) || this.isEnumClass(x, type)));
      if (safe) out[left.text] = all;
      else delete out[left.text];
    }
    return out;
  }

  /** The `Depends(…)`/`Security(…)` call of a parameter: its default, or a metadata element of an `Annotated[…]` annotation. */
  protected dependencyCall(p: Node): Node | undefined {
    const isDep = (n: Node | null | undefined): n is Node => n?.type === "call" && FASTAPI_DEPENDENCY_DEFAULTS.has(this.model.callee(n) ?? "");
    const dflt = p.childForFieldName("value");
    if (isDep(dflt)) return dflt;
    const annotation = p.childForFieldName("type");
    if (annotation && /\bAnnotated\s*\[/.test(annotation.text)) {
      for (const c of annotation.descendantsOfType("call")) if (isDep(c)) return c;
    }
    return undefined;
  }

  /** What a dependency gives a route: the return value of a same-module dependency function, its parameters bound to request data. */
  protected dependencyValue(dep: Node, p: Node, depth: number): Value {
    const target = this.model.arg(dep, 0, "dependency");
    const qn = target ? this.model.resolve(target) : undefined;
    const callee = qn && this.defs.get(qn)?.type === "function_definition" ? this.fnFor(qn) : undefined;
    if (!callee || callee.classQn) return EMPTY; // a class, another module's function, or `Depends()` on the annotation
    if (callee.state === 0) this.analyse(callee);
    if (callee.state !== 2) return EMPTY;
    const params = callee.params.map((_, j) => this.fastapiParam(callee, j, depth + 1));
    const step = this.stepAt(dep, `dependency ${shortName(callee.qn)}`);
    this.propagateHits(callee, params, step, p);
    for (const k of callee.callSites) this.instantiateCall(k, params, step, p);
    return this.substitute(callee.returns, params, step, p);
  }

  /** The type names of an annotation (`Annotated[int, Query(gt=0)] | None` → `["int"]`), wrappers and call arguments left out. */
  protected annotationTypes(annotation: Node): string[] {
    let t = annotation.text;
    for (let i = 0; i < 5 && /\([^()]*\)/.test(t); i++) t = t.replace(/\([^()]*\)/g, "");
    const wrappers = new Set(["None", "Optional", "Union", "Annotated", "typing", "typing_extensions", "Query", "Path", "Header", "Cookie", "Form", "Body", "File", "fastapi", "params", "list", "List", "Sequence", "set", "Set", "tuple", "Tuple", "frozenset"]);
    return (t.match(/[A-Za-z_]\w*/g) ?? []).filter((x) => !wrappers.has(x));
  }

  /** True when `name`, in the annotation's scope, is an enum class (its values are validated against the members). */
  protected isEnumClass(name: string, at: Node): boolean {
    const b = this.model.lookup(name, at.startIndex);
    if (!b || b.kind !== "class") return false;
    const supers = b.node.childForFieldName("superclasses");
    return (supers?.namedChildren ?? []).some((x) => !!x && /(^|\.)(Enum|IntEnum|StrEnum|IntFlag|Flag)$/.test(this.model.resolve(x) ?? x.text));
  }

  /** A function with a `request` parameter that Django routes to: in a views module, decorated, or a class-based view method. */
  protected isDjangoView(fn: Fn): boolean {
    if (/(^|\.)views?(\.|$)|_views?$/.test(this.module)) return true;
    if (fn.classQn) return DJANGO_VIEW_METHODS.has(fn.qn.slice(fn.classQn.length + 1));
    return this.decorators(fn.node).some((d) => {
      const e = d.namedChildren[0];
      const q = e ? this.model.resolve(e.type === "call" ? e.childForFieldName("function") : e) : undefined;
      return !!q && (q.startsWith("django.") || q.startsWith("rest_framework."));
    });
  }

  /** The source-object type of `self` in methods of `classQn` (through same-module bases), if a handler class. */
  protected handlerType(classQn: string, depth: number): string | undefined {
    if (depth > 8) return undefined;
    if (depth === 0 && this.handlerCache.has(classQn)) return this.handlerCache.get(classQn);
    const t = this.computeHandlerType(classQn, depth);
    if (depth === 0) this.handlerCache.set(classQn, t);
    return t;
  }

  protected computeHandlerType(classQn: string, depth: number): string | undefined {
    const node = this.defs.get(classQn);
    const supers = node?.childForFieldName("superclasses");
    for (const b of supers?.namedChildren ?? []) {
      if (!b || b.type === "keyword_argument") continue;
      const q = this.model.resolve(b);
      if (!q) continue;
      const t = HANDLER_CLASSES.get(q);
      if (t) return t;
      if (this.defs.has(q)) {
        const inner = this.handlerType(q, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  }
}
