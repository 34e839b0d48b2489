/**
 * The shapes of the taint knowledge tables: where untrusted data enters (sources, by threat model), what library
 * calls do with data (concepts: the sink kinds), and what makes data safe for one kind (sanitizers, guards).
 *
 * Every table is plain data keyed by the qualified names the semantic model gives (`flask.request`,
 * `sqlite3.Cursor.execute`, `builtins.eval`); the taint engine (`src/taint/`) is the only reader. Teaching
 * pyward a library means adding rows to one framework file, never editing rules.
 */

/**
 * What a dangerous call does with a value: the concept it maps onto. One taint rule reports each kind.
 *
 * `sql` SQL execution · `command` OS command · `code` code evaluation · `path` file-system access ·
 * `deserialize` object deserialization · `html` HTTP response body · `redirect` redirect target · `url`
 * outgoing request URL · `template` template compiled from a string · `xml` XML parsing · `xpath` XPath query ·
 * `ldap` LDAP search · `nosql` NoSQL query · `regex` regular expression compilation · `log` log record ·
 * `session` session storage · `header` HTTP response header.
 */
export type SinkKind =
  | "sql"
  | "command"
  | "code"
  | "path"
  | "deserialize"
  | "html"
  | "redirect"
  | "url"
  | "template"
  | "xml"
  | "xpath"
  | "ldap"
  | "nosql"
  | "regex"
  | "log"
  | "session"
  | "header";

/** Every sink kind, in a fixed order (the order gives each kind its bit in cleansing masks). */
export const SINK_KINDS: readonly SinkKind[] = [
  "sql", "command", "code", "path", "deserialize", "html", "redirect", "url", "template", "xml", "xpath", "ldap",
  "nosql", "regex", "log", "session", "header",
];

/**
 * Who controls a source: `remote` — whoever sends the HTTP request (on by default); `local` — whoever runs the
 * program or controls its environment and files (command line, `input()`, environment, files read).
 */
export type ThreatModel = "remote" | "local";

/** Where an argument of a call sits: by position (0-based, receiver excluded), by keyword, or both. */
export interface ArgRef {
  position?: number;
  keyword?: string;
  /** Every positional argument from `position` on, and every keyword argument (`logging.info(msg, *args)`, `session.update(k=v)`). */
  rest?: boolean;
  /** The receiver of a method call (`Path(p).read_text()` reads the file named by the receiver). */
  receiver?: boolean;
}

/** Untrusted data read from a source. */
export interface DataSpec {
  /** The data may be a structure (a JSON body): dicts and lists an attacker shapes, not only strings. */
  structured?: boolean;
  /**
   * Attributes of the data (or of its items) that the framework has already made safe for some kinds: Django's
   * `request.FILES[k].name` is reduced to a base name when the upload is parsed (`{ name: ["path"] }`).
   */
  cleanAttributes?: Readonly<Record<string, readonly SinkKind[]>>;
}

/**
 * A kind of object whose attributes and methods yield untrusted data: an HTTP request (Flask's `request`, a
 * Django view's `request` parameter), an `http.server` handler (`self` in its methods).
 */
export interface SourceObjectType {
  /** What the object is called in messages ("request", "handler"). */
  label: string;
  threat: ThreatModel;
  /** Attributes holding untrusted data (`args`, `GET`, `cookies`…). */
  attributes: Readonly<Record<string, DataSpec>>;
  /** Methods whose result is untrusted data (`get_json()`, `read()`…). */
  methods: Readonly<Record<string, DataSpec>>;
  /** Attributes that are themselves source objects of another type, by type name. */
  objects?: Readonly<Record<string, string>>;
  /** Attributes that are the session store (`request.session`): writing untrusted data into them crosses a trust boundary. */
  session?: readonly string[];
  /**
   * For a handler class's `self`: methods whose parameters after `self` (and after `request`, when named so)
   * are URL parameters (`get(self, request, pk)` of a Django view, `get(self, item_id)` of a Flask MethodView).
   */
  routeMethods?: readonly string[];
}

/** A name or call that yields untrusted data by itself (`sys.argv`, `input()`, `os.getenv(…)`). */
export interface SourceSpec extends DataSpec {
  threat: ThreatModel;
  /** Short description for the reported path ("sys.argv", "input()"). */
  label: string;
}

/** When a sink applies, by the value of another argument (`shell=True`, `Loader=`, `content_type=`). */
export interface ArgCondition {
  arg: ArgRef;
  /** The sink applies only when the argument is present and truthy (`true`), or absent or falsy (`false`). */
  truthy?: boolean;
  /** The call is safe when the argument resolves to one of these qualified names (or their last part). */
  safeNames?: readonly string[];
  /** The call is safe when the argument is a constant string that does not contain this text ("html"). */
  safeUnlessContains?: string;
  /** The sink applies only when the argument is a constant string containing this text (aiohttp `content_type="text/html"`). */
  requiredContains?: string;
  /** The call is safe when the argument is a constant equal to one of these values (`resolve_entities=False`). */
  safeConstants?: readonly (string | number | boolean | null)[];
  /**
   * With `safeConstants`: the sink applies only when the argument is given (the library's default is safe:
   * `xmltodict.parse(…, disable_entities=False)`).
   */
  onlyWhenGiven?: boolean;
  /**
   * The argument is an object configured where it is built (lxml's `parser=`): the sink applies when the argument
   * is absent, or is (a name bound to) a call of one of `constructors` whose `option` is not one of
   * `safeConstants`. An object of unknown origin is taken as safe.
   */
  configuredBy?: {
    constructors: readonly string[];
    option: ArgRef;
    safeConstants: readonly (string | number | boolean | null)[];
  };
}

