import { defineRule, type Handler } from "../types.js";
import { CSRF_SWITCHES } from "../../model/knowledge/csrf-cookies.js";
import { settingContext, settingWrites } from "../util/framework-settings.js";

/** PW804: Flask-WTF (or Flask-SeaSurf) CSRF checking switched off by configuration. */
export default defineRule({
  meta: {
    code: "PW804",
    name: "csrf-check-disabled",
    practice: "csrf",
    cwe: [352],
    severity: "high",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "Configuration that switches a Flask app's CSRF check off: `WTF_CSRF_ENABLED = False` (Flask-WTF stops " +
        "checking tokens in forms and in `CSRFProtect`), `WTF_CSRF_CHECK_DEFAULT = False` (only views that call " +
        "`csrf.protect()` are checked) and Flask-SeaSurf's `CSRF_DISABLE = True`, written as a config constant, " +
        "`app.config[\"WTF_CSRF_ENABLED\"] = False`, or through `app.config.update(...)`/`from_mapping(...)`. " +
        "Settings meant for tests (a `TestingConfig` class, a `settings/testing.py` module, a class or call that " +
        "also sets `TESTING = True`, an `if app.testing:` branch) are not reported; development settings are " +
        "reported with low confidence.",
      why:
        "With the check off, a page on any other site can make a logged-in user's browser submit the app's " +
        "forms, cookie included: change the account e-mail, transfer funds, delete data. Turning it off for " +
        "the test suite is common and harmless, but the same line in a production config removes the " +
        "protection silently.",
      bad: 'app = Flask(__name__)\napp.config["WTF_CSRF_ENABLED"] = False\ncsrf = CSRFProtect(app)\n',
      good:
        'app = Flask(__name__)\ncsrf = CSRFProtect(app)\n\nclass TestingConfig(Config):\n    TESTING = True\n' +
        "    WTF_CSRF_ENABLED = False  # tests only\n",
      references: [
        "CWE-352",
        "https://flask-wtf.readthedocs.io/en/stable/config/",
        "https://flask-wtf.readthedocs.io/en/stable/csrf/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check: Handler = (node) => {
      for (const write of settingWrites(model, node)) {
        const sw = Object.hasOwn(CSRF_SWITCHES, write.name) ? CSRF_SWITCHES[write.name] : undefined;
        if (!sw || model.truthy(write.value) !== sw.disabledWhen) continue;
        const where = settingContext(model, write);
        if (where === "test") continue;
        ctx.report(
          write.at,
          `${write.name} = ${write.value.text} ${sw.effect}; keep CSRF checks on outside the test configuration`,
          { severity: sw.severity, confidence: where === "development" ? "low" : undefined, statement: write.at },
        );
      }
    };
    return { assignment: check, call: check };
  },
});
