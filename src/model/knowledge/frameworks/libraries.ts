/**
 * Common third-party libraries mapped onto concepts: database drivers (psycopg 2 and 3, PyMySQL, MySQLdb,
 * mysql-connector, asyncpg), SQLAlchemy, pandas, HTTP clients (requests, httpx, aiohttp, urllib3), template
 * engines (Jinja2, Mako, Tornado), lxml, python-ldap and ldap3, PyMongo/Motor, PyYAML and other deserializers,
 * Paramiko, MarkupSafe and bleach.
 */
import { REQUEST_CALLS } from "../http-clients.js";
import type { ArgCondition, FrameworkModel, MethodSinkSpec, SanitizerSpec, SinkSpec } from "./types.js";

/** lxml parser classes (their `resolve_entities` option decides whether entities are expanded). */
const LXML_PARSERS = ["lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.ETCompatXMLParser", "lxml.objectify.makeparser"];

/** Loader names under which `yaml.load` builds only plain data. */
const SAFE_YAML_LOADERS = ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"];

function sinks(): Record<string, SinkSpec[]> {
  const t: Record<string, SinkSpec[]> = {};
  const add = (name: string, spec: SinkSpec): void => {
    (t[name] ??= []).push(spec);
  };
  // ---- SQL: DB-API drivers (typed receivers), SQLAlchemy, pandas
  const cursors = [
    "psycopg2.extensions.cursor", "psycopg2.extensions.connection", "psycopg.Cursor", "psycopg.Connection", "psycopg.AsyncCursor",
    "psycopg.AsyncConnection", "pymysql.cursors.Cursor", "MySQLdb.cursors.Cursor", "mysql.connector.cursor.MySQLCursor",
  ];
  for (const c of cursors) for (const m of ["execute", "executemany", "mogrify"]) add(`${c}.${m}`, { kind: "sql", args: [{ position: 0, keyword: "query" }], label: m });
  for (const c of ["asyncpg.connect", "asyncpg.Connection", "asyncpg.connection.Connection", "asyncpg.create_pool", "asyncpg.pool.Pool", "asyncpg.Pool"]) {
    for (const m of ["execute", "executemany", "fetch", "fetchrow", "fetchval", "cursor", "prepare"]) add(`${c}.${m}`, { kind: "sql", args: [{ position: 0, keyword: "query" }], label: m });
  }
  for (const name of ["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"]) add(name, { kind: "sql", args: [{ position: 0, keyword: "text" }], label: "text" });
  for (const type of ["sqlalchemy.engine.Engine", "sqlalchemy.engine.Connection", "sqlalchemy.orm.Session", "sqlalchemy.engine.base.Connection"]) {
    add(`${type}.execute`, { kind: "sql", args: [{ position: 0, keyword: "statement" }], label: "execute" });
    add(`${type}.exec_driver_sql`, { kind: "sql", args: [{ position: 0, keyword: "statement" }], label: "exec_driver_sql" });
  }
  for (const name of ["pandas.read_sql", "pandas.read_sql_query", "pandas.io.sql.read_sql", "pandas.io.sql.read_sql_query"]) add(name, { kind: "sql", args: [{ position: 0, keyword: "sql" }], label: name.split(".").pop() });
  // ---- outgoing requests
  for (const [name, call] of Object.entries(REQUEST_CALLS)) {
    const m = name.split(".").pop()!;
    if (m === "send") continue;
    const at = m === "request" || m === "stream" ? 1 : 0;
    add(name, { kind: "url", args: [{ position: at, keyword: "url" }], label: call.label });
  }
  for (const type of ["urllib3.PoolManager", "urllib3.poolmanager.PoolManager"]) {
    add(`${type}.request`, { kind: "url", args: [{ position: 1, keyword: "url" }], label: "PoolManager.request" });
    add(`${type}.urlopen`, { kind: "url", args: [{ position: 1, keyword: "url" }], label: "PoolManager.urlopen" });
  }
  add("urllib3.request", { kind: "url", args: [{ position: 1, keyword: "url" }], label: "urllib3.request" });
  // ---- templates from strings
  for (const name of ["jinja2.Template", "jinja2.environment.Template"]) add(name, { kind: "template", args: [{ position: 0, keyword: "source" }], label: "jinja2.Template" });
  for (const name of ["jinja2.Environment.from_string", "jinja2.environment.Environment.from_string", "jinja2.sandbox.SandboxedEnvironment.from_string"]) {
    if (!name.includes("sandbox")) add(name, { kind: "template", args: [{ position: 0, keyword: "source" }], label: "from_string" });
  }
  add("mako.template.Template", { kind: "template", args: [{ position: 0, keyword: "text" }], label: "mako Template" });
  add("tornado.template.Template", { kind: "template", args: [{ position: 0, keyword: "template_string" }], label: "tornado Template" });
  // ---- HTML: markup declared safe
  for (const name of ["markupsafe.Markup", "jinja2.Markup", "jinja2.utils.Markup"]) add(name, { kind: "html", args: [{ position: 0 }], label: "Markup" });
  // ---- XML (lxml resolves entities unless told not to: a parser built with `resolve_entities=False`, or the
  // same keyword on `iterparse`; lxml < 5 resolves external entities by default, and `XMLParser()` with its
  // defaults does too)
  const parserArg = (position: number): ArgCondition => ({
    arg: { position, keyword: "parser" },
    configuredBy: { constructors: LXML_PARSERS, option: { keyword: "resolve_entities" }, safeConstants: [false, "internal"] },
  });
  for (const fn of ["fromstring", "XML", "parse", "XMLID", "fromstringlist"]) {
    add(`lxml.etree.${fn}`, { kind: "xml", args: [{ position: 0, keyword: fn === "parse" ? "source" : fn === "fromstringlist" ? "strings" : "text" }], when: [parserArg(1)], label: `lxml.etree.${fn}` });
  }
  // iterparse takes the parser's options as keywords (its second argument is `events`)
  add("lxml.etree.iterparse", { kind: "xml", args: [{ position: 0, keyword: "source" }], when: [{ arg: { keyword: "resolve_entities" }, safeConstants: [false, "internal"] }], label: "lxml.etree.iterparse" });
  // xmltodict refuses entity declarations unless `disable_entities=False` is passed
  add("xmltodict.parse", { kind: "xml", args: [{ position: 0, keyword: "xml_input" }], when: [{ arg: { keyword: "disable_entities" }, safeConstants: [true], onlyWhenGiven: true }], label: "xmltodict.parse" });
  // ---- XPath
  for (const name of ["lxml.etree.XPath", "lxml.etree.ETXPath"]) add(name, { kind: "xpath", args: [{ position: 0, keyword: "path" }], label: name.split(".").pop() });
  // an evaluator is called with the expression: `evaluate = etree.XPathEvaluator(doc); evaluate(expr)`
  for (const t of ["lxml.etree.XPathEvaluator", "lxml.etree.XPathDocumentEvaluator", "lxml.etree.XPathElementEvaluator"]) {
    add(`${t}.__call__`, { kind: "xpath", args: [{ position: 0, keyword: "_path" }], label: t.split(".").pop() });
    add(`${t}.evaluate`, { kind: "xpath", args: [{ position: 0, keyword: "_path" }], label: t.split(".").pop() });
  }
  // ---- LDAP
  for (const type of ["ldap.initialize", "ldap.ldapobject.LDAPObject", "ldap.ldapobject.SimpleLDAPObject"]) {
    for (const m of ["search", "search_s", "search_st", "search_ext", "search_ext_s"]) add(`${type}.${m}`, { kind: "ldap", args: [{ position: 0, keyword: "base" }, { position: 2, keyword: "filterstr" }], label: m });
  }
  add("ldap3.Connection.search", { kind: "ldap", args: [{ position: 0, keyword: "search_base" }, { position: 1, keyword: "search_filter" }], label: "Connection.search" });
  // ---- deserialization
  const yaml = (name: string, unsafe: boolean): void =>
    add(name, {
      kind: "deserialize",
      args: [{ position: 0, keyword: "stream" }],
      when: unsafe ? undefined : [{ arg: { position: 1, keyword: "Loader" }, safeNames: SAFE_YAML_LOADERS }],
      label: name,
    });
  yaml("yaml.load", false);
  yaml("yaml.load_all", false);
  for (const n of ["yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"]) yaml(n, true);
  for (const [name, keyword] of [
    ["dill.loads", "str"], ["dill.load", "file"], ["cloudpickle.loads", undefined], ["cloudpickle.load", undefined],
    ["jsonpickle.decode", "string"], ["jsonpickle.unpickler.decode", "string"], ["pandas.read_pickle", "filepath_or_buffer"],
    ["joblib.load", "filename"], ["six.moves.cPickle.loads", undefined],
  ] as [string, string | undefined][]) add(name, { kind: "deserialize", args: [{ position: 0, keyword }] });
  add("torch.load", { kind: "deserialize", args: [{ position: 0, keyword: "f" }], when: [{ arg: { keyword: "weights_only" }, truthy: false }] });
  add("numpy.load", { kind: "deserialize", args: [{ position: 0, keyword: "file" }], when: [{ arg: { position: 2, keyword: "allow_pickle" }, truthy: true }] });
  // ---- remote commands
  add("paramiko.SSHClient.exec_command", { kind: "command", args: [{ position: 0, keyword: "command" }], label: "exec_command" });
  add("paramiko.client.SSHClient.exec_command", { kind: "command", args: [{ position: 0, keyword: "command" }], label: "exec_command" });
  return t;
}

