import { defineTaintRule } from "./define.js";

/** PW250: Untrusted input (a request parameter, a cookie, a header, a route parameter…) reaches the text of an SQL statement. */
export default defineTaintRule(
  { kind: "sql", what: "an SQL query", advice: "pass the value as a query parameter (placeholders), never in the SQL text" },
  {
    code: "PW250",
    name: "sql-injection",
    practice: "parameterized-queries",
    cwe: [89],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input (a request parameter, a cookie, a header, a route parameter…) reaches the text of an SQL statement: DB-API `execute`/`executemany`/`executescript`, sqlite3, psycopg, asyncpg, SQLAlchemy `text()`/`exec_driver_sql`, Django `raw()`/`extra()`/`RawSQL`/cursors, pandas `read_sql`. The path from the source to the query is shown.",
      why: "Text spliced into SQL is parsed as SQL: a quote or keyword in the input rewrites the statement, so an attacker can read or change any data the application's account can reach (SQL injection). Placeholders send the value separately; it is never parsed.",
      bad: "uid = request.form[\"id\"]\ncur.execute(\"SELECT * FROM users WHERE id = %s\" % uid)\n",
      good: "uid = request.form[\"id\"]\ncur.execute(\"SELECT * FROM users WHERE id = %s\", (uid,))\n",
      references: ["CWE-89", "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html", "https://peps.python.org/pep-0249/#paramstyle"],
    },
  },
);
