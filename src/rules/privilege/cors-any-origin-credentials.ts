import { defineRule, type ProjectFact } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  ANY_ORIGIN,
  CORS_MIDDLEWARE,
  DJANGO_CORS_ALLOW_ALL,
  DJANGO_CORS_CREDENTIALS,
  DJANGO_CORS_REGEXES,
  FLASK_CORS,
  MIDDLEWARE_WRAPPERS,
} from "../../model/knowledge/cors.js";
import { settingContext, settingWrites, type SettingWrite } from "../util/framework-settings.js";

/** What one module's django-cors-headers settings say (for settings split over modules with `import *`). */
interface CorsSettingsFact {
  /** Every origin allowed: true, false, or not set in this module. */
  anyOrigin?: boolean;
  credentials?: boolean;
  /** Modules this one star-imports (absolute names). */
  star: string[];
  /** The fact marks a write to report at (the any-origin or credentials setting). */
  setting: "anyOrigin" | "credentials";
  context?: "development";
}

/** True when a constant origin value (or list of them) lets every origin in. */
function anyOriginValue(model: ModuleModel, node: Node | null | undefined): boolean {
  if (!node) return false;
  const v = model.constant(node);
  if (typeof v === "string") return ANY_ORIGIN.has(v.trim());
  if (Array.isArray(v)) return v.some((x) => typeof x === "string" && ANY_ORIGIN.has(x.trim()));
  if (node.type === "list" || node.type === "tuple" || node.type === "set") {
    return node.namedChildren.some((c) => {
      const cv = c ? model.constant(c) : undefined;
      return typeof cv === "string" && ANY_ORIGIN.has(cv.trim());
    });
  }
  return false;
}