const NOSQL_IMPORTS = ["pymongo", "motor", "mongoengine", "flask_pymongo", "mongomock", "flask_mongoengine"];

function methodSinks(): Record<string, MethodSinkSpec[]> {
  const t: Record<string, MethodSinkSpec[]> = {};
  const nosql = (m: string, position: number, keyword: string): void => {
    (t[m] ??= []).push({ kind: "nosql", args: [{ position, keyword }], requiresImport: NOSQL_IMPORTS, label: m });
  };
  for (const m of ["find", "find_one", "find_one_and_delete", "find_one_and_replace", "find_one_and_update", "update_one", "update_many", "delete_one", "delete_many", "replace_one", "count_documents", "count"]) nosql(m, 0, "filter");
  nosql("aggregate", 0, "pipeline");
  nosql("distinct", 1, "filter");
  nosql("where", 0, "code");
  t["xpath"] = [{ kind: "xpath", args: [{ position: 0, keyword: "_path" }], label: "xpath" }];
  t["from_string"] = [{ kind: "template", args: [{ position: 0, keyword: "source" }], requiresImport: ["jinja2", "django"], label: "from_string" }];
  t["search_s"] = [{ kind: "ldap", args: [{ position: 0, keyword: "base" }, { position: 2, keyword: "filterstr" }], requiresImport: ["ldap"], label: "search_s" }];
  t["search_st"] = t["search_s"];
  t["search_ext_s"] = t["search_s"];
  t["search_ext"] = t["search_s"];
  t["search"] = [
    { kind: "ldap", args: [{ position: 0, keyword: "base" }, { position: 2, keyword: "filterstr" }], requiresImport: ["ldap"], label: "search" },
    { kind: "ldap", args: [{ position: 0, keyword: "search_base" }, { position: 1, keyword: "search_filter" }], requiresImport: ["ldap3"], label: "search" },
  ];
  t["exec_command"] = [{ kind: "command", args: [{ position: 0, keyword: "command" }], requiresImport: ["paramiko"], label: "exec_command" }];
  return t;
}

