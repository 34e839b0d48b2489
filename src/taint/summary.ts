/**
 * Module summaries: what the per-file phase hands to the project-wide phase. Plain, JSON-safe data — no tree
 * nodes — so summaries cross worker threads and caches.
 */
import type { SinkKind, ThreatModel } from "../model/knowledge/frameworks/types.js";
import type { Finding } from "../engine/finding.js";
import type { SerialStep, SerialValue } from "./value.js";

/** A Django URL parameter: the view (function, or class of a class-based view) and the parameter's name. */
export interface UrlParam {
  view: string;
  name: string;
}

/**
 * Django path converters (`<int:pk>`) of the URL parameters of views routed in a module's urlpatterns: view
 * qualified name → parameter → converter of each route to it (`int`, `uuid`, `slug`, `str`, `path`…).
 */
export type RouteConverters = Record<string, Record<string, string[]>>;

/** A concrete source (`S<n>`): what it is and where. */
export interface SourceSite {
  /** "request.args", "route parameter name", "sys.argv". */
  label: string;
  threat: ThreatModel;
  /** The place (the source step). */
  at: SerialStep;
  /** A Django URL parameter: whether it is data depends on the routes' converters (project phase). */
  urlParam?: UrlParam;
}

/** A source object (`O<n>`): a request (or handler) whose attributes are untrusted. */
export interface ObjectSite {
  /** Type name in `OBJECT_TYPES` (`flask.request`, `django.request`). */
  type: string;
  /** How the code names it ("request", "self"). */
  label: string;
  at: SerialStep;
}

/** A call to a function of another module (`R<n>`): resolved in the project phase. */
export interface CallSite {
  /** Qualified name of the callee (`app.helpers.pick`, `app.models.Wrapper.user`). */
  callee: string;
  /** Qualified name of the enclosing function (its `P<i>` labels may occur in the arguments). */
  fn: string;
  args: SerialValue[];
  kwargs?: Record<string, SerialValue>;
  /** Taint of `*args`/`**kwargs` spread into the call. */
  spread?: SerialValue;
  /** The receiver, for a method called on an instance. */
  receiver?: SerialValue;
  /** The call (its step reads "call to helpers.pick"). */
  at: SerialStep;
}

/** Where and how a finding at a sink is identified and suppressed (see `ProjectFact.anchor`). */
export interface SinkAnchor {
  statement: string;
  context: string;
  first: number;
  last: number;
  snippet: string[];
  suppressed: "all" | string[];
}

/** A sink site: one dangerous operation in the module. */
export interface SinkSite {
  kind: SinkKind;
  /** The sink step ("sink: cursor.execute") with the flagged range. */
  at: SerialStep;
  anchor: SinkAnchor;
  /** Only structured data counts here (a NoSQL filter built as a dict literal). */
  structuredOnly?: boolean;
}

/** A sink reached by labels that only the project phase can resolve (parameters, calls to other modules). */
export interface SinkHit {
  /** Index into `ModuleSummary.sinks`. */
  sink: number;
  /** The labels (their entries carry masks and the steps from the function's start to the sink). */
  value: SerialValue;
}

/** One function's summary. */
export interface FunctionSummary {
  /** Parameter names in order (`self` included for methods). */
  params: string[];
  /** Index of the `*args` and `**kwargs` parameters, when present. */
  varargs?: number;
  kwargs?: number;
  /** A method called on instances: the receiver binds `P0`. */
  method?: boolean;
  /** A class: calling it builds an instance from its `__init__`'s `selfAttrs`. */
  isClass?: boolean;
  /** What reaches the return value. */
  returns: SerialValue;
  /** Sinks reached from parameters or other modules' results. */
  hits: SinkHit[];
  /** Attributes of `self` set by the function (for `__init__`: the instance's fields). */
  selfAttrs?: Record<string, SerialValue>;
  /** Functions of the same module it calls (their summaries were applied here), by qualified name. */
  calls?: string[];
}

/** Everything the project phase needs of one module. */
export interface ModuleSummary {
  /** Dotted module name. */
  module: string;
  /** File path as reported. */
  path: string;
  sources: SourceSite[];
  objects: ObjectSite[];
  calls: CallSite[];
  sinks: SinkSite[];
  /** Function summaries by qualified name (the module body is `<module>.<module>`). */
  functions: Record<string, FunctionSummary>;
  /**
   * Names bound by imports at module level (local name → qualified name): a package's `__init__` re-exporting
   * `from pkg.shell import sh` makes `pkg.sh` resolve to `pkg.shell.sh` in the project phase.
   */
  reexports?: Record<string, string>;
  /** Converters of the URL parameters of the views this module routes (a Django `urls.py`). */
  routes?: RouteConverters;
  /**
   * Findings of the per-file phase whose source is a Django URL parameter: reported by the project phase unless
   * every route to the view converts the parameter to a value clean for the finding's kind.
   */
  deferred?: { finding: Finding; kind: SinkKind; urlParam: UrlParam }[];
}