/** A call that hands one or more of its arguments to a dangerous operation. */
export interface SinkSpec {
  kind: SinkKind;
  /** The arguments that reach the operation. */
  args: readonly ArgRef[];
  /** Conditions that must all hold for the call to be a sink. */
  when?: readonly ArgCondition[];
  /** Only the program matters: element 0 of a list argument, or the whole string (no-shell process starts). */
  program?: boolean;
  /** Name shown at the sink step ("cursor.execute"); defaults to the callee's text. */
  label?: string;
  /**
   * A body written by hand (`self.wfile.write(…)` in an `http.server` handler): an HTML body unless the enclosing
   * function sets a constant `Content-Type` header (`send_header("Content-Type", "application/json")`) that is
   * not HTML.
   */
  unlessContentType?: boolean;
}

/** A method that is a sink on a receiver whose type the model does not know (`cur.execute(…)`). */
export interface MethodSinkSpec extends SinkSpec {
  /** The file must import one of these top-level modules for the method to count (ldap3's `search`). */
  requiresImport?: readonly string[];
  /** The argument must read as SQL (`fetch` is generic; `conn.fetch("SELECT …")` is asyncpg). */
  looksLikeSql?: boolean;
  /** The receiver expression's text must match (`logger.info`, `app.logger.warning`). */
  receiverText?: RegExp;
}

/**
 * A call whose result is safe for some sink kinds: escaping (`html.escape` → html), quoting (`shlex.quote` →
 * command), conversion to a number (`int` → every kind).
 */
export interface SanitizerSpec {
  /** Kinds the result is safe for, or `all` when the result carries no attacker-controlled text at all. */
  cleans: readonly SinkKind[] | "all";
  /** The argument whose (cleaned) value is the result; default: the first positional one. */
  arg?: ArgRef;
}

/** A check that makes a value safe inside the branch where it holds (`v.isdigit()`, `is_safe_url(v)`). */
export interface GuardSpec {
  cleans: readonly SinkKind[] | "all";
  /** The checked argument (for functions); the receiver for methods. */
  arg?: ArgRef;
}

/** A decorator or registration that makes a function an HTTP view. */
export interface RouteSpec {
  framework: "flask" | "django" | "fastapi" | "aiohttp";
  /** What the view's return value is: an HTML body (Flask strings), JSON unless a `response_class` says HTML (FastAPI), or not a body. */
  returns: "html" | "json-unless-html-class" | "response";
  /** Where the decorator takes the URL rule (Flask `<name>` parameters are untrusted). */
  rule?: ArgRef;
}

/** One framework or library model: every table optional. */
export interface FrameworkModel {
  /** Source object types, by type name. */
  objectTypes?: Readonly<Record<string, SourceObjectType>>;
  /** Qualified names that are source objects (`flask.request` → its type name). */
  objectNames?: Readonly<Record<string, string>>;
  /** Parameter annotations that make a parameter a source object (`fastapi.Request`). */
  objectAnnotations?: Readonly<Record<string, string>>;
  /** Qualified names whose value is untrusted (`sys.argv`). */
  sourceNames?: Readonly<Record<string, SourceSpec>>;
  /** Calls whose result is untrusted (`builtins.input`). */
  sourceCalls?: Readonly<Record<string, SourceSpec>>;
  /** Sinks by qualified callee name. */
  sinks?: Readonly<Record<string, readonly SinkSpec[]>>;
  /** Sinks by method name, for receivers of unknown type. */
  methodSinks?: Readonly<Record<string, readonly MethodSinkSpec[]>>;
  /** Sanitizers by qualified callee name. */
  sanitizers?: Readonly<Record<string, SanitizerSpec>>;
  /** Guards by qualified callee name. */
  guards?: Readonly<Record<string, GuardSpec>>;
  /**
   * Base classes whose methods receive a source object as `self` (`http.server.BaseHTTPRequestHandler` →
   * its type name): `self.path` in a handler's `do_GET` is what the client sent.
   */
  handlerClasses?: Readonly<Record<string, string>>;
  /**
   * Calls that register a handler function (`app.router.add_get(path, handler)`), by qualified name or by
   * method name for receivers of unknown type: the argument holding the handler, and the framework.
   */
  registrations?: Readonly<Record<string, { handler: ArgRef; route: RouteSpec }>>;
  /** Route decorators by qualified callee name (`flask.Flask.route`). */
  routes?: Readonly<Record<string, RouteSpec>>;
  /** Qualified names of session stores (`flask.session`): `session[k] = v` is a `session` sink. */
  sessionNames?: readonly string[];
  /** Calls that return the session store (`aiohttp_session.get_session(request)`): a name bound to one is a session. */
  sessionFactories?: readonly string[];
  /** Calls that never return (`flask.abort`): code after them in a branch is dead. */
  noReturn?: readonly string[];
}
