/**
 * The standard library: local sources (command line, `input()`, environment, files read), the `http.server`
 * and `socketserver` handlers as remote sources, and the stdlib's sinks (processes, `eval`/`exec`, file access,
 * `pickle`/`marshal`, XML parsers, `re`, `logging`, `urllib`, `sqlite3`) and sanitizers.
 *
 * Several tables are derived from the shared knowledge of the pattern rules (`processes.ts`, `file-paths.ts`,
 * `regex.ts`), so a function taught to one is known to both.
 */
import { ASYNC_EXEC_FUNCTIONS, EXEC_FUNCTIONS, SHELL_COMMAND_FUNCTIONS, SUBPROCESS_FUNCTIONS, SUBPROCESS_SHELL_POSITION } from "../processes.js";
import { FILE_PATH_FUNCTIONS } from "../file-paths.js";
import { REGEX_APIS } from "../regex.js";
import type { ArgRef, FrameworkModel, GuardSpec, MethodSinkSpec, SanitizerSpec, SinkSpec, SourceSpec } from "./types.js";

const local = (label: string, structured = false): SourceSpec => ({ threat: "local", label, structured });

const SHELL = { arg: { position: SUBPROCESS_SHELL_POSITION, keyword: "shell" } };

function sinks(): Record<string, SinkSpec[]> {
  const t: Record<string, SinkSpec[]> = {};
  const add = (name: string, spec: SinkSpec): void => {
    (t[name] ??= []).push(spec);
  };
  // ---- command execution
  for (const [name, keyword] of Object.entries(SHELL_COMMAND_FUNCTIONS)) add(name, { kind: "command", args: [{ position: 0, keyword }] });
  for (const name of SUBPROCESS_FUNCTIONS) {
    add(name, { kind: "command", args: [{ position: 0, keyword: "args" }], when: [{ ...SHELL, truthy: true }] });
    add(name, { kind: "command", args: [{ position: 0, keyword: "args" }, { position: 2, keyword: "executable" }], when: [{ ...SHELL, truthy: false }], program: true });
  }
  for (const [name, layout] of Object.entries(EXEC_FUNCTIONS)) add(name, { kind: "command", args: [{ position: layout.program, keyword: layout.programKeyword }] });
  for (const name of ASYNC_EXEC_FUNCTIONS) add(name, { kind: "command", args: [{ position: 0, keyword: "program" }] });
  add("pty.spawn", { kind: "command", args: [{ position: 0, keyword: "argv" }], program: true });
  // ---- code evaluation
  add("builtins.eval", { kind: "code", args: [{ position: 0, keyword: "source" }], label: "eval" });
  add("builtins.exec", { kind: "code", args: [{ position: 0, keyword: "source" }], label: "exec" });
  add("builtins.compile", { kind: "code", args: [{ position: 0, keyword: "source" }], label: "compile" });
  add("builtins.execfile", { kind: "code", args: [{ position: 0 }], label: "execfile" });
  // ---- file-system access
  for (const [name, params] of Object.entries(FILE_PATH_FUNCTIONS)) {
    add(name, { kind: "path", args: params.map((p) => (p.at >= 0 ? { position: p.at, keyword: p.keyword } : { keyword: p.keyword })) });
  }
  for (const fn of ["remove", "unlink", "rmdir", "removedirs", "listdir", "scandir", "utime", "lchown", "chdir"]) add(`os.${fn}`, { kind: "path", args: [{ position: 0, keyword: "path" }] });
  add("shutil.rmtree", { kind: "path", args: [{ position: 0, keyword: "path" }] });
  add("fileinput.input", { kind: "path", args: [{ position: 0, keyword: "files" }] });
  for (const m of ["open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "iterdir", "chmod", "rename", "replace"]) {
    for (const type of ["pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"]) add(`${type}.${m}`, { kind: "path", args: [{ receiver: true }], label: `Path.${m}` });
  }
  // ---- deserialization
  const loaders: [string, string | undefined][] = [
    ["pickle.loads", "data"], ["pickle.load", "file"], ["pickle.Unpickler", "file"],
    ["cPickle.loads", undefined], ["cPickle.load", undefined], ["_pickle.loads", undefined], ["_pickle.load", undefined],
    ["marshal.loads", undefined], ["marshal.load", undefined], ["shelve.open", "filename"],
  ];
  for (const [name, keyword] of loaders) add(name, { kind: "deserialize", args: [{ position: 0, keyword }] });
  // ---- XML parsers (entity expansion; external entities where the parser resolves them)
  for (const mod of ["xml.etree.ElementTree", "xml.etree.cElementTree"]) {
    for (const fn of ["fromstring", "XML", "parse", "iterparse", "fromstringlist", "XMLID"]) add(`${mod}.${fn}`, { kind: "xml", args: [{ position: 0, keyword: fn === "fromstring" || fn === "XML" ? "text" : "source" }] });
  }
  for (const mod of ["xml.dom.minidom", "xml.dom.pulldom"]) {
    add(`${mod}.parseString`, { kind: "xml", args: [{ position: 0, keyword: "string" }] });
    add(`${mod}.parse`, { kind: "xml", args: [{ position: 0, keyword: "file" }] });
  }
  add("xml.sax.parseString", { kind: "xml", args: [{ position: 0, keyword: "string" }] });
  add("xml.sax.parse", { kind: "xml", args: [{ position: 0, keyword: "source" }] });
  add("xml.dom.expatbuilder.parseString", { kind: "xml", args: [{ position: 0 }] });
  // a SAX reader from `make_parser()` parses like `xml.sax.parse`
  add("xml.sax.xmlreader.XMLReader.parse", { kind: "xml", args: [{ position: 0, keyword: "source" }], label: "XMLReader.parse" });
  add("xml.sax.xmlreader.XMLReader.feed", { kind: "xml", args: [{ position: 0, keyword: "data" }], label: "XMLReader.feed" });
  // ---- regular expressions
  for (const [name, api] of Object.entries(REGEX_APIS)) {
    if (api.validator || name.startsWith("django.urls") || name.startsWith("django.conf")) continue;
    add(name, { kind: "regex", args: [{ position: api.pattern[0], keyword: api.pattern[1] }] });
  }
  // ---- logging
  for (const level of ["debug", "info", "warning", "warn", "error", "critical", "fatal", "exception"]) {
    for (const owner of ["logging", "logging.Logger", "logging.LoggerAdapter", "logging.root", "flask.Flask.logger", "flask.current_app.logger", "structlog.BoundLogger"]) {
      add(`${owner}.${level}`, { kind: "log", args: [{ position: 0, keyword: "msg", rest: true }], label: `${owner.split(".").pop()}.${level}` });
    }
  }
  for (const owner of ["logging", "logging.Logger", "logging.LoggerAdapter", "logging.root"]) add(`${owner}.log`, { kind: "log", args: [{ position: 1, keyword: "msg", rest: true }], label: "log" });
  // ---- outgoing requests
  for (const name of ["urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve", "urllib2.urlopen", "urllib2.Request", "urllib.urlopen", "urllib.urlretrieve"]) {
    add(name, { kind: "url", args: [{ position: 0, keyword: "url" }], label: name.split(".").slice(-1)[0] });
  }
  for (const name of ["http.client.HTTPConnection", "http.client.HTTPSConnection", "httplib.HTTPConnection", "httplib.HTTPSConnection"]) add(name, { kind: "url", args: [{ position: 0, keyword: "host" }] });
  for (const type of ["http.client.HTTPConnection", "http.client.HTTPSConnection"]) add(`${type}.request`, { kind: "url", args: [{ position: 1, keyword: "url" }] });
  // ---- SQL (sqlite3)
  for (const type of ["sqlite3.Connection", "sqlite3.Cursor", "sqlite3.dbapi2.Connection", "sqlite3.dbapi2.Cursor"]) {
    for (const m of ["execute", "executemany", "executescript"]) add(`${type}.${m}`, { kind: "sql", args: [{ position: 0, keyword: m === "executescript" ? "sql_script" : "sql" }], label: `${m}` });
  }
  // ---- response headers written by hand
  add("wsgiref.headers.Headers.add_header", { kind: "header", args: [{ position: 0 }, { position: 1 }], label: "Headers.add_header" });
  return t;
}

/**
 * Request handler base classes that speak HTTP: in their subclasses `self.wfile.write(…)` writes an HTTP response
 * body (an HTML sink). A handler of plain `socketserver` (`StreamRequestHandler`…) writes to a raw socket.
 */
export const HTTP_BODY_HANDLER_BASES: ReadonlySet<string> = new Set([
  "http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler",
  "BaseHTTPServer.BaseHTTPRequestHandler", "SimpleHTTPServer.SimpleHTTPRequestHandler", "CGIHTTPServer.CGIHTTPRequestHandler",
  "wsgiref.simple_server.WSGIRequestHandler",
]);

/** Modules whose import makes `send_header`/`wfile.write` calls those of an HTTP request handler. */
const HTTP_SERVER_MODULES = ["http", "socketserver", "BaseHTTPServer", "wsgiref"];

/** Method sinks on receivers of unknown type, for the standard library and the DB-API. */
function methodSinks(): Record<string, MethodSinkSpec[]> {
  const sql = (keyword: string): MethodSinkSpec => ({ kind: "sql", args: [{ position: 0, keyword }] });
  const t: Record<string, MethodSinkSpec[]> = {
    execute: [{ ...sql("sql"), args: [{ position: 0, keyword: "sql" }, { keyword: "query" }, { keyword: "operation" }, { keyword: "statement" }] }],
    executemany: [{ ...sql("sql"), args: [{ position: 0, keyword: "sql" }, { keyword: "query" }, { keyword: "operation" }] }],
    executescript: [sql("sql_script")],
    mogrify: [sql("query")],
    exec_driver_sql: [sql("statement")],
    // asyncpg connections and pools, when the argument reads as SQL
    fetch: [{ ...sql("query"), looksLikeSql: true }],
    fetchrow: [{ ...sql("query"), looksLikeSql: true }],
    fetchval: [{ ...sql("query"), looksLikeSql: true }],
    // `http.server` handlers write headers with `send_header(name, value)`
    send_header: [
      { kind: "header", args: [{ position: 0, keyword: "keyword" }, { position: 1, keyword: "value" }], requiresImport: HTTP_SERVER_MODULES, label: "send_header" },
      // the `Location` header of an answer is where the client goes next
      { kind: "redirect", args: [{ position: 1, keyword: "value" }], when: [{ arg: { position: 0, keyword: "keyword" }, requiredContains: "location" }], requiresImport: HTTP_SERVER_MODULES, label: "send_header" },
    ],
    // the body an `http.server` handler writes by hand
    write: [{ kind: "html", args: [{ position: 0 }], receiverText: /(?:^|\.)wfile$/, requiresImport: HTTP_SERVER_MODULES, unlessContentType: true, label: "wfile.write" }],
  };
  for (const level of ["debug", "info", "warning", "warn", "error", "critical", "exception"]) {
    t[level] = [{ kind: "log", args: [{ position: 0, keyword: "msg", rest: true }], receiverText: /(?:^|[._])(?:log|logger|_logger|_log|LOG|LOGGER|logging)$/i, label: `logger.${level}` }];
  }
  return t;
}

/**
 * Sanitizers of the standard library. `all`: the result is a number, a boolean, a digest, a parsed value — no
 * text an attacker chose survives.
 */
function sanitizers(): Record<string, SanitizerSpec> {
  const t: Record<string, SanitizerSpec> = {};
  for (const name of [
    "int", "float", "bool", "len", "hash", "id", "isinstance", "issubclass", "callable", "ord", "abs", "round",
    "sum", "min", "max", "divmod", "range", "hasattr", "type", "complex",
  ]) t[`builtins.${name}`] = { cleans: "all" };
  for (const name of ["uuid.UUID", "ipaddress.ip_address", "ipaddress.ip_network", "ipaddress.IPv4Address", "ipaddress.IPv6Address", "decimal.Decimal", "fractions.Fraction", "datetime.datetime.fromisoformat", "datetime.datetime.strptime", "datetime.date.fromisoformat", "time.strptime", "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize", "secrets.compare_digest", "hmac.compare_digest", "math.floor", "math.ceil", "operator.index"]) t[name] = { cleans: "all" };
  for (const h of ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "sha3_256", "sha3_512", "new", "pbkdf2_hmac"]) t[`hashlib.${h}`] = { cleans: "all" };
  t["hmac.new"] = { cleans: "all" };
  t["zlib.crc32"] = { cleans: "all" };
  t["html.escape"] = { cleans: ["html", "xpath"] };
  t["cgi.escape"] = { cleans: ["html"] };
  t["xml.sax.saxutils.escape"] = { cleans: ["html"] };
  t["xml.sax.saxutils.quoteattr"] = { cleans: ["html", "xpath"] };
  t["shlex.quote"] = { cleans: ["command"] };
  t["pipes.quote"] = { cleans: ["command"] };
  t["shlex.join"] = { cleans: ["command"] };
  for (const m of ["os.path", "posixpath", "ntpath"]) t[`${m}.basename`] = { cleans: ["path"] };
  t["re.escape"] = { cleans: ["regex"] };
  t["regex.escape"] = { cleans: ["regex"] };
  t["builtins.repr"] = { cleans: ["log", "header"] };
  t["builtins.ascii"] = { cleans: ["log", "header"] };
  t["json.dumps"] = { cleans: ["log", "header"] };
  t["urllib.parse.quote"] = { cleans: ["log", "header", "html"] };
  t["urllib.parse.quote_plus"] = { cleans: ["log", "header", "html"] };
  t["urllib.parse.urlencode"] = { cleans: ["log", "header", "html"] };
  t["urllib.quote"] = { cleans: ["log", "header", "html"] };
  return t;
}