function sanitizers(): Record<string, SanitizerSpec> {
  const t: Record<string, SanitizerSpec> = {};
  for (const name of ["bleach.clean", "bleach.linkify", "nh3.clean", "html_sanitizer.Sanitizer.sanitize"]) t[name] = { cleans: ["html"] };
  for (const name of ["ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars", "ldap.dn.escape_dn_chars", "ldap3.utils.dn.escape_rdn"]) t[name] = { cleans: ["ldap"] };
  t["ldap.filter.filter_format"] = { cleans: ["ldap"] };
  for (const name of ["sqlalchemy.select", "sqlalchemy.insert", "sqlalchemy.update", "sqlalchemy.delete", "sqlalchemy.sql.select", "sqlalchemy.future.select", "sqlmodel.select", "sqlalchemy.bindparam", "sqlalchemy.literal"]) t[name] = { cleans: ["sql"] };
  t["psycopg2.sql.Identifier"] = { cleans: ["sql"] };
  t["psycopg2.sql.Literal"] = { cleans: ["sql"] };
  t["psycopg.sql.Identifier"] = { cleans: ["sql"] };
  t["psycopg.sql.Literal"] = { cleans: ["sql"] };
  t["pathvalidate.sanitize_filename"] = { cleans: ["path"] };
  t["slugify.slugify"] = { cleans: "all" };
  t["bson.objectid.ObjectId"] = { cleans: "all" };
  t["bson.ObjectId"] = { cleans: "all" };
  t["jinja2.Environment.get_template"] = { cleans: ["template"] };
  // `Markup("<b>{}</b>").format(v)` and `Markup(…) % v` escape their arguments
  for (const m of ["markupsafe.Markup", "flask.Markup", "jinja2.Markup"]) t[`${m}.format`] = { cleans: ["html"], arg: { position: 0, rest: true } };
  return t;
}

/**
 * Methods of query builders whose result is an SQL statement with bound parameters (`select(User).where(…)`,
 * `session.query(User).filter_by(name=n)`), when the file imports one of these modules.
 */
export const SQL_BUILDER_METHODS: { methods: ReadonlySet<string>; requiresImport: readonly string[] } = {
  methods: new Set(["where", "filter", "filter_by", "values", "order_by", "group_by", "having", "limit", "offset", "join", "outerjoin", "select_from", "params", "bindparams"]),
  requiresImport: ["sqlalchemy", "sqlmodel", "flask_sqlalchemy"],
};

/** The libraries model. */
export const LIBRARIES: FrameworkModel = {
  sinks: sinks(),
  methodSinks: methodSinks(),
  sanitizers: sanitizers(),
};
