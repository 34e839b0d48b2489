/**
 * The project phase of the access-control view model (PW640, PW641): {@link ProjectViews} resolves, after every
 * file is read, the guard each recorded view really has (inherited through project bases, routers and blueprints
 * included into a guarded app, `urls.py` wrappers, DRF's default permissions, global middleware), and
 * {@link isPublicView} says which views must stay reachable anonymously.
 */
import type { ProjectFact } from "../types.js";
import { MANAGEMENT_VERB_PREFIX, PRIVILEGED_GUARD, PUBLIC_ROUTE_SEGMENT, STATE_CHANGING_METHODS } from "../../model/knowledge/access-control.js";
import { isPublicViewName, snakeName, type ViewFramework } from "./access-views.js";
import type { HelperData, ViewData, ViewFact } from "./access-facts.js";

/** True when a route's last literal segment (or last two) names a page anonymous visitors need (`accounts/login/`). */
export function isPublicRoute(route: string): boolean {
  const segments = route
    .split("/")
    .map((s) => s.replace(/[\^$?]/g, "").toLowerCase().replace(/_/g, "-"))
    .filter((s) => s && !/[<>{}()[\]\\:*+]/.test(s));
  if (!segments.length) return false;
  const last = segments[segments.length - 1];
  const lastTwo = segments.slice(-2).join("-");
  return PUBLIC_ROUTE_SEGMENT.test(last) || PUBLIC_ROUTE_SEGMENT.test(lastTwo);
}

/** True when a view must stay reachable anonymously by its name or one of its routes (and its name does not manage something). */
export function isPublicView(name: string, routes: readonly string[]): boolean {
  const snake = snakeName(name);
  if (MANAGEMENT_VERB_PREFIX.test(snake)) return false;
  return isPublicViewName(name) || routes.some(isPublicRoute);
}

/** A view after the project is resolved: its inherited framework, guard, writes and permission state. */
export interface ResolvedView {
  data: ViewData;
  fact: ProjectFact<ViewData>;
  framework: ViewFramework;
  /** How it is guarded (own, inherited, urls wrapper, router, project default, global middleware), or null. */
  guard: string | null;
  /** Only privileged callers pass the guard (staff, admin, model permission). */
  privileged: boolean;
  /** What it changes (writes, state-changing methods), empty for a read view. */
  changes: string[];
  open: boolean;
  /** Routes of it in `urls.py` with no guard wrapped around them, when another route of it does wrap one. */
  unguardedRoutes: ProjectFact[];
  /** The guard of its other, wrapped routes (for the message). */
  wrappedBy?: string;
}

/** The project's views with their guards resolved across files: project bases, routers, `urls.py`, settings. */
export class ProjectViews {
  /** Frameworks whose authentication the project uses. */
  readonly auth = new Set<ViewFramework>();
  readonly views: ResolvedView[] = [];
  readonly byQname = new Map<string, ResolvedView>();
  private readonly classes = new Map<string, ViewData>();
  private readonly routeFacts = new Map<string, ProjectFact[]>();
  private readonly routerGuards = new Map<string, { how: string; privileged: boolean }>();
  private readonly parents = new Map<string, string[]>();
  private readonly globalGuards = new Map<ViewFramework, string>();
  private drfDefault: boolean | undefined;

  constructor(facts: readonly ProjectFact<unknown>[]) {
    const live = (facts as ProjectFact<ViewFact>[]).filter((f) => !f.isTest && typeof f.data === "object" && f.data !== null);
    const helpers = new Map<string, HelperData>();
    const hookRefs: { router: string; target: string }[] = [];
    for (const f of live) {
      const d = f.data;
      if (d.kind === "auth") this.auth.add(d.framework);
      else if (d.kind === "route") this.routeFacts.set(d.target, [...(this.routeFacts.get(d.target) ?? []), f]);
      else if (d.kind === "router-guard") this.addRouterGuard(d.router, d.how, PRIVILEGED_GUARD.test(d.how));
      else if (d.kind === "hook" && d.guard) this.addRouterGuard(d.router, `before_request (${d.guard})`, !!d.privileged);
      else if (d.kind === "helper") helpers.set(d.qname, d);
      else if (d.kind === "hook-ref") hookRefs.push(d);
      else if (d.kind === "include") this.parents.set(d.child, [...(this.parents.get(d.child) ?? []), d.parent]);
      else if (d.kind === "global-guard") this.globalGuards.set(d.framework, d.how);
      else if (d.kind === "drf-default") this.drfDefault = (this.drfDefault ?? false) || d.guarded;
      else if (d.kind === "view" && d.bases) this.classes.set(d.qname, d);
    }
    for (const r of hookRefs) {
      const h = helpers.get(r.target);
      if (h?.guard) this.addRouterGuard(r.router, `before_request(${r.target.split(".").pop()}: ${h.guard})`, !!h.privileged);
    }
    for (const f of live) {
      if (f.data.kind !== "view" || !f.data.name) continue;
      const v = this.resolve(f as ProjectFact<ViewData>);
      if (!v) continue;
      this.views.push(v);
      this.byQname.set(v.data.qname, v);
    }
  }

  private addRouterGuard(router: string, how: string, privileged: boolean): void {
    const old = this.routerGuards.get(router);
    if (!old) this.routerGuards.set(router, { how, privileged });
    else if (privileged) old.privileged = true;
  }