/**
 * String methods whose result is a number or a boolean (`count`, `startswith`, `isdigit`…): nothing an attacker
 * wrote survives in it.
 */
export const SCALAR_METHODS: ReadonlySet<string> = new Set([
  "count", "find", "rfind", "index", "rindex", "startswith", "endswith", "isdigit", "isdecimal", "isnumeric",
  "isalpha", "isalnum", "isascii", "isidentifier", "islower", "isupper", "isspace", "istitle", "isprintable",
  "bit_length", "__len__", "__contains__", "is_relative_to", "exists", "is_file", "is_dir", "is_absolute",
  "match_hostname", "total_seconds", "keys_count", "__eq__", "__ne__",
]);

/**
 * Methods that are guards when their result is tested: `if v.isdigit():` makes `v` safe for every kind in the
 * branch where the test holds (only digits, letters or an identifier can be in it).
 */
export const GUARD_METHODS: Readonly<Record<string, GuardSpec>> = {
  isdigit: { cleans: "all" },
  isdecimal: { cleans: "all" },
  isnumeric: { cleans: "all" },
  isalnum: { cleans: "all" },
  isalpha: { cleans: "all" },
  isidentifier: { cleans: "all" },
  isascii: { cleans: [] },
};

/**
 * Methods that store their arguments in their receiver (`items.append(v)`): the receiver, a local name, then
 * holds the argument's taint too.
 */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft", "write", "writelines",
  "put", "put_nowait", "push", "__setitem__",
]);

