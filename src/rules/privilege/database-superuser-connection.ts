import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import {
  DB_CONNECT_FUNCTIONS,
  DB_DSN_ACCOUNT,
  DB_DSN_CONTEXT,
  DB_SETTINGS_SIBLING_KEYS,
  DB_SUPERUSERS,
  DB_URL,
  DB_USER_SETTING_KEYS,
} from "../../model/knowledge/account-flows.js";
import { identifierWords } from "../util/names.js";

/** Words of a module, class or function name that mark settings for tests or local development. */
const NON_PRODUCTION = new Set(["test", "tests", "testing", "pytest", "conftest", "ci", "dev", "development", "local", "example", "sample", "docker"]);

/** Calls that read a setting from the environment with a fallback (`os.environ.get("DB_USER", "postgres")`). */
const ENV_DEFAULTS: Readonly<Record<string, { position: number; keyword: string }>> = {
  "os.environ.get": { position: 1, keyword: "default" },
  "os.getenv": { position: 1, keyword: "default" },
  "decouple.config": { position: 1, keyword: "default" },
  "environ.Env.str": { position: 1, keyword: "default" },
  "environ.Env.db": { position: 1, keyword: "default" },
  "environ.Env.db_url": { position: 1, keyword: "default" },
  "dj_database_url.config": { position: 1, keyword: "default" },
};

/** The qualified names of {@link DB_CONNECT_FUNCTIONS}, as handler keys. */
const CONNECT_FUNCTION_NAMES = Object.keys(DB_CONNECT_FUNCTIONS);

/**
 * The superuser account an expression names: a constant (`"postgres"`), or the fallback of an environment
 * lookup (`os.getenv("DB_USER", "root")`, reported with low confidence).
 */
function superuserOf(model: ModuleModel, node: Node | null | undefined): { name: string; fallback: boolean } | undefined {
  if (!node) return undefined;
  const v = model.constant(node);
  if (typeof v === "string") return DB_SUPERUSERS.has(v) ? { name: v, fallback: false } : undefined;
  if (node.type === "call") {
    const spec = ENV_DEFAULTS[model.callee(node) ?? ""];
    const d = spec ? model.constant(model.arg(node, spec.position, spec.keyword)) : undefined;
    if (typeof d === "string" && DB_SUPERUSERS.has(d)) return { name: d, fallback: true };
  }
  return undefined;
}

/** The account named by a database URL or connection string, when it is a superuser. */
function accountInText(text: string): string | undefined {
  const url = DB_URL.exec(text);
  if (url) return DB_SUPERUSERS.has(url[1]) ? url[1] : undefined;
  if (!DB_DSN_CONTEXT.test(text)) return undefined;
  const dsn = DB_DSN_ACCOUNT.exec(text);
  return dsn && DB_SUPERUSERS.has(dsn[1]) ? dsn[1] : undefined;
}

