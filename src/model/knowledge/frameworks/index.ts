/**
 * Every framework and library model, merged into the lookup tables the taint engine reads.
 *
 * Add a framework by writing one more `FrameworkModel` file and listing it in {@link MODELS}.
 */
import { AIOHTTP } from "./aiohttp.js";
import { DJANGO } from "./django.js";
import { FASTAPI } from "./fastapi.js";
import { FLASK } from "./flask.js";
import { LIBRARIES } from "./libraries.js";
import { STDLIB } from "./stdlib.js";
import type {
  ArgRef,
  FrameworkModel,
  GuardSpec,
  MethodSinkSpec,
  RouteSpec,
  SanitizerSpec,
  SinkSpec,
  SourceObjectType,
  SourceSpec,
  ThreatModel,
} from "./types.js";

export * from "./types.js";
export { DJANGO_VIEW_HINTS, DJANGO_VIEW_METHODS } from "./django.js";
export { FASTAPI_DEPENDENCY_DEFAULTS, FASTAPI_SAFE_ANNOTATIONS, FASTAPI_STRUCTURED_ANNOTATIONS } from "./fastapi.js";
export {
  GUARD_METHODS,
  MAC_COMPARISONS,
  MAC_FUNCTIONS,
  MUTATING_METHODS,
  PATH_RESOLVERS,
  REGEX_GUARD_FUNCTIONS,
  SCALAR_METHODS,
  STRUCTURING_CALLS,
  URL_HOST_ATTRIBUTES,
  URL_PARSERS,
} from "./stdlib.js";
export { SQL_BUILDER_METHODS } from "./libraries.js";

/** The models, in precedence order (a later model's row for the same name is added, not replaced). */
export const MODELS: readonly FrameworkModel[] = [STDLIB, FLASK, DJANGO, FASTAPI, AIOHTTP, LIBRARIES];

function merge<T>(pick: (m: FrameworkModel) => Readonly<Record<string, T>> | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (const m of MODELS) for (const [k, v] of Object.entries(pick(m) ?? {})) out.set(k, v);
  return out;
}

function mergeLists<T>(pick: (m: FrameworkModel) => Readonly<Record<string, readonly T[]>> | undefined): Map<string, readonly T[]> {
  const out = new Map<string, T[]>();
  for (const m of MODELS) {
    for (const [k, v] of Object.entries(pick(m) ?? {})) {
      const list = out.get(k) ?? [];
      list.push(...v);
      out.set(k, list);
    }
  }
  return out;
}

/** Source object types by type name. */
export const OBJECT_TYPES: ReadonlyMap<string, SourceObjectType> = merge((m) => m.objectTypes);
/** Qualified names that are source objects → type name. */
export const OBJECT_NAMES: ReadonlyMap<string, string> = merge((m) => m.objectNames);
/** Parameter annotations that make the parameter a source object → type name. */
export const OBJECT_ANNOTATIONS: ReadonlyMap<string, string> = merge((m) => m.objectAnnotations);
/** Base classes whose `self` is a source object → type name. */
export const HANDLER_CLASSES: ReadonlyMap<string, string> = merge((m) => m.handlerClasses);
/** Qualified names whose value is untrusted. */
export const SOURCE_NAMES: ReadonlyMap<string, SourceSpec> = merge((m) => m.sourceNames);
/** Calls whose result is untrusted. */
export const SOURCE_CALLS: ReadonlyMap<string, SourceSpec> = merge((m) => m.sourceCalls);
/** Sinks by qualified callee name. */
export const SINKS: ReadonlyMap<string, readonly SinkSpec[]> = mergeLists((m) => m.sinks);
/** Sinks by method name (receivers of unknown type). */
export const METHOD_SINKS: ReadonlyMap<string, readonly MethodSinkSpec[]> = mergeLists((m) => m.methodSinks);
/** Sanitizers by qualified callee name. */
export const SANITIZERS: ReadonlyMap<string, SanitizerSpec> = merge((m) => m.sanitizers);
/** Guards by qualified callee name. */
export const GUARDS: ReadonlyMap<string, GuardSpec> = merge((m) => m.guards);
/** Route decorators by qualified callee name. */
export const ROUTES: ReadonlyMap<string, RouteSpec> = merge((m) => m.routes);
/** Handler registrations by qualified name or method name. */
export const REGISTRATIONS: ReadonlyMap<string, { handler: ArgRef; route: RouteSpec }> = merge((m) => m.registrations);
/** Session stores by qualified name. */
export const SESSION_NAMES: ReadonlySet<string> = new Set(MODELS.flatMap((m) => m.sessionNames ?? []));
/** Calls that return the session store. */
export const SESSION_FACTORIES: ReadonlySet<string> = new Set(MODELS.flatMap((m) => m.sessionFactories ?? []));
/** Calls that never return. */
export const NO_RETURN: ReadonlySet<string> = new Set(MODELS.flatMap((m) => m.noReturn ?? []));