  /** The guard on a router/blueprint, its own or from an app it is included into. */
  routerGuard(router: string, seen = new Set<string>()): { how: string; privileged: boolean } | undefined {
    if (seen.has(router)) return undefined;
    seen.add(router);
    const own = this.routerGuards.get(router);
    if (own) return own;
    for (const p of this.parents.get(router) ?? []) {
      const g = this.routerGuard(p, seen);
      if (g) return g;
    }
    return undefined;
  }

  /** A class's data merged with what it inherits from project bases (own entries win). */
  private inherited(d: ViewData, seen: Set<string>): ViewData {
    // no project base left to merge (the common case: bases from the standard library or packages): as it is
    if (!d.bases?.some((b) => this.classes.has(b) && !seen.has(b))) return d;
    let out: ViewData = { ...d, changes: [...d.changes], methods: { ...(d.methods ?? {}) } };
    for (const b of d.bases) {
      const base = this.classes.get(b);
      if (!base || seen.has(b)) continue;
      seen.add(b);
      const r = this.inherited(base, seen);
      out = {
        ...out,
        framework: out.framework ?? r.framework,
        guard: out.guard ?? r.guard,
        privileged: out.privileged || (!d.guard && r.privileged) || undefined,
        exempt: out.exempt || r.exempt || undefined,
        changes: [...out.changes, ...r.changes.filter((c) => !out.changes.includes(c))],
        // a base's permission_classes apply unless the class sets its own
        open: d.drfDefault ? out.open || r.open : out.open,
        drfDefault: out.drfDefault && r.drfDefault,
        methods: { ...(r.methods ?? {}), ...(out.methods ?? {}) },
      };
    }
    return out;
  }

  private resolve(fact: ProjectFact<ViewData>): ResolvedView | undefined {
    const d = fact.data.bases ? this.inherited(fact.data, new Set([fact.data.qname])) : fact.data;
    const framework = d.framework;
    if (!framework) return undefined;
    let guard: string | null = d.guard;
    let privileged = !!d.privileged && !!guard;
    const routes = this.routeFacts.get(d.qname) ?? [];
    const wrapped = routes.filter((r) => (r.data as { how?: string }).how);
    const unwrapped = routes.filter((r) => !(r.data as { how?: string }).how);
    let unguardedRoutes: ProjectFact[] = [];
    let wrappedBy: string | undefined;
    const routerGuard = d.router ? this.routerGuard(d.router) : undefined;
    if (!guard && routerGuard) {
      guard = routerGuard.how;
      privileged = routerGuard.privileged;
    }
    if (!guard && framework === "drf" && d.drfDefault && this.drfDefault) guard = "DEFAULT_PERMISSION_CLASSES";
    if (!guard && d.methods) {
      const dispatch = d.methods.dispatch;
      if (dispatch?.guard) {
        guard = dispatch.guard;
        privileged = !!dispatch.privileged;
      } else {
        const changing = Object.values(d.methods).filter((m) => m.changes.length);
        if (changing.length && changing.every((m) => m.guard)) {
          guard = changing[0].guard;
          privileged = changing.every((m) => m.privileged);
        }
      }
    }
    const global = this.globalGuards.get(framework);
    if (!guard && global && !d.exempt) guard = global;
    if (!guard && wrapped.length) {
      const how = (wrapped[0].data as { how: string }).how;
      if (unwrapped.length) {
        unguardedRoutes = unwrapped;
        wrappedBy = how;
      } else {
        guard = how;
        privileged = wrapped.every((w) => PRIVILEGED_GUARD.test((w.data as { how: string }).how));
      }
    }
    return { data: d, fact, framework, guard, privileged, changes: this.changesOf(d, framework), open: d.open, unguardedRoutes, wrappedBy };
  }

  /**
   * What a view changes. Writes always count; declared HTTP methods count alone only when the view accepts no safe
   * method (`@require_POST`, `methods=["POST"]`, `@router.delete`): a Django, Flask or DRF view that also answers GET
   * (`@require_http_methods(["GET", "POST"])` on a search form) must be seen writing.
   */
  private changesOf(v: ViewData, framework: ViewFramework): string[] {
    const out = [...v.changes];
    const methods = v.methodsAllowed;
    const onlyUnsafe = methods.length > 0 && methods.every((m) => !["GET", "HEAD", "OPTIONS"].includes(m));
    if (onlyUnsafe || framework === "fastapi") for (const m of methods) if (STATE_CHANGING_METHODS.has(m) && !out.includes(m)) out.push(m);
    for (const [name, m] of Object.entries(v.methods ?? {})) {
      if (m.guard) continue;
      for (const c of m.changes) if (!out.includes(c)) out.push(c === name ? `${name}()` : `${c} in ${name}()`);
    }
    return out;
  }

  /** Routes (`urls.py` paths and decorator rules) of a view. */
  routesOf(v: ResolvedView): string[] {
    const out = (this.routeFacts.get(v.data.qname) ?? []).map((r) => (r.data as { route?: string }).route).filter((r): r is string => !!r);
    if (v.data.rule) out.push(v.data.rule);
    return out;
  }

  /** True when `urls.py` routes the view. */
  isRouted(v: ResolvedView): boolean {
    return this.routeFacts.has(v.data.qname);
  }

  /** The framework's authentication is used in the project (DRF sits on Django's). */
  uses(fw: ViewFramework): boolean {
    return this.auth.has(fw) || (fw === "drf" && this.auth.has("django")) || this.views.some((v) => v.framework === fw && v.guard !== null);
  }

  /** Other views in the same module or router are guarded. */
  guardedSiblings(v: ResolvedView): boolean {
    return this.views.some((o) => o !== v && o.guard !== null && (o.fact.module === v.fact.module || (!!v.data.router && o.data.router === v.data.router)));
  }
}
