import { defineRule, type Handler } from "../types.js";
import type { ConstValue } from "../../model/module.js";
import { COOKIE_SETTINGS, type CookieSetting } from "../../model/knowledge/csrf-cookies.js";
import { settingContext, settingWrites } from "../util/framework-settings.js";

/** True when the constant `v` is one of the setting's weak values (`"none"` matches the string in any case). */
function isWeak(setting: CookieSetting, v: ConstValue | undefined): boolean {
  if (v === undefined) return false;
  return setting.weak.some((w) => (w === "none" ? typeof v === "string" && v.toLowerCase() === "none" : w === v));
}

/** PW806: a Django or Flask setting that strips Secure, HttpOnly or SameSite from the session or CSRF cookie. */
export default defineRule({
  meta: {
    code: "PW806",
    name: "insecure-cookie-setting",
    practice: "csrf",
    cwe: [614, 1004, 1275],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Django and Flask settings that switch a protective attribute of the session, CSRF or remember-me " +
        "cookie off: `SESSION_COOKIE_SECURE = False`, `CSRF_COOKIE_SECURE = False`, " +
        "`SESSION_COOKIE_HTTPONLY = False`, `SESSION_COOKIE_SAMESITE = None` (or `False`, or `\"None\"`), " +
        "`CSRF_COOKIE_SAMESITE = None`, Flask-Login's `REMEMBER_COOKIE_SECURE`/`REMEMBER_COOKIE_HTTPONLY = False`; " +
        "as settings-module constants, config-class attributes, `app.config[...]` keys or " +
        "`app.config.update(...)`/`settings.configure(...)` keywords. Settings for tests are not reported; " +
        "settings for local development (`settings/local.py`, `DevelopmentConfig`, next to `DEBUG = True`) are " +
        "reported with low confidence, since plain-HTTP development servers need `Secure` off. A setting left at " +
        "its default is not reported.",
      why:
        "Without `Secure` the session cookie also travels over plain HTTP, where anyone on the network path can " +
        "copy it and take over the session. Without `HttpOnly` any injected script can read it. Without " +
        "`SameSite` the browser attaches it to cross-site requests, which is what CSRF attacks ride on.",
      bad: "SESSION_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = False\nSESSION_COOKIE_SAMESITE = None\n",
      good: 'SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSESSION_COOKIE_SAMESITE = "Lax"\n',
      references: [
        "CWE-614",
        "CWE-1004",
        "CWE-1275",
        "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
        "https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SECURE",
        "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check: Handler = (node) => {
      for (const write of settingWrites(model, node)) {
        const setting = Object.hasOwn(COOKIE_SETTINGS, write.name) ? COOKIE_SETTINGS[write.name] : undefined;
        if (!setting || !isWeak(setting, model.constant(write.value))) continue;
        const where = settingContext(model, write);
        if (where === "test") continue;
        const effect =
          setting.attribute === "Secure"
            ? "is also sent over plain HTTP"
            : setting.attribute === "HttpOnly"
              ? "can be read by page scripts"
              : "is sent with cross-site requests";
        const dev = where === "development" ? " (development settings: keep it out of production)" : "";
        ctx.report(write.at, `${write.name} = ${write.value.text}: the ${setting.cookie} loses ${setting.attribute} and ${effect}${dev}`, {
          severity: setting.severity,
          confidence: where === "development" ? "low" : undefined,
          statement: write.at,
        });
      }
    };
    return { assignment: check, call: check };
  },
});
