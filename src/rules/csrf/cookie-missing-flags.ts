import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import type { Scope } from "../../model/scopes.js";
import {
  CLIENT_COOKIE_JARS,
  CLIENT_RECEIVER_NAME,
  COOKIE_FRAMEWORK_BY_IMPORT,
  COOKIE_FRAMEWORK_BY_TYPE,
  COOKIE_SETTERS,
  COOKIE_SIGNATURES,
  KEYWORD_ONLY_COOKIE_SETTERS,
  SCRIPT_READABLE_COOKIE_WORDS,
  SESSION_COOKIE_WORDS,
  type CookieParam,
} from "../../model/knowledge/csrf-cookies.js";
import { identifierWords, isSecurityValueName } from "../util/names.js";

/** What a call does with one cookie attribute. */
type FlagState = "on" | "off" | "explicit-off" | "none-string";

/** The framework key of a `set_cookie` receiver, and whether it comes from the receiver's type (sure) or a guess. */
function frameworkOf(model: ModuleModel, receiver: Node): { key: string; sure: boolean } | "client" {
  const type = model.typeOf(receiver);
  if (type) {
    if (CLIENT_COOKIE_JARS.some((p) => type.startsWith(p))) return "client";
    for (const [prefix, key] of COOKIE_FRAMEWORK_BY_TYPE) if (type.startsWith(prefix)) return { key, sure: true };
  }
  // `self.set_cookie(...)` in a Tornado RequestHandler subclass
  if (receiver.type === "identifier" && receiver.text === "self") {
    let cls: Scope | undefined;
    for (let s: Scope | undefined = model.scopeAt(receiver.startIndex); s; s = s.parent) {
      if (s.kind === "class") {
        cls = s;
        break;
      }
    }
    const bases = cls?.node?.childForFieldName("superclasses")?.namedChildren ?? [];
    for (const base of bases) {
      const name = base ? model.resolve(base) : undefined;
      if (!name) continue;
      for (const [prefix, key] of COOKIE_FRAMEWORK_BY_TYPE) if (name.startsWith(prefix)) return { key, sure: true };
    }
  }
  const guesses = new Set<string>();
  for (const m of model.importedModules()) if (Object.hasOwn(COOKIE_FRAMEWORK_BY_IMPORT, m)) guesses.add(COOKIE_FRAMEWORK_BY_IMPORT[m]);
  return guesses.size === 1 ? { key: [...guesses][0], sure: false } : { key: "generic", sure: false };
}

