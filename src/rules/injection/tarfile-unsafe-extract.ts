import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import { assignmentChain } from "../util/assignment.js";

/** Extraction filters (PEP 706) that refuse absolute paths, `..`, links out of the target and device files. */
const SAFE_FILTERS = new Set(["data", "tar"]);
const SAFE_FILTER_FUNCTIONS = new Set(["tarfile.data_filter", "tarfile.tar_filter"]);

/** PW213: tar archives extracted without an extraction filter or a vetted member list. */
export default defineRule({
  meta: {
    code: "PW213",
    name: "tarfile-unsafe-extract",
    practice: "input-validation",
    cwe: [22],
    severity: "high",
    confidence: "high",
    aliases: ["B202", "S202"],
    docs: {
      what:
        "`TarFile.extractall()` and `TarFile.extract()` on an archive opened with `tarfile.open(...)` (or a " +
        "`TarFile` by any import path or annotation) without a safe `filter=` — `\"data\"`, `\"tar\"`, " +
        "`tarfile.data_filter`, or a function of your own — and `shutil.unpack_archive()` of a possibly-tar " +
        "archive without `filter=`. `filter=\"fully_trusted\"` is reported too. `extractall(members=…)` given a " +
        "function's result or a comprehension is taken as a vetted list (only `getmembers()` itself is not); " +
        "single `extract()` calls are reported with medium confidence since a check may precede them. On a " +
        "receiver of unknown type (`self.archive.extractall(…)`), only an explicit `filter=\"fully_trusted\"` or " +
        "`tarfile.fully_trusted_filter` is reported, since no other library's `extract`/`extractall` takes that filter. Nothing is " +
        "reported after the file sets `TarFile.extraction_filter` (the process-wide default of Python 3.12+).",
      why:
        "Member names in a tar archive can be absolute (`/etc/cron.d/x`) or climb out with `../`, and members can " +
        "be symlinks or hard links pointing anywhere; before Python 3.14 `extractall` trusts them all, so an " +
        "uploaded or downloaded archive can overwrite files outside the target directory (path traversal, " +
        "CVE-2007-4559), often leading to code execution. The `data` filter rejects all of these.",
      bad: 'with tarfile.open(upload_path) as tar:\n    tar.extractall(dest)\n',
      good:
        'with tarfile.open(upload_path) as tar:\n    tar.extractall(dest, filter="data")  # Python 3.12+ and security releases of 3.8-3.11\n',
      references: [
        "CWE-22",
        "https://peps.python.org/pep-0706/",
        "https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    let defaultFilterSet = false;

    /** `undefined` when the filter is safe; otherwise why it is not. */
    const filterProblem = (filter: Node | undefined): "missing" | "trusted" | undefined => {
      if (!filter) return "missing";
      const v = model.constant(filter);
      if (v === null) return "missing";
      if (typeof v === "string") return SAFE_FILTERS.has(v) ? undefined : "trusted";
      if (v !== undefined) return "trusted";
      const name = model.resolve(filter);
      if (name === "tarfile.fully_trusted_filter") return "trusted";
      if (name && SAFE_FILTER_FUNCTIONS.has(name)) return undefined;
      return undefined; // a filter function of the program's own
    };

    /** True when `members=` is a list the program computed (not the archive's own `getmembers()`). */
    const vettedMembers = (members: Node | undefined): boolean => {
      if (!members || model.constant(members) === null) return false;
      let n: Node | undefined = members;
      if (n.type === "identifier") {
        const b = model.lookup(n.text, n.startIndex);
        n = b && (b.kind === "assign" || b.kind === "walrus") ? b.value : undefined;
        if (!n) return true; // a parameter or loop variable: chosen by the caller
      }
      if (n.type === "call") {
        const method = model.methodName(n);
        if (method === "getmembers") return false;
        const fn = model.resolve(n.childForFieldName("function"));
        const arg0 = model.args(n).positional[0];
        // list(tar) / list(tar.getmembers())
        if (fn === "builtins.list" && arg0 && (model.typeOf(arg0) === "tarfile.TarFile" || (arg0.type === "call" && model.methodName(arg0) === "getmembers"))) return false;
        return true;
      }
      if (model.typeOf(n) === "tarfile.TarFile") return false; // members=tar
      return true;
    };

    const check = (call: Node, kind: "extractall" | "extract"): void => {
      if (defaultFilterSet) return;
      const a = model.args(call);
      const filter = a.keywords.get("filter");
      if (!filter && a.hasDoubleStar) return;
      const problem = filterProblem(filter);
      if (!problem) return;
      if (problem === "missing" && kind === "extractall" && vettedMembers(model.arg(call, 1, "members"))) return;
      const message =
        problem === "trusted"
          ? `${kind}() with filter=${filter!.text} trusts every member's path and links; use filter="data"`
          : `${kind}() without an extraction filter lets members with absolute paths, '..' or links write outside the target; pass filter="data"`;
      ctx.report(call, message, kind === "extract" ? { confidence: "medium" } : {});
    };

    /**
     * `x.extractall(...)`/`x.extract(...)` on a receiver of unknown type (`self.tar`, a name unpacked from a
     * helper's tuple): only a fully trusting filter is unambiguous, since a missing filter could just as well be
     * a zip archive's extractall.
     */
    const untypedExtract = (call: Node): void => {
      const method = model.methodName(call);
      if ((method !== "extractall" && method !== "extract") || defaultFilterSet) return;
      const receiver = call.childForFieldName("function")?.childForFieldName("object");
      if (model.callee(call) !== undefined || model.typeOf(receiver) !== undefined) return;
      const filter = model.args(call).keywords.get("filter");
      if (!filter || (model.constant(filter) !== "fully_trusted" && model.resolve(filter) !== "tarfile.fully_trusted_filter")) return;
      ctx.report(call, `${method}() with filter=${filter.text} trusts every member's path and links; use filter="data"`, { confidence: "medium" });
    };

    const handlers: Record<string, Handler> = {
      ".extractall": untypedExtract,
      ".extract": untypedExtract,
      "tarfile.TarFile.extractall": (call) => check(call, "extractall"),
      "tarfile.TarFile.extract": (call) => check(call, "extract"),
      "shutil.unpack_archive"(call) {
        if (defaultFilterSet) return;
        const a = model.args(call);
        const filter = a.keywords.get("filter");
        if (filter ? filterProblem(filter) !== "trusted" : a.hasDoubleStar) return;
        const format = model.constant(model.arg(call, 2, "format"));
        if (typeof format === "string" && format === "zip") return;
        const file = model.constant(model.arg(call, 0, "filename"));
        if (format === undefined && model.arg(call, 2, "format") === undefined && typeof file === "string" && /\.zip$/i.test(file)) return;
        const message = filter
          ? `unpack_archive() with filter=${filter.text} trusts every member's path and links; use filter="data"`
          : 'unpack_archive() of a possibly tar archive without filter="data" lets members write outside the target directory; pass filter="data"';
        ctx.report(call, message, { confidence: "medium" });
      },
      assignment(node) {
        // tarfile.TarFile.extraction_filter = staticmethod(tarfile.data_filter) sets the default
        const chain = assignmentChain(node);
        if (!chain) return;
        for (const t of chain.targets) {
          if (t.type !== "attribute" || t.childForFieldName("attribute")?.text !== "extraction_filter") continue;
          const obj = t.childForFieldName("object");
          if (model.resolve(obj) !== "tarfile.TarFile" && model.typeOf(obj) !== "tarfile.TarFile") continue;
          let value = chain.value;
          if (value?.type === "call" && model.callee(value) === "builtins.staticmethod") value = model.args(value).positional[0];
          if (model.resolve(value) !== "tarfile.fully_trusted_filter") defaultFilterSet = true;
        }
      },
    };
    // the assignment needs the attribute `extraction_filter` spelled out in the text: spare the others
    if (!ctx.file.text.includes("extraction_filter")) delete handlers.assignment;
    return handlers;
  },
});