/** PW655: the application connects to its database as the server's superuser (`postgres`, `root`, `sa`). */
export default defineRule({
  meta: {
    code: "PW655",
    name: "database-superuser-connection",
    practice: "least-privilege",
    cwe: [250],
    severity: "medium",
    confidence: "high",
    aliases: [],
    skipInTests: true,
    docs: {
      what:
        "A database connection made as the server's built-in superuser — `postgres` (PostgreSQL), `root` " +
        "(MySQL/MariaDB), `sa` (SQL Server) — in Django's `DATABASES` (`\"USER\": \"postgres\"`, " +
        "`DATABASES[\"default\"][\"USER\"] = \"root\"`), a driver call (`psycopg2.connect(user=\"postgres\")`, " +
        "`pymysql.connect(user=\"root\")`, asyncpg, aiomysql, pymssql, `URL.create(username=...)`), a database URL " +
        "(`postgresql://postgres:…@db/app`, `mysql+pymysql://root@…`) or a connection string (`user=postgres " +
        "dbname=app`, `UID=sa;…`). A superuser given as the fallback of an environment lookup is reported with low " +
        "confidence. Settings modules, classes and functions named for tests or local development are skipped.",
      why:
        "The superuser can read and change every database on the server, create roles, and on PostgreSQL run " +
        "programs on the host (`COPY … FROM PROGRAM`). Least privilege means the application connects as a role " +
        "that owns only its own tables, so that an SQL injection or a leaked password reaches that data and no " +
        "further.",
      bad:
        "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"NAME\": \"shop\",\n" +
        "        \"USER\": \"postgres\",\n        \"PASSWORD\": os.environ[\"DB_PASSWORD\"],\n    }\n}\n",
      good:
        "# CREATE ROLE shop_app LOGIN PASSWORD '…'; GRANT CONNECT ON DATABASE shop TO shop_app; …\n" +
        "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"NAME\": \"shop\",\n" +
        "        \"USER\": os.environ[\"DB_USER\"],  # shop_app\n        \"PASSWORD\": os.environ[\"DB_PASSWORD\"],\n    }\n}\n",
      references: [
        "CWE-250",
        "https://cheatsheetseries.owasp.org/cheatsheets/Database_Security_Cheat_Sheet.html#permissions",
        "https://www.postgresql.org/docs/current/predefined-roles.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const nonProduction = (node: Node): boolean => {
      const words = identifierWords(model.moduleName.split(".").pop() ?? "");
      // `DEV_DB = "postgresql://postgres@localhost/dev"`: the name it is assigned to
      const left = node.parent?.type === "assignment" ? node.parent.childForFieldName("left") : node.type === "assignment" ? node.childForFieldName("left") : null;
      if (left?.type === "identifier") words.push(...identifierWords(left.text));
      for (let s: ReturnType<ModuleModel["scopeAt"]> | undefined = model.scopeAt(node.startIndex); s; s = s.parent) {
        if (s.kind === "class" || s.kind === "function") words.push(...identifierWords(s.name));
      }
      return words.some((w) => NON_PRODUCTION.has(w));
    };
    const report = (at: Node, account: { name: string; fallback: boolean }, where: string): void => {
      if (nonProduction(at)) return;
      const fallback = account.fallback ? " (as the fallback when the environment sets no user)" : "";
      ctx.report(at, `${where}: the application connects as the database superuser "${account.name}"${fallback}; a bug or leak then reaches every database on the server; connect as a role that owns only the application's tables`, account.fallback ? { confidence: "low" } : {});
    };
    return {
      pair(pair) {
        const key = model.constant(pair.childForFieldName("key"));
        if (typeof key !== "string" || !DB_USER_SETTING_KEYS.has(key)) return;
        const account = superuserOf(model, pair.childForFieldName("value"));
        if (!account) return;
        const dict = pair.parent;
        const siblings = (dict?.namedChildren ?? []).some((c) => {
          const k = c?.type === "pair" ? model.constant(c.childForFieldName("key")) : undefined;
          return typeof k === "string" && DB_SETTINGS_SIBLING_KEYS.has(k);
        });
        if (siblings) report(pair, account, "the database settings");
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type !== "subscript") return;
        const key = model.constant(left.childForFieldName("subscript"));
        if (typeof key !== "string" || !DB_USER_SETTING_KEYS.has(key) || !/^DATABASES\b|\.DATABASES\b/.test(left.text)) return;
        const account = superuserOf(model, node.childForFieldName("right"));
        if (account) report(node, account, "DATABASES");
      },
      string(node) {
        // the text tests first: they rule out almost every string, and `.parent` is costly (a walk from the root)
        const v = model.constant(node);
        const text = typeof v === "string" ? v : model.stringShape(node)?.text;
        if (!text || text.length > 2000) return;
        const name = accountInText(text);
        if (!name) return;
        if (node.parent?.type === "expression_statement" || node.parent?.type === "concatenated_string") return;
        // `os.getenv("DATABASE_URL", "postgresql://postgres@…")`: the fallback of an environment lookup
        const holder = node.parent?.type === "keyword_argument" ? node.parent.parent : node.parent;
        const call = holder?.type === "argument_list" ? holder.parent : undefined;
        // `env.db("DATABASE_URL", default="postgres://postgres:…")`, `dj_database_url.config(default=…)`: any `default=`
        const fallback =
          call?.type === "call" &&
          (Object.hasOwn(ENV_DEFAULTS, model.callee(call) ?? "") || (node.parent?.type === "keyword_argument" && node.parent.childForFieldName("name")?.text === "default"));
        report(node, { name, fallback }, "this connection string");
      },
      [KEYED]: [
        {
          keys: CONNECT_FUNCTION_NAMES,
          handler(call, fn) {
            for (const k of DB_CONNECT_FUNCTIONS[fn]) {
              const value = model.arg(call, undefined, k);
              const account = value ? superuserOf(model, value) : undefined;
              if (account && value) {
                report(value.parent ?? value, account, `${fn}()`);
                return;
              }
            }
          },
        },
      ],
    };
  },
});