/** The value of a key in a dictionary literal, when written with a constant key. */
function dictValue(model: ModuleModel, dict: Node, key: string): Node | undefined {
  for (const pair of dict.namedChildren) {
    if (pair?.type === "pair" && model.constant(pair.childForFieldName("key")) === key) return pair.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

const FIX = "list the trusted origins explicitly (or drop credentials)";

/** PW631: CORS that lets any origin make credentialed requests. */
export default defineRule({
  meta: {
    code: "PW631",
    name: "cors-any-origin-credentials",
    practice: "least-privilege",
    cwe: [942, 346],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "CORS configured to accept every origin *and* credentials: flask-cors `CORS(app, supports_credentials=True)` " +
        "with `origins` left at its default `\"*\"` or set to `\"*\"`/`\".*\"` (also per path in `resources={...}` and " +
        "through `init_app`), `@cross_origin(supports_credentials=True)` likewise; Starlette/FastAPI `CORSMiddleware` " +
        "with `allow_origins=[\"*\"]` or `allow_origin_regex=\".*\"` and `allow_credentials=True` (in " +
        "`add_middleware(...)`, `Middleware(...)` or called directly); django-cors-headers settings " +
        "`CORS_ALLOW_ALL_ORIGINS = True` (or `CORS_ORIGIN_ALLOW_ALL`, or an any-origin regex in " +
        "`CORS_ALLOWED_ORIGIN_REGEXES`) with `CORS_ALLOW_CREDENTIALS = True`, in one settings module or across " +
        "modules joined by `from .base import *`. Settings for tests are not reported.",
      why:
        "Browsers refuse `Access-Control-Allow-Origin: *` with credentials, so these libraries echo the requesting " +
        "origin instead: any web site a logged-in user visits can then call the API with the user's cookies and read " +
        "the answers — account data, CSRF tokens, API keys (CWE-942).",
      bad:
        'from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n' +
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n',
      good:
        'from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n' +
        'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)\n',
      references: [
        "CWE-942",
        "CWE-346",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards",
        "https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing",
        "https://flask-cors.readthedocs.io/en/latest/api.html",
        "https://www.starlette.io/middleware/#corsmiddleware",
        "https://github.com/adamchainz/django-cors-headers#configuration",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** flask-cors options: top level, then each `resources` entry inheriting them. */
    const flaskCors = (call: Node, label: string): void => {
      const args = model.args(call);
      const creds = args.keywords.get("supports_credentials");
      const origins = args.keywords.get("origins");
      const topCreds = creds ? model.truthy(creds) : false;
      // origins absent means the default "*", unless **options may carry it
      const topAny = origins ? anyOriginValue(model, origins) : !args.hasDoubleStar;
      const resources = args.keywords.get("resources");
      if (resources?.type === "dictionary") {
        for (const pair of resources.namedChildren) {
          const opts = pair?.type === "pair" ? pair.childForFieldName("value") : undefined;
          if (opts?.type !== "dictionary") continue;
          const o = dictValue(model, opts, "origins");
          const c = dictValue(model, opts, "supports_credentials");
          const any = o ? anyOriginValue(model, o) : topAny;
          const cr = c ? model.truthy(c) === true : topCreds === true;
          if (any && cr) {
            ctx.report(pair!, `${label}: resource ${pair!.childForFieldName("key")?.text ?? ""} allows every origin with credentials: any site can read responses with the user's cookies; ${FIX}`);
            return;
          }
        }
        return;
      }
      if (topCreds === true && topAny) {
        ctx.report(call, `${label} allows every origin${origins ? "" : " (origins defaults to \"*\")"} with supports_credentials=True: any site can read responses with the user's cookies; ${FIX}`);
      }
    };

    /** Starlette's `CORSMiddleware` options, from the call that carries them. */
    const middleware = (call: Node, label: string): void => {
      const args = model.args(call);
      const creds = args.keywords.get("allow_credentials");
      if (!creds || model.truthy(creds) !== true) return;
      const any = anyOriginValue(model, args.keywords.get("allow_origins")) || anyOriginValue(model, args.keywords.get("allow_origin_regex"));
      if (any) ctx.report(call, `${label} allows every origin with allow_credentials=True: the middleware echoes any requesting origin, so any site can read responses with the user's cookies; ${FIX}`);
    };

    /** django-cors-headers: the last value a module- or class-level setting gets in `scope`. */
    const constantSetting = (write: SettingWrite, name: string): boolean | undefined => {
      const scope = write.classScope ?? model.module;
      const list = scope.bindings.get(name);
      const last = list?.[list.length - 1];
      if (!last || last.kind !== "assign" || !last.value) return undefined;
      return model.truthy(last.value);
    };
    const anyOriginSetting = (write: SettingWrite): boolean =>
      (DJANGO_CORS_ALLOW_ALL.includes(write.name) && model.truthy(write.value) === true) ||
      (DJANGO_CORS_REGEXES.includes(write.name) && anyOriginValue(model, write.value));

    const settings = (node: Node): void => {
      for (const write of settingWrites(model, node)) {
        const isAny = DJANGO_CORS_ALLOW_ALL.includes(write.name) || DJANGO_CORS_REGEXES.includes(write.name);
        const isCreds = write.name === DJANGO_CORS_CREDENTIALS;
        if (!isAny && !isCreds) continue;
        const context = settingContext(model, write);
        if (context === "test") continue;
        if (isAny && anyOriginSetting(write)) {
          // the credentials switch in the same settings (module, class or configure call)
          let creds: boolean | undefined;
          if (write.form === "constant") creds = constantSetting(write, DJANGO_CORS_CREDENTIALS);
          else if (write.call) {
            const sibling = settingWrites(model, write.call).find((w) => w.name === DJANGO_CORS_CREDENTIALS);
            creds = sibling ? model.truthy(sibling.value) : undefined;
          }
          if (creds === true) {
            ctx.report(write.at, `${write.name} lets every origin in while ${DJANGO_CORS_CREDENTIALS} = True: any site can read responses with the user's cookies; list trusted origins in CORS_ALLOWED_ORIGINS`, {
              severity: context === "development" ? "low" : "high",
            });
          } else if (creds === undefined && write.form === "constant" && !write.classScope) {
            ctx.record(write.at, { anyOrigin: true, star: [...model.starImports()], setting: "anyOrigin", context } satisfies CorsSettingsFact);
          }
        } else if (isCreds && write.form === "constant" && !write.classScope && model.truthy(write.value) === true) {
          const anyHere = [...DJANGO_CORS_ALLOW_ALL, ...DJANGO_CORS_REGEXES].some((n) => model.module.bindings.has(n));
          if (!anyHere) ctx.record(write.at, { credentials: true, star: [...model.starImports()], setting: "credentials", context } satisfies CorsSettingsFact);
        } else if (write.form === "constant" && !write.classScope) {
          // an explicit "no" overrides what a star-imported module says
          ctx.record(write.at, { [isAny ? "anyOrigin" : "credentials"]: false, star: [...model.starImports()], setting: isAny ? "anyOrigin" : "credentials" } as CorsSettingsFact);
        }
      }
    };

    return {
      call(call) {
        const name = model.callee(call);
        if (name && Object.hasOwn(FLASK_CORS, name)) {
          flaskCors(call, FLASK_CORS[name] === "decorator" ? "@cross_origin()" : FLASK_CORS[name] === "init_app" ? "CORS.init_app()" : "CORS()");
          return;
        }
        if (name && CORS_MIDDLEWARE.has(name)) {
          middleware(call, "CORSMiddleware()");
          return;
        }
        const first = model.arg(call, 0, "middleware_class") ?? model.arg(call, 0, "cls");
        // the call's own name first: resolving the first argument of every call costs more
        const adds = model.methodName(call) === "add_middleware" || (name !== undefined && MIDDLEWARE_WRAPPERS.has(name));
        if (first && adds && CORS_MIDDLEWARE.has(model.resolve(first) ?? "")) {
          middleware(call, model.methodName(call) === "add_middleware" ? "add_middleware(CORSMiddleware)" : "Middleware(CORSMiddleware)");
          return;
        }
        settings(call);
      },
      assignment: settings,
    };
  },
  checkProject(facts, reporter) {
    // settings split over modules: `production.py` does `from .base import *` and adds the other half
    const byModule = new Map<string, ProjectFact<CorsSettingsFact>[]>();
    for (const f of facts as ProjectFact<CorsSettingsFact>[]) {
      const list = byModule.get(f.module) ?? [];
      list.push(f);
      byModule.set(f.module, list);
    }
    /** The value a module ends up with for a setting, following its star imports (own settings win). */
    const resolve = (module: string, key: "anyOrigin" | "credentials", seen: Set<string>): boolean | undefined => {
      if (seen.has(module) || seen.size > 50) return undefined;
      seen.add(module);
      const own = byModule.get(module) ?? [];
      const local = own.filter((f) => f.data[key] !== undefined).pop();
      if (local) return local.data[key];
      for (const star of [...(own[0]?.data.star ?? [])].reverse()) {
        const v = resolve(star, key, seen);
        if (v !== undefined) return v;
      }
      return undefined;
    };
    for (const [module, list] of byModule) {
      for (const f of list) {
        if (f.data[f.data.setting] !== true || !f.data.star.length) continue;
        const other = f.data.setting === "anyOrigin" ? "credentials" : "anyOrigin";
        if (list.some((x) => x.data[other] !== undefined)) continue;
        if (resolve(module, other, new Set()) !== true) continue;
        reporter.report(
          f,
          f.data.setting === "anyOrigin"
            ? `every origin is allowed here while ${DJANGO_CORS_CREDENTIALS} = True comes from a star-imported settings module: any site can read responses with the user's cookies; list trusted origins in CORS_ALLOWED_ORIGINS`
            : `${DJANGO_CORS_CREDENTIALS} = True while a star-imported settings module allows every origin: any site can read responses with the user's cookies; list trusted origins in CORS_ALLOWED_ORIGINS`,
          { severity: f.data.context === "development" ? "low" : "high" },
        );
      }
    }
  },
});
