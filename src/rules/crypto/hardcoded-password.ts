import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { isSecretLike, secretKind, type SecretKind } from "../util/names.js";
import { judgeSecretValue } from "../util/secrets.js";
import { assignmentChain } from "../util/assignment.js";
import { maskSecret } from "../../engine/mask.js";
import { AUTH_PAIR_NAMES, BASIC_AUTH_CONSTRUCTORS } from "../../model/knowledge/http-clients.js";

/** What to call each credential kind in a message. */
const NOUN: Partial<Record<SecretKind, string>> = {
  password: "password",
  secret: "secret",
  token: "token",
  key: "key",
  credential: "credentials",
};

/** The qualified names of {@link BASIC_AUTH_CONSTRUCTORS}, as handler keys. */
const BASIC_AUTH_NAMES = Object.keys(BASIC_AUTH_CONSTRUCTORS);

/** PW303: a credential written into the source as a string constant. */
export default defineRule({
  meta: {
    code: "PW303",
    name: "hardcoded-password",
    practice: "password-storage",
    cwe: [259, 798],
    severity: "high",
    confidence: "medium",
    aliases: ["B105", "B106", "B107", "S105", "S106", "S107"],
    skipInTests: true,
    docs: {
      what:
        "A non-empty string constant given to a name that holds a password, secret, token, API key or private " +
        "key: assigned to a variable, attribute or subscript (`self.db_password = \"…\"`, `config[\"api_key\"] = " +
        "\"…\"`), passed as a keyword (`connect(password=\"…\")`, `dict(password=\"…\")`), used as a parameter " +
        "default, stored under such a key in a dict literal, or compared with (`if password == \"…\"`); and the " +
        "password of an HTTP client's `(user, password)` pair (`requests.get(url, auth=(\"admin\", \"…\"))`, " +
        "`session.auth = (…)`, `HTTPBasicAuth(\"admin\", \"…\")`, `httpx.BasicAuth`, `aiohttp.BasicAuth`). " +
        "Placeholders are skipped: empty strings and `None`, masks (`****`), `<password>`, `${DB_PASSWORD}`, " +
        "`your-api-key-here`, values that merely repeat the name (`PASSWORD = \"password\"`, `\"X-Auth-Token\"`), " +
        "prompts and paths to key files, as are names that only mention a secret (`password_field`, `TOKEN_URL`, " +
        "`PASSWORD_MIN_LENGTH`). `changeme`-style defaults are reported with low confidence. The value is never " +
        "shown in the message.",
      why:
        "A credential in the source is in every clone, fork, backup, container image and CI log, cannot be " +
        "rotated without a release, and is the same in every deployment. Attackers search public and leaked " +
        "repositories for them.",
      bad: 'import psycopg2\n\nconn = psycopg2.connect(host="db", user="report", password="Winter2024!")\n',
      good:
        'import os\nimport psycopg2\n\nconn = psycopg2.connect(host="db", user="report", password=os.environ["DB_PASSWORD"])\n',
      references: [
        "CWE-259",
        "CWE-798",
        "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** The name a store target or compared operand stands for: variable, attribute, constant subscript key. */
    const nameOf = (node: Node | null | undefined): string | undefined => {
      if (!node) return undefined;
      switch (node.type) {
        case "identifier":
          return node.text;
        case "attribute":
          return node.childForFieldName("attribute")?.text;
        case "subscript": {
          const key = model.constant(node.childForFieldName("subscript"));
          return typeof key === "string" ? key : undefined;
        }
        default:
          return undefined;
      }
    };

    /** Reports `value` given to `name` at `at` when the name is secret-like and the value a real constant. */
    const check = (name: string | undefined, value: Node | null | undefined, at: Node, how: string, label = name): void => {
      // `auth=("admin", "S3cret")`: the second element of a (user, password) pair is a password
      if (name && value && AUTH_PAIR_NAMES.has(name) && (value.type === "tuple" || value.type === "list")) {
        const pair = value.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        if (pair.length === 2) check("password", pair[1], at, "given as the password of", name);
        return;
      }
      if (!name || !value || !isSecretLike(name)) return;
      const v = model.constant(value);
      if (typeof v !== "string") return;
      const verdict = judgeSecretValue(v, name);
      if (verdict === "placeholder") return;
      const noun = NOUN[secretKind(name)!] ?? "secret";
      const masked = `"${maskSecret(v)}"`;
      // the literal is masked in snippets; a name bound to it elsewhere shows nothing secret
      const secret = value.type === "identifier" || value.type === "attribute" ? undefined : value;
      if (verdict === "default") {
        ctx.report(at, `placeholder ${noun} ${masked} ${how} '${label}' works as a real credential until replaced; read it from the environment or a secret store`, {
          confidence: "low",
          secret,
        });
        return;
      }
      ctx.report(at, `hard-coded ${noun} ${masked} ${how} '${label}'; read it from the environment or a secret store`, { secret });
    };

    /** Pairs the targets of `a, b = "x", "y"` with their values. */
    const assign = (left: Node, right: Node): void => {
      if (left.type === "pattern_list" || left.type === "tuple_pattern" || left.type === "list_pattern") {
        if (right.type !== "expression_list" && right.type !== "tuple" && right.type !== "list") return;
        const ts = left.namedChildren.filter((c): c is Node => !!c);
        const vs = right.namedChildren.filter((c): c is Node => !!c);
        if (ts.length !== vs.length) return;
        ts.forEach((t, i) => assign(t, vs[i]));
        return;
      }
      check(nameOf(left), right, left, "assigned to");
    };

    /** `HTTPBasicAuth("admin", "S3cret")`: the password by position (by keyword, `keyword_argument` sees it). */
    const basicAuth = (call: Node, name: string): void => {
      const password = model.arg(call, BASIC_AUTH_CONSTRUCTORS[name]);
      if (password) check("password", password, call, "given as the password of", name.split(".").pop());
    };

    return {
      assignment(node) {
        const chain = assignmentChain(node);
        if (chain?.value) for (const target of chain.targets) assign(target, chain.value);
      },
      keyword_argument(node) {
        const name = node.childForFieldName("name")?.text;
        // `check` does nothing for other names: test that first
        if (!name || (!AUTH_PAIR_NAMES.has(name) && !isSecretLike(name))) return;
        if (node.parent?.type !== "argument_list") return;
        check(name, node.childForFieldName("value"), node, "passed as");
      },
      default_parameter(node) {
        check(node.childForFieldName("name")?.text, node.childForFieldName("value"), node, "as default of");
      },
      typed_default_parameter(node) {
        check(node.childForFieldName("name")?.text, node.childForFieldName("value"), node, "as default of");
      },
      dictionary(node) {
        for (const pair of node.namedChildren) {
          if (pair?.type !== "pair") continue;
          const key = model.constant(pair.childForFieldName("key"));
          if (typeof key === "string") check(key, pair.childForFieldName("value"), pair, "stored under");
        }
      },
      comparison_operator(node) {
        const operands = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
        if (operands.length !== 2) return;
        const [a, b] = operands;
        // only a literal on the other side: `token == END_ELEMENT` compares with a named constant
        const literal = (n: Node): boolean => n.type === "string" || n.type === "concatenated_string";
        // `check` below does nothing unless a literal is compared with a secret-like name: test that before
        // reading the operators (`node.children` allocates a view per child)
        const secretName = (n: Node): boolean => {
          const name = nameOf(n);
          return !!name && isSecretLike(name);
        };
        if (!(literal(b) && secretName(a)) && !(literal(a) && secretName(b))) return;
        const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
        if (ops.length !== 1 || (ops[0] !== "==" && ops[0] !== "!=")) return;
        if (nameOf(a) && !model.isConstant(a) && literal(b)) check(nameOf(a), b, node, "compared with");
        else if (nameOf(b) && !model.isConstant(b) && literal(a)) check(nameOf(b), a, node, "compared with");
      },
      [KEYED]: [{ keys: BASIC_AUTH_NAMES, handler: basicAuth }],
    };
  },
});