/**
 * Functions that test a whole string against a pattern: `re.fullmatch(P, v)` (and `re.match` with a pattern
 * anchored at the end) validates `v` when `P` admits no dangerous character; by position of pattern and value.
 */
export const REGEX_GUARD_FUNCTIONS: Readonly<Record<string, { pattern: number; value: number; anchored: boolean }>> = {
  "re.fullmatch": { pattern: 0, value: 1, anchored: true },
  "re.match": { pattern: 0, value: 1, anchored: false },
  "re.search": { pattern: 0, value: 1, anchored: false },
  "regex.fullmatch": { pattern: 0, value: 1, anchored: true },
  "regex.match": { pattern: 0, value: 1, anchored: false },
};

/** Functions that resolve a path: `resolved.startswith(base)` then proves the path stays under `base`. */
export const PATH_RESOLVERS: ReadonlySet<string> = new Set([
  "os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.abspath", "posixpath.normpath",
  "pathlib.Path.resolve", "pathlib.Path.absolute", "pathlib.PosixPath.resolve", "os.path.commonpath",
]);

/** URL parsers: comparing the parsed `netloc`/`hostname` with an allow-list validates the URL for redirects and requests. */
export const URL_PARSERS: ReadonlySet<string> = new Set(["urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse", "urlparse.urlsplit", "six.moves.urllib.parse.urlparse"]);

