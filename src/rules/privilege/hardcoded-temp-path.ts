import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import {
  FILE_PATH_FUNCTIONS,
  FILE_PATH_METHODS,
  PATH_CONSTRUCTORS,
  TEMPFILE_DIR_PARAM,
  type PathParam,
} from "../../model/knowledge/file-paths.js";

/** The handler keys of the tables: qualified names, and `.method` keys for {@link FILE_PATH_METHODS}. */
const FUNCTION_NAMES = Object.keys(FILE_PATH_FUNCTIONS);
const CONSTRUCTOR_NAMES = [...PATH_CONSTRUCTORS];
const TEMPFILE_NAMES = Object.keys(TEMPFILE_DIR_PARAM);
const METHOD_KEYS = Object.keys(FILE_PATH_METHODS).map((m) => `.${m}`);

/** World-writable directories checked by default (option `directories` replaces the list). */
const DEFAULT_DIRECTORIES = ["/tmp", "/var/tmp", "/dev/shm"];

/** Where a path expression points, relative to a shared temporary directory. */
interface TempPath {
  dir: string;
  /** The path is the directory itself (`"/tmp"`), not something inside it. */
  exact: boolean;
  /** Part of the path is computed at run time (the name may be unpredictable). */
  varies: boolean;
}

/** `path` without trailing slashes (a loop: `/\/+$/` backtracks quadratically on a long run of slashes). */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}

/** PW605: a fixed path inside a world-writable temporary directory. */
export default defineRule({
  meta: {
    code: "PW605",
    name: "hardcoded-temp-path",
    practice: "least-privilege",
    cwe: [377, 379],
    severity: "medium",
    confidence: "high",
    aliases: ["B108", "S108"],
    options: {
      directories: { type: "string[]", default: DEFAULT_DIRECTORIES, description: "World-writable directories to check (replaces the default list)." },
    },
    docs: {
      what:
        "Paths under `/tmp`, `/var/tmp` or `/dev/shm` written into the code and used to open, create, move or " +
        "name a file: the path argument of `open`, `os.open`, `os.makedirs`, `shutil.copy`, `sqlite3.connect`, " +
        "`logging.FileHandler`, `tarfile.open`…, the first part of `os.path.join(\"/tmp\", …)` and " +
        "`Path(\"/tmp\", …)` / `Path(\"/tmp\") / name`, `.to_csv(\"/tmp/…\")`-style writers, and a fixed " +
        "subdirectory given as `dir=` to `tempfile`. A path whose name part is computed at run time " +
        "(`f\"/tmp/{job_id}.csv\"`) is reported with medium confidence. Not reported: strings that are never used " +
        "as a path (messages, comparisons, documentation), and `tempfile.mkstemp(dir=\"/tmp\")` and friends, which " +
        "create unpredictable names safely. Option `directories` (list of strings) replaces the default list.",
      why:
        "Every local user and service can create files in these directories. Whoever creates `/tmp/report.csv` " +
        "or a symbolic link of that name first decides what the program reads, or which of its own files the " +
        "program overwrites with the program's privileges; the data written there may also be readable by others.",
      bad: 'with open("/tmp/export.csv", "w") as out:\n    out.write(rows)\n',
      good:
        'import tempfile\n\nwith tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:\n    out.write(rows)\n',
      references: [
        "CWE-377",
        "CWE-379",
        "https://docs.python.org/3/library/tempfile.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const configured = ctx.options.directories;
    const dirs =
      Array.isArray(configured) && configured.every((d) => typeof d === "string")
        ? (configured as string[]).map(trimSlashes).filter(Boolean)
        : DEFAULT_DIRECTORIES;

    const tempPath = (node: Node | undefined): TempPath | undefined => {
      if (!node) return undefined;
      const shape = model.stringShape(node);
      if (!shape) return undefined;
      const text = shape.text;
      for (const dir of dirs) {
        if (text === dir || text === `${dir}/`) return { dir, exact: true, varies: shape.holes > 0 };
        if (text.startsWith(`${dir}/`)) return { dir, exact: false, varies: shape.holes > 0 };
      }
      return undefined;
    };

    const report = (node: Node, t: TempPath, varies: boolean, how = "another local user can create or link it first"): void => {
      ctx.report(
        node,
        `fixed path in the shared directory ${t.dir}: ${how}; create temporary files with tempfile (mkstemp, NamedTemporaryFile, mkdtemp)`,
        varies ? { confidence: "medium" } : {},
      );
    };

    const param = (call: Node, spec: PathParam): Node | undefined =>
      spec.at >= 0 ? model.arg(call, spec.at, spec.keyword) : spec.keyword ? model.args(call).keywords.get(spec.keyword) : undefined;

    const pathArgument = (call: Node, spec: PathParam): void => {
      const node = param(call, spec);
      const t = tempPath(node);
      if (node && t && !t.exact) report(node, t, t.varies);
    };
    const constructorCall = (call: Node): void => {
      const a = model.args(call);
      const first = a.positional[0];
      const t = tempPath(first);
      if (!first || !t) return;
      const joined = a.positional.length > 1 || a.starAt >= 0;
      const parent = call.parent;
      const divided = parent?.type === "binary_operator" && parent.childForFieldName("operator")?.type === "/" && parent.childForFieldName("left")?.id === call.id;
      if (!t.exact || joined || divided) {
        const rest = a.positional.slice(1);
        report(first, t, t.varies || a.starAt >= 0 || rest.some((r) => !model.isConstant(r)) || (divided && !model.isConstant(parent.childForFieldName("right"))));
      }
    };
    const tempfileCall = (call: Node, name: string): void => {
      const node = model.arg(call, TEMPFILE_DIR_PARAM[name], "dir");
      const t = tempPath(node);
      if (node && t && !t.exact) report(node, t, t.varies, "another local user can create that directory first and control what is put in it");
    };
    // writers of unknown receivers (`df.to_csv("/tmp/…")`): by method name, so other calls cost nothing.
    // (A name in two tables is served by the one listed first here: the later one, when each key was set in turn.)
    return {
      [KEYED]: [
        { keys: METHOD_KEYS, handler: (call, key) => pathArgument(call, FILE_PATH_METHODS[key.slice(1)]) },
        { keys: TEMPFILE_NAMES, handler: tempfileCall },
        { keys: CONSTRUCTOR_NAMES, handler: constructorCall },
        { keys: FUNCTION_NAMES, handler: (call, name) => FILE_PATH_FUNCTIONS[name].forEach((spec) => pathArgument(call, spec)) },
      ],
    };
  },
});
