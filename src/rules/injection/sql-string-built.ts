import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { looksLikeSql, looksLikeSqlFragment } from "../util/sql.js";

/** Methods that run their first argument as SQL, on any receiver (DB-API cursors and connections, SQLAlchemy, Django managers). */
const EXECUTE_METHODS = new Set(["execute", "executemany", "executescript", "mogrify", "exec_driver_sql", "raw"]);

/** Keywords under which execute-like methods take the query. */
const QUERY_KEYWORDS = ["sql", "query", "operation", "statement", "raw_query", "sql_script"];

/** Functions and classes whose first argument is SQL text: qualified name → keyword of that argument. */
const SQL_FUNCTIONS: Readonly<Record<string, string>> = {
  "sqlalchemy.text": "text",
  "sqlalchemy.sql.text": "text",
  "sqlalchemy.sql.expression.text": "text",
  "pandas.read_sql": "sql",
  "pandas.read_sql_query": "sql",
  "pandas.io.sql.read_sql": "sql",
  "pandas.io.sql.read_sql_query": "sql",
  "django.db.models.RawSQL": "sql",
  "django.db.models.expressions.RawSQL": "sql",
};

/** The handler keys of the rule's tables: `.execute`… and the SQL functions' qualified names. */
const EXECUTE_KEYS = [...EXECUTE_METHODS].map((m) => `.${m}`);
const SQL_FUNCTION_NAMES = Object.keys(SQL_FUNCTIONS);

/** How a query string was put together, for the message. */
function howBuilt(model: ModuleModel, node: Node, depth = 0): string {
  switch (node.type) {
    case "string":
      return /^[a-zA-Z]*[fF]/.test(node.text) ? "an f-string" : "string formatting";
    case "concatenated_string":
      return node.namedChildren.some((c) => c?.type === "string" && /^[a-zA-Z]*[fF]/.test(c.text)) ? "an f-string" : "string concatenation";
    case "parenthesized_expression":
      return node.namedChildren[0] && depth < 5 ? howBuilt(model, node.namedChildren[0], depth + 1) : "string building";
    case "binary_operator": {
      const op = node.childForFieldName("operator")?.type;
      return op === "%" ? "%-formatting" : op === "+" ? "string concatenation" : "string building";
    }
    case "call": {
      const m = model.methodName(node);
      return m === "format" ? "str.format()" : m === "join" ? "str.join()" : "string building";
    }
    case "identifier": {
      const b = model.lookup(node.text, node.startIndex);
      if (b?.value && (b.kind === "assign" || b.kind === "walrus") && depth < 5) return howBuilt(model, b.value, depth + 1);
      return b?.kind === "augassign" ? "string concatenation" : "string building";
    }
    default:
      return "string building";
  }
}

/**
 * True when a varying part can only repeat constant text: `"?" * len(ids)`, `["%s"] * n`, or a comprehension
 * whose element is a constant (`"%s" for _ in ids`). The placeholder-list idiom
 * `"… IN (%s)" % ",".join("?" * len(ids))` builds such parts, and no outside text reaches the SQL through them.
 */
function repeatsConstant(model: ModuleModel, node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  switch (node.type) {
    case "binary_operator": {
      if (node.childForFieldName("operator")?.type !== "*") return false;
      const isText = (n: Node | null): boolean => {
        const v = n ? model.constant(n) : undefined;
        return typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
      };
      return isText(node.childForFieldName("left")) || isText(node.childForFieldName("right"));
    }
    case "generator_expression":
    case "list_comprehension": {
      const body = node.childForFieldName("body");
      return !!body && typeof model.constant(body) === "string";
    }
    case "call": {
      // sep.join(parts) with a constant separator
      const fn = node.childForFieldName("function");
      const parts = model.args(node).positional[0];
      if (model.methodName(node) !== "join" || typeof model.constant(fn?.childForFieldName("object")) !== "string" || !parts) return false;
      return repeatsConstant(model, parts, depth + 1);
    }
    case "parenthesized_expression":
      return !!node.namedChildren[0] && repeatsConstant(model, node.namedChildren[0], depth + 1);
    case "identifier": {
      const bindings = model.bindingsOf(node.text, node.startIndex);
      return (
        bindings.length === 1 && bindings[0].kind === "assign" && !!bindings[0].value && repeatsConstant(model, bindings[0].value, depth + 1)
      );
    }
    default:
      return false;
  }
}