/** Attributes of a parsed URL that name its host. */
export const URL_HOST_ATTRIBUTES: ReadonlySet<string> = new Set(["netloc", "hostname", "host"]);

/**
 * Message authentication: `hmac.new(key, msg, …)` (and its `digest()`), whose result compared with
 * `compare_digest` to a MAC the client sent proves the server produced `msg`: by the position of the message.
 */
export const MAC_FUNCTIONS: Readonly<Record<string, ArgRef>> = {
  "hmac.new": { position: 1, keyword: "msg" },
  "hmac.digest": { position: 1, keyword: "msg" },
  "hmac.HMAC": { position: 1, keyword: "msg" },
};

/** Constant-time comparisons: a test of a MAC of `msg` ({@link MAC_FUNCTIONS}) with one of these authenticates `msg`. */
export const MAC_COMPARISONS: ReadonlySet<string> = new Set(["hmac.compare_digest", "secrets.compare_digest"]);

/** Calls that make a value structured (JSON text → dicts and lists an attacker shapes). */
export const STRUCTURING_CALLS: ReadonlySet<string> = new Set(["json.loads", "json.load", "ujson.loads", "orjson.loads", "simplejson.loads", "flask.json.loads"]);

/** Stdlib modules and their handler classes whose `self` carries the request (`self.path`, `self.rfile`). */
const HANDLER_ATTRIBUTES = {
  path: {},
  headers: {},
  rfile: {},
  requestline: {},
  raw_requestline: {},
  command: {},
  request: {},
  data: {},
} as const;

