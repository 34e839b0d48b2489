/**
 * The fact types of the access-control view model (PW640, PW641): what the per-file phase records about views,
 * hooks, helpers, routes, routers and global guards ({@link ViewFact}), shared by the recording
 * (`access-project.ts`) and the project-wide resolution (`access-resolve.ts`).
 */
import type { ViewFramework } from "./access-views.js";

/** What a view's body (or a method, hook or helper function) shows: writes, and a check of the caller. */
export interface BodyData {
  changes: string[];
  guard: string | null;
  /** The guard admits only privileged callers (staff, admin, a model permission): {@link PRIVILEGED_GUARD}. */
  privileged?: boolean;
  /** The body reads the current user (`request.user`, `current_user`, a `user` dependency). */
  readsUser?: boolean;
}

/** What one view (function, or class with its methods) looks like after its file is read. */
export interface ViewData extends BodyData {
  kind: "view";
  /** Undefined for a project class whose framework comes from its (project) bases. */
  framework?: ViewFramework;
  name: string;
  /** `module.name`: the name `urls.py`, a wrapper or a subclass refers to it by. */
  qname: string;
  /** HTTP methods its route or method decorator accepts (upper case); empty when none is declared. */
  methodsAllowed: string[];
  /** DRF: `permission_classes` lists only `AllowAny` (an explicit choice, reported by the over-broad rules). */
  open: boolean;
  /** DRF: no `permission_classes` of its own, so the project's default applies. */
  drfDefault: boolean;
  /** Django: `@login_not_required` (opens the view under `LoginRequiredMiddleware`). */
  exempt?: boolean;
  /** Router or blueprint the view is registered on (qualified), for router-level guards. */
  router?: string;
  /** Constant URL rule, when the decorator gives one. */
  rule?: string;
  /**
   * A Django function recognised only by its `request` parameter (no route decorator): it counts as a view when
   * its module is a views module (`views.py`, `api.py`, `views/…`) or `urls.py` routes it.
   */
  byParameter?: boolean;
  /** Class views: per method, what it changes and whether its body checks the user. */
  methods?: Record<string, BodyData>;
  /** Classes: qualified names of the bases (project classes resolve through their facts). */
  bases?: string[];
}

/** A Flask `before_request` hook: when its body (or a guard decorator on it) checks the user, every view of its blueprint is guarded. */
export interface HookData extends BodyData {
  kind: "hook";
  router: string;
}

/** A module-level function of a Flask module that is not a view: `bp.before_request(check_admin)` may name it. */
export interface HelperData extends BodyData {
  kind: "helper";
  qname: string;
}

/** What the per-file phase records. */
export type ViewFact =
  | ViewData
  | HookData
  | HelperData
  /** The project authenticates users with this framework. */
  | { kind: "auth"; framework: ViewFramework; how: string }
  /** `urls.py` routes a view, wrapped in a guard (`how`) or not, at a URL. */
  | { kind: "route"; target: string; route?: string; how?: string }
  /** Every view on this router/blueprint/app is guarded (FastAPI `dependencies=[…]`, Flask `before_request`). */
  | { kind: "router-guard"; router: string; how: string }
  /** `bp.before_request(check_admin)`: the named function guards the blueprint when it checks the user. */
  | { kind: "hook-ref"; router: string; target: string }
  /** `app.include_router(child)` / `app.register_blueprint(child)`: the parent's guards cover the child. */
  | { kind: "include"; parent: string; child: string }
  /** A guard on every view of a framework (Django's `LoginRequiredMiddleware`). */
  | { kind: "global-guard"; framework: ViewFramework; how: string }
  /** DRF's `DEFAULT_PERMISSION_CLASSES` in settings: guard or `AllowAny`. */
  | { kind: "drf-default"; guarded: boolean };
