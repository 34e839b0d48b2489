import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** PyYAML loaders that only build plain data (by class name, under `yaml`, `yaml.loader` or `yaml.cyaml`). */
const SAFE_LOADERS = new Set(["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"]);
/** PyYAML loaders that can construct arbitrary Python objects. */
const UNSAFE_LOADERS = new Set(["Loader", "UnsafeLoader", "FullLoader", "CLoader", "CFullLoader", "CUnsafeLoader"]);

/** Functions that load with a caller-chosen loader: the loader is the 2nd argument or `Loader=`. */
const LOAD_WITH_LOADER = ["yaml.load", "yaml.load_all"];
/** Functions that always load with an object-constructing loader. */
const ALWAYS_UNSAFE = ["yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"];

/** The safe counterpart of a loading function, for messages. */
function safe(short: string): string {
  return short.endsWith("_all") ? "yaml.safe_load_all()" : "yaml.safe_load()";
}

type Verdict = "safe" | "unsafe" | "unknown";

const MAX_DEPTH = 8;

/** Joins verdicts of alternatives (bindings, branches): one unsafe one is enough; all must be safe to be safe. */
function either(verdicts: Verdict[]): Verdict {
  if (verdicts.includes("unsafe")) return "unsafe";
  return verdicts.length > 0 && verdicts.every((v) => v === "safe") ? "safe" : "unknown";
}

/** Judges a loader by its qualified name (`yaml.SafeLoader`, `yaml.cyaml.CLoader`). */
function byName(name: string | undefined): Verdict {
  if (!name || !/^_?yaml\./.test(name)) return "unknown";
  const last = name.slice(name.lastIndexOf(".") + 1);
  return SAFE_LOADERS.has(last) ? "safe" : UNSAFE_LOADERS.has(last) ? "unsafe" : "unknown";
}

/**
 * Judges a loader expression: a PyYAML loader by any import path, a name bound to one (every binding
 * counts, so `try: from yaml import CSafeLoader as L / except ImportError: from yaml import SafeLoader as L`
 * is safe), a conditional between loaders, or a class of this module derived from one.
 */
function judge(model: ModuleModel, node: Node, depth: number): Verdict {
  if (depth > MAX_DEPTH) return "unknown";
  switch (node.type) {
    case "parenthesized_expression":
      return node.namedChildren[0] ? judge(model, node.namedChildren[0], depth + 1) : "unknown";
    case "conditional_expression": {
      const [a, , b] = node.namedChildren;
      return a && b ? either([judge(model, a, depth + 1), judge(model, b, depth + 1)]) : "unknown";
    }
    case "attribute":
      return byName(model.resolve(node));
    case "identifier": {
      const bindings = model.bindingsOf(node.text, node.startIndex);
      if (!bindings.length) return byName(model.resolve(node));
      return either(
        bindings.map((b): Verdict => {
          switch (b.kind) {
            case "import":
              return byName(b.qualifiedName);
            case "assign":
            case "walrus":
              return b.value ? judge(model, b.value, depth + 1) : "unknown";
            case "class": {
              const bases = b.node.childForFieldName("superclasses");
              const verdicts = (bases?.namedChildren ?? [])
                .filter((c): c is Node => !!c && c.type !== "keyword_argument" && c.type !== "comment")
                .map((c) => judge(model, c, depth + 1));
              if (verdicts.includes("unsafe")) return "unsafe";
              return verdicts.includes("safe") ? "safe" : "unknown";
            }
            default:
              return "unknown";
          }
        }),
      );
    }
    default:
      return "unknown";
  }
}

/** PW206: YAML loaded with a loader that can construct arbitrary Python objects. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW206",
    name: "yaml-unsafe-load",
    practice: "input-validation",
    cwe: [502, 20],
    severity: "high",
    confidence: "high",
    aliases: ["B506", "S506"],
    docs: {
      what:
        "PyYAML `load`/`load_all` without a loader or with `Loader`, `UnsafeLoader`, `FullLoader`, `CLoader`, " +
        "`CFullLoader` or `CUnsafeLoader` (by keyword or position, under any import path), and " +
        "`unsafe_load`/`full_load` and their `_all` forms. `SafeLoader`, `CSafeLoader`, `BaseLoader`, " +
        "`CBaseLoader` and `yaml.safe_load` are fine, as are constant documents.",
      why:
        "The non-safe loaders honour tags such as `!!python/object/apply:os.system`, so a YAML document from " +
        "outside can call any Python function while it is being loaded. Before PyYAML 5.1 a bare `yaml.load` " +
        "used the unsafe loader; `FullLoader` has had bypasses of its own.",
      bad: 'import yaml\nconfig = yaml.load(request.data, Loader=yaml.Loader)\n',
      good: 'import yaml\nconfig = yaml.safe_load(request.data)\n# or: yaml.load(request.data, Loader=yaml.CSafeLoader)\n',
      references: [
        "CWE-502",
        "CWE-20",
        "https://pyyaml.org/wiki/PyYAMLDocumentation",
        "https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const handlers: Record<string, Handler> = {};
    const constantDocument = (call: Node): boolean => model.isConstant(model.arg(call, 0, "stream"));

    for (const name of LOAD_WITH_LOADER) {
      const short = name.slice("yaml.".length);
      handlers[name] = (call) => {
        if (constantDocument(call)) return;
        const loader = model.arg(call, 1, "Loader");
        if (!loader) {
          const a = model.args(call);
          if (a.hasDoubleStar || (a.starAt >= 0 && a.starAt <= 1)) return;
          ctx.report(call, `yaml.${short}() without a Loader (unsafe on older PyYAML); use ${safe(short)} or Loader=yaml.SafeLoader`);
          return;
        }
        if (judge(model, loader, 0) !== "unsafe") return;
        const text = loader.text.replace(/\s+/g, " ");
        const shown = text.length <= 40 ? text : (model.resolve(loader)?.split(".").pop() ?? "an unsafe loader");
        ctx.report(call, `yaml.${short}() with ${shown} can construct arbitrary Python objects; use ${safe(short)} or Loader=yaml.SafeLoader`);
      };
    }
    for (const name of ALWAYS_UNSAFE) {
      const short = name.slice("yaml.".length);
      handlers[name] = (call) => {
        if (constantDocument(call)) return;
        ctx.report(call, `yaml.${short}() can construct arbitrary Python objects; use ${safe(short)} instead`);
      };
    }
    return handlers;
  },
});