/** The standard library model. */
export const STDLIB: FrameworkModel = {
  objectTypes: {
    "http.server.handler": { label: "handler", threat: "remote", attributes: HANDLER_ATTRIBUTES, methods: {} },
  },
  handlerClasses: {
    "http.server.BaseHTTPRequestHandler": "http.server.handler",
    "http.server.SimpleHTTPRequestHandler": "http.server.handler",
    "http.server.CGIHTTPRequestHandler": "http.server.handler",
    "BaseHTTPServer.BaseHTTPRequestHandler": "http.server.handler",
    "SimpleHTTPServer.SimpleHTTPRequestHandler": "http.server.handler",
    "socketserver.BaseRequestHandler": "http.server.handler",
    "socketserver.StreamRequestHandler": "http.server.handler",
    "socketserver.DatagramRequestHandler": "http.server.handler",
    "wsgiref.simple_server.WSGIRequestHandler": "http.server.handler",
  },
  sourceNames: {
    "sys.argv": local("sys.argv"),
    "os.environ": local("os.environ"),
    "os.environb": local("os.environb"),
    "sys.stdin": local("sys.stdin"),
  },
  sourceCalls: {
    "builtins.input": local("input()"),
    "builtins.raw_input": local("raw_input()"),
    "os.getenv": local("os.getenv()"),
    "os.getenvb": local("os.getenvb()"),
    "builtins.open": local("file contents"),
    "io.open": local("file contents"),
    "codecs.open": local("file contents"),
    "pathlib.Path.read_text": local("file contents"),
    "pathlib.Path.read_bytes": local("file contents"),
    "fileinput.input": local("file contents"),
    "getpass.getpass": local("getpass()"),
    "argparse.ArgumentParser.parse_args": local("command-line arguments"),
    "argparse.ArgumentParser.parse_known_args": local("command-line arguments"),
  },
  sinks: sinks(),
  methodSinks: methodSinks(),
  sanitizers: sanitizers(),
  noReturn: ["sys.exit", "builtins.exit", "builtins.quit", "os._exit", "os.abort"],
};