/** PW805: a cookie set on a response without Secure, HttpOnly or SameSite. */
export default defineRule({
  meta: {
    code: "PW805",
    name: "cookie-missing-flags",
    practice: "csrf",
    cwe: [614, 1004, 1275],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A `set_cookie(...)` call on a response (Flask/Werkzeug, Django, Starlette/FastAPI, aiohttp, Tornado, " +
        "Bottle, Falcon; also Django's `set_signed_cookie` and Tornado's `set_secure_cookie`) that leaves out " +
        "`secure=True`, `httponly=True` or `samesite`, or sets them false, or sets `samesite=\"None\"` without " +
        "`secure`. One finding per call names every missing attribute. Each framework's defaults are known: " +
        "Starlette defaults `samesite` to `lax`, Falcon defaults `secure` and `http_only` on. Cookies named like a " +
        "session or credential (`session_id`, `auth_token`, `remember_me`) are high severity; a call that only " +
        "lacks `samesite` is low. HttpOnly is not asked of CSRF-token cookies, which page scripts must read. " +
        "Values that are not constants (`secure=not app.debug`) are taken as set; calls that delete the cookie " +
        "(`max_age=0`, `expires=0`), calls with `**options` and " +
        "client-side cookie jars (`jar.set_cookie(cookie)`, test clients) are not reported.",
      why:
        "A cookie without `Secure` is also sent over plain HTTP, where anyone on the network path can read it; " +
        "without `HttpOnly` any injected script can steal it; without `SameSite` the browser attaches it to " +
        "requests that other sites trigger, which is what cross-site request forgery needs. For a session or " +
        "remember-me cookie each of these is an account takeover path.",
      bad: 'resp = make_response(redirect("/"))\nresp.set_cookie("session_id", sid)\n',
      good: 'resp = make_response(redirect("/"))\nresp.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")\n',
      references: [
        "CWE-614",
        "CWE-1004",
        "CWE-1275",
        "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie",
      ],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    // run on the setter methods only (`.set_cookie` and friends), whatever the receiver
    const setter: Handler = (call) => {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute") return;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      if (!COOKIE_SETTERS.has(method)) return;
      const receiver = fn.childForFieldName("object");
      if (!receiver || CLIENT_RECEIVER_NAME.test(receiver.text)) return;
      const args = model.args(call);
      if (args.hasDoubleStar) return; // any attribute may come from **options
      if (args.positional.length + args.keywords.size < 2) return; // a jar's set_cookie(cookie_object)
      const fw = frameworkOf(model, receiver);
      if (fw === "client") return;
      const sig = COOKIE_SIGNATURES[fw.key];
      const keywordOnly = KEYWORD_ONLY_COOKIE_SETTERS.has(method);
      // `set_cookie("sid", "", max_age=0)` / `expires=0`: deletes the cookie
      const positional = sig.secure.position !== undefined && !keywordOnly;
      const maxAge = model.constant(model.arg(call, positional ? 2 : undefined, "max_age"));
      const expires = model.constant(model.arg(call, positional ? 3 : undefined, "expires"));
      if ((typeof maxAge === "number" && maxAge <= 0) || expires === 0) return;

      const state = (p: CookieParam): FlagState => {
        const pos = keywordOnly ? undefined : p.position;
        const node = model.arg(call, pos, p.keyword);
        if (!node) {
          // hidden behind *args: unknown, taken as set
          if (pos !== undefined && args.starAt >= 0 && pos >= args.starAt) return "on";
          return p.onByDefault ? "on" : "off";
        }
        const v = model.constant(node);
        if (v === undefined) return "on";
        if (typeof v === "string" && v.toLowerCase() === "none") return "none-string";
        return v === null || v === false || v === 0 || v === "" ? "explicit-off" : "on";
      };
      const secure = state(sig.secure);
      const httponly = state(sig.httponly);
      const samesite = state(sig.samesite);

      const nameNode = model.arg(call, 0, "key") ?? model.arg(call, 0, "name");
      const cookieName = nameNode ? model.constant(nameNode) : undefined;
      const words = typeof cookieName === "string" ? identifierWords(cookieName) : [];
      const scriptReadable = words.some((w) => SCRIPT_READABLE_COOKIE_WORDS.has(w));
      const sensitive =
        !scriptReadable && typeof cookieName === "string" && (words.some((w) => SESSION_COOKIE_WORDS.has(w)) || isSecurityValueName(cookieName));

      const missing: string[] = [];
      const weak: string[] = [];
      const effects: string[] = [];
      if (secure !== "on") {
        (secure === "explicit-off" ? weak : missing).push(secure === "explicit-off" ? `${sig.secure.keyword}=False` : `${sig.secure.keyword}=True`);
        effects.push("it is also sent over plain HTTP");
      }
      if (httponly !== "on" && !scriptReadable) {
        (httponly === "explicit-off" ? weak : missing).push(httponly === "explicit-off" ? `${sig.httponly.keyword}=False` : `${sig.httponly.keyword}=True`);
        effects.push("page scripts can read it");
      }
      if (samesite === "none-string" && secure !== "on") {
        weak.push(`${sig.samesite.keyword}="None" (which browsers accept only with ${sig.secure.keyword}=True)`);
      } else if (samesite === "off" || samesite === "explicit-off") {
        missing.push(sig.samesite.keyword);
        effects.push("it is sent with cross-site requests");
      }
      const problems = [
        ...(weak.length ? [`with ${weak.join(", ")}`] : []),
        ...(missing.length ? [`without ${missing.length > 1 ? `${missing.slice(0, -1).join(", ")} or ${missing[missing.length - 1]}` : missing[0]}`] : []),
      ];
      if (!problems.length) return;

      const onlySameSite = secure === "on" && (httponly === "on" || scriptReadable);
      const severity = sensitive ? "high" : onlySameSite ? "low" : "medium";
      const label = typeof cookieName === "string" ? `cookie "${cookieName.slice(0, 40)}"` : "cookie";
      ctx.report(call, `${label} set ${problems.join(" and ")}: ${effects.join("; ")}`, {
        severity,
        confidence: fw.sure ? "high" : "medium",
      });
    };
    return Object.fromEntries([...COOKIE_SETTERS].map((method) => [`.${method}`, setter]));
  },
});
