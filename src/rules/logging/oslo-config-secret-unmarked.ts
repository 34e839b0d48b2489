import { defineRule, type Handler } from "../types.js";
import { isSecretLike } from "../util/names.js";

/** oslo.config option types that hold a string value (by either package spelling). */
const OPTION_TYPES = ["StrOpt", "Opt", "URIOpt", "HostAddressOpt"].flatMap((t) => [`oslo_config.cfg.${t}`, `oslo.config.cfg.${t}`]);

/** PW903: an oslo.config option named like a credential and not marked `secret=True`. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW903",
    name: "oslo-config-secret-unmarked",
    practice: "logging",
    cwe: [532],
    severity: "medium",
    confidence: "high",
    aliases: ["B109"],
    docs: {
      what:
        "OpenStack `oslo.config` options (`cfg.StrOpt`, `cfg.Opt`, `cfg.URIOpt`, `cfg.HostAddressOpt`) whose " +
        "constant name says they hold a credential (`admin_password`, `db_secret`, `auth_token`, `api_key`) and " +
        "that are not marked secret: `secret` missing (medium confidence) or a false constant (high). Only code " +
        "that imports `oslo_config` can match. (Bandit withdrew B109; Ruff has no equivalent.)",
      why:
        "oslo.config writes every option's value to the log at start-up and in debug dumps " +
        "(`log_opt_values`) unless the option is declared with `secret=True`, which masks it. An unmarked " +
        "password option puts the credential in every log file and log pipeline that sees the service start.",
      bad: 'from oslo_config import cfg\n\nopts = [cfg.StrOpt("admin_password", help="Password of the admin account")]\n',
      good: 'from oslo_config import cfg\n\nopts = [cfg.StrOpt("admin_password", secret=True, help="Password of the admin account")]\n',
      references: ["CWE-532", "https://docs.openstack.org/oslo.config/latest/reference/opts.html", "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check: Handler = (call) => {
      const name = model.constant(model.arg(call, 0, "name"));
      if (typeof name !== "string" || !isSecretLike(name)) return;
      const a = model.args(call);
      const secret = a.keywords.get("secret");
      if (secret) {
        if (model.truthy(secret) !== false) return;
        ctx.report(call, `oslo.config option '${name}' holds a credential but secret=${secret.text}: its value is written to the logs; set secret=True`);
        return;
      }
      if (a.hasDoubleStar) return;
      ctx.report(call, `oslo.config option '${name}' holds a credential and is not marked secret=True: its value is written to the logs at start-up`, {
        confidence: "medium",
      });
    };
    return Object.fromEntries(OPTION_TYPES.map((t) => [t, check]));
  },
});