/**
 * Modules whose import means a file may hold sources, by threat model: a file importing a web framework may
 * have views, request objects and route parameters; a file importing `http.server` may define handlers. Files
 * with no such import (and no local-source use when local sources are on) have no source of their own; they
 * are analysed only when tainted data reaches them through a call (in the project phase).
 */
export const SOURCE_MODULE_ROOTS: Readonly<Record<ThreatModel, readonly string[]>> = {
  remote: [
    "flask", "werkzeug", "quart", "django", "rest_framework", "fastapi", "starlette", "aiohttp", "http.server",
    "socketserver", "wsgiref", "BaseHTTPServer", "SimpleHTTPServer", "CGIHTTPServer", "SocketServer",
  ],
  local: [],
};

/** Text that reveals a local source (`sys.argv`, `input()`, environment, file reads), when local sources are on. */
export const LOCAL_SOURCE_TEXT = /\bargv\b|\benviron\b|\bgetenv\b|\binput\s*\(|\bopen\s*\(|\bread_text\b|\bread_bytes\b|\bfileinput\b|\bgetpass\b|\bparse_args\b|\bstdin\b/;

/**
 * Top-level modules of the standard library and of the libraries modelled here: a call into them is a library
 * call (its model applies, or taint passes from arguments to result), never a call into the scanned project —
 * unless the project itself defines the module.
 */
export const LIBRARY_ROOTS: ReadonlySet<string> = new Set([
  ..."abc argparse array ast asyncio atexit base64 binascii bisect builtins bz2 calendar cgi codecs collections concurrent configparser contextlib copy csv ctypes dataclasses datetime dbm decimal difflib email enum errno fcntl filecmp fileinput fnmatch fractions ftplib functools gc getopt getpass gettext glob grp gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes mmap multiprocessing numbers operator optparse os pathlib pickle pipes pkgutil platform plistlib poplib posixpath ntpath pprint pty pwd queue random re secrets select selectors shelve shlex shutil signal smtplib socket socketserver sqlite3 ssl stat statistics string struct subprocess sys sysconfig tarfile tempfile textwrap threading time timeit tomllib traceback types typing unicodedata unittest urllib uuid warnings weakref wsgiref xml xmlrpc zipfile zlib zoneinfo".split(
    " ",
  ),
  ..."flask werkzeug quart django rest_framework fastapi starlette aiohttp sqlalchemy sqlmodel pandas numpy psycopg psycopg2 pymysql MySQLdb mysql asyncpg requests httpx urllib3 jinja2 mako tornado markupsafe bleach lxml defusedxml xmltodict ldap ldap3 aiohttp_session pymongo motor mongoengine yaml dill cloudpickle jsonpickle joblib torch paramiko pydantic six typing_extensions attr attrs".split(
    " ",
  ),
]);