/** PW201: an SQL statement built from run-time values and handed to something that executes it. */
export default defineRule({
  meta: {
    code: "PW201",
    name: "sql-string-built",
    practice: "parameterized-queries",
    cwe: [89],
    severity: "high",
    confidence: "medium",
    aliases: ["B608", "S608", "B610", "S610", "B611", "S611"],
    docs: {
      what:
        "SQL text assembled from run-time values with an f-string, `%`, `.format()`, `+` or `join` (directly or " +
        "through a variable) and passed to something that runs it: DB-API `execute`/`executemany`/" +
        "`executescript`/`mogrify`, SQLAlchemy `text()` and `exec_driver_sql`, Django `raw()`, `extra()` and " +
        "`RawSQL`, pandas `read_sql`/`read_sql_query`. The peers' separate Django checks (`QuerySet.extra`, " +
        "B610/S610; `RawSQL`, B611/S611) are merged into this rule: pyward reports those calls only when their " +
        "SQL is built here from non-constant values, not every use of `extra()` or every `RawSQL` whose text " +
        "arrives in a variable.",
      why:
        "A value spliced into SQL text is parsed as SQL. A quote or a keyword in it changes the statement: an " +
        "attacker can read other rows, bypass a login check or modify the database (SQL injection). Placeholders " +
        "send values separately from the statement, so they are never parsed as SQL.",
      bad: 'cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n',
      good:
        'cur.execute("SELECT * FROM users WHERE name = %s", (name,))\n' +
        '# identifiers cannot be parameters: pick them from a fixed set\n' +
        'column = {"name": "name", "age": "age"}[sort_key]\n',
      references: [
        "CWE-89",
        "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",
        "https://peps.python.org/pep-0249/#paramstyle",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** Reports `call` when `query` is SQL built with run-time values. */
    const checkQuery = (call: Node, query: Node | undefined, where: string, fragment = false): boolean => {
      if (!query) return false;
      const shape = model.stringShape(query);
      if (!shape || shape.holes === 0) return false;
      if (shape.dynamic.length === shape.holes && shape.dynamic.every((d) => repeatsConstant(model, d))) return false;
      if (!(fragment ? looksLikeSqlFragment(shape.text) : looksLikeSql(shape.text))) return false;
      ctx.report(
        call,
        `SQL built with ${howBuilt(model, query)} from run-time values is passed to ${where}; use placeholders and pass the values separately`,
      );
      return true;
    };

    /** Django `QuerySet.extra(select={…}, where=[…])`: every SQL piece is checked. */
    const checkExtra = (call: Node): void => {
      const pieces: Node[] = [];
      const select = model.arg(call, 0, "select");
      if (select?.type === "dictionary") {
        for (const pair of select.namedChildren) if (pair?.type === "pair") {
          const v = pair.childForFieldName("value");
          if (v) pieces.push(v);
        }
      }
      const where = model.arg(call, 1, "where");
      if (where?.type === "list" || where?.type === "tuple") {
        for (const c of where.namedChildren) if (c && c.type !== "comment") pieces.push(c);
      }
      for (const p of pieces) if (checkQuery(call, p, "QuerySet.extra()", true)) return;
    };

    // `.method` keys: the engine calls these only on `x.extra(...)`, `x.execute(...)`…, whatever `x` is
    return {
      ".extra": checkExtra,
      [KEYED]: [
        {
          keys: EXECUTE_KEYS,
          handler(call, key) {
            let query = model.arg(call, 0);
            for (const k of QUERY_KEYWORDS) query ??= model.arg(call, undefined, k);
            checkQuery(call, query, `${key.slice(1)}()`);
          },
        },
        {
          keys: SQL_FUNCTION_NAMES,
          handler: (call, name) => checkQuery(call, model.arg(call, 0, SQL_FUNCTIONS[name]), `${name.slice(name.lastIndexOf(".") + 1)}()`),
        },
      ],
    };
  },
});
