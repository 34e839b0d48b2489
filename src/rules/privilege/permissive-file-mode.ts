import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { statConstant } from "../../model/knowledge/stat.js";

/** Where a mode-taking call keeps its mode and the path it applies to. */
interface ModeCall {
  /** Position of the mode argument (for a `Path` method: counted after the receiver). */
  mode: number;
  /** Position of the path argument; `"receiver"` for `Path` methods; absent when there is no path (`fchmod`). */
  path?: number | "receiver";
  /** What the call creates or changes, for the advice in the message. */
  target: "file" | "directory";
  /** The call creates the file or directory, so the process umask filters the mode (lower confidence). */
  umasked?: boolean;
}

const OS_CALLS: Record<string, ModeCall> = {
  "os.chmod": { mode: 1, path: 0, target: "file" },
  "os.lchmod": { mode: 1, path: 0, target: "file" },
  "os.fchmod": { mode: 1, target: "file" },
  "os.open": { mode: 2, path: 0, target: "file", umasked: true },
  "os.mkfifo": { mode: 1, path: 0, target: "file", umasked: true },
  "os.mkdir": { mode: 1, path: 0, target: "directory", umasked: true },
  "os.makedirs": { mode: 1, path: 0, target: "directory", umasked: true },
};

const PATH_CLASSES = ["pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"];
const PATH_METHODS: Record<string, ModeCall> = {
  chmod: { mode: 0, path: "receiver", target: "file" },
  lchmod: { mode: 0, path: "receiver", target: "file" },
  touch: { mode: 0, path: "receiver", target: "file", umasked: true },
  mkdir: { mode: 0, path: "receiver", target: "directory", umasked: true },
};

/** The handler keys: the `os` functions, and every method of {@link PATH_METHODS} on every class of {@link PATH_CLASSES}. */
const OS_CALL_NAMES = Object.keys(OS_CALLS);
const PATH_METHOD_NAMES = PATH_CLASSES.flatMap((cls) => Object.keys(PATH_METHODS).map((method) => `${cls}.${method}`));

/** Paths whose content is a secret: private keys, credential and password files (not certificates or `.pub` keys). */
const SENSITIVE_PATHS = [
  /(?:^|[/\\])id_(?:rsa|dsa|ecdsa|ed25519)$/i,
  /\.(?:key|p12|pfx|jks|keystore|kdbx)$/i,
  /(?:^|[/\\])(?:\.netrc|\.pgpass|\.htpasswd|shadow|\.env)$/i,
  /(?:^|[/\\._-])(?:secrets?|credentials?|passwords?|passwd|private|tokens?|api[_-]?keys?)(?:$|[/\\._-])/i,
];

/**
 * A PEM file with `key` in its name (`server-key.pem`, `key.pem`): `key[^/\\]*\.pem$`, tested in linear time (the
 * regex backtracks quadratically on a long path of repeated `key`).
 */
function isKeyPem(path: string): boolean {
  const lower = path.toLowerCase();
  if (!lower.endsWith(".pem")) return false;
  return lower.slice(Math.max(lower.lastIndexOf("/"), lower.lastIndexOf("\\")) + 1, -4).includes("key");
}

const WORLD_WRITE = 0o002;
const GROUP_WRITE = 0o020;
const WORLD_READ = 0o004;
const MAX_DEPTH = 40;

/**
 * The integer a permission-mode expression evaluates to: literals, `stat.S_*` constants, names bound to
 * such expressions, and `| & ^ + -` / `~` combinations. Undefined when any part varies. Python 2 octal
 * literals (`0777`, a syntax error in Python 3) are left undetermined.
 */
export function modeValue(model: ModuleModel, node: Node | null | undefined, depth = 0): number | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case "integer":
      if (/^0[0-7_]+$/.test(node.text)) return undefined;
      return num(model.constant(node));
    case "parenthesized_expression":
      return modeValue(model, node.namedChildren[0], depth + 1);
    case "unary_operator": {
      const v = modeValue(model, node.childForFieldName("argument"), depth + 1);
      const op = node.childForFieldName("operator")?.type ?? node.firstChild?.type;
      if (v === undefined) return undefined;
      return op === "~" ? ~v : op === "-" ? -v : op === "+" ? v : undefined;
    }
    case "binary_operator": {
      const op = node.childForFieldName("operator")?.type;
      const l = modeValue(model, node.childForFieldName("left"), depth + 1);
      if (l === undefined) return undefined;
      const r = modeValue(model, node.childForFieldName("right"), depth + 1);
      if (r === undefined) return undefined;
      switch (op) {
        case "|":
          return l | r;
        case "&":
          return l & r;
        case "^":
          return l ^ r;
        case "+":
          return l + r;
        case "-":
          return l - r;
        default:
          return undefined;
      }
    }
    case "attribute":
      return statConstant(model.resolve(node));
    case "identifier": {
      const stat = statConstant(model.resolve(node));
      if (stat !== undefined) return stat;
      const c = num(model.constant(node));
      if (c !== undefined) return c;
      // a name bound (every time) to a mode expression such as `stat.S_IRWXU | stat.S_IWOTH`
      const bindings = model.bindingsOf(node.text, node.startIndex);
      const used = model.lookup(node.text, node.startIndex);
      if (!used || !bindings.length) return undefined;
      let value: number | undefined;
      for (const b of bindings) {
        if (b.kind !== "assign" || !b.value) return undefined;
        const v = modeValue(model, b.value, depth + 1);
        if (v === undefined) return undefined;
        if (b === used) value = v;
      }
      return value;
    }
    default:
      return num(model.constant(node));
  }
}

function num(v: unknown): number | undefined {
  if (typeof v === "boolean") return Number(v);
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** Best-effort text of a path expression (`Path(home) / ".ssh" / "id_rsa"` → `…/.ssh/id_rsa`), for naming secrets. */
function pathText(model: ModuleModel, node: Node | null | undefined, depth = 0): string {
  if (!node || depth > MAX_DEPTH) return "";
  const shape = model.stringShape(node);
  if (shape) return shape.text;
  switch (node.type) {
    case "parenthesized_expression":
      return pathText(model, node.namedChildren[0], depth + 1);
    case "binary_operator":
      if (node.childForFieldName("operator")?.type !== "/") return "";
      return `${pathText(model, node.childForFieldName("left"), depth + 1)}/${pathText(model, node.childForFieldName("right"), depth + 1)}`;
    case "call": {
      const name = model.callee(node);
      if (name && (PATH_CLASSES.includes(name) || name === "os.path.join" || name === "pathlib.PurePath")) {
        return model.args(node).positional.map((a) => pathText(model, a, depth + 1)).join("/");
      }
      if (model.methodName(node) === "joinpath" || model.methodName(node) === "with_name") {
        const obj = node.childForFieldName("function")?.childForFieldName("object");
        return [pathText(model, obj, depth + 1), ...model.args(node).positional.map((a) => pathText(model, a, depth + 1))].join("/");
      }
      return "";
    }
    case "identifier": {
      const b = model.lookup(node.text, node.startIndex);
      return b && (b.kind === "assign" || b.kind === "with") && b.value ? pathText(model, b.value, depth + 1) : "";
    }
    default:
      return "";
  }
}

const octal = (v: number): string => `0o${v.toString(8)}`;

/** PW601: a constant file or directory mode (or umask) that lets other users write, or read a secret. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW601",
    name: "permissive-file-mode",
    practice: "least-privilege",
    cwe: [732],
    severity: "high",
    confidence: "high",
    aliases: ["B103", "S103"],
    skipInTests: true,
    docs: {
      what:
        "Constant permission modes passed to `os.chmod`, `os.fchmod`, `os.lchmod`, `os.open`, `os.mkdir`, " +
        "`os.makedirs`, `os.mkfifo` and `pathlib.Path.chmod/mkdir/touch` (by position or `mode=`, as octal " +
        "literals or `stat.S_*` combinations), and `os.umask` values that stop masking the world-write bit. " +
        "World-writable modes are high severity; group-writable modes, and world-readable modes on a path that " +
        "names a key or credential (`id_rsa`, `*.pem`, `.netrc`, `secrets/…`), are medium. A mode left at its " +
        "default, or computed at run time, is not reported.",
      why:
        "Any local account, container neighbour or compromised service can rewrite a world-writable file — " +
        "replacing a script, config or library the application later trusts — or read a key file left open " +
        "to everyone. Group write extends the same power to every member of the group.",
      bad:
        'import os, stat\nos.chmod("/srv/app/config.ini", 0o777)\nos.makedirs(cache_dir, mode=stat.S_IRWXU | stat.S_IRWXO)\nos.umask(0)\n',
      good:
        'import os\nos.chmod("/srv/app/config.ini", 0o640)\nos.makedirs(cache_dir, mode=0o700)\nos.umask(0o077)\n',
      references: [
        "CWE-732",
        "https://docs.python.org/3/library/os.html#os.chmod",
        "https://docs.python.org/3/library/stat.html",
        "https://wiki.sei.cmu.edu/confluence/display/c/FIO06-C.+Create+files+with+appropriate+access+permissions",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    const check = (call: Node, what: string, spec: ModeCall, shift: number): void => {
      const args = model.args(call);
      const modeNode = model.arg(call, spec.mode + shift, "mode");
      const mode = modeValue(model, modeNode);
      if (mode === undefined || mode < 0) return;
      const perms = octal(mode & 0o7777);
      const advice = spec.target === "directory" ? "0o700 (0o755 if others must list it)" : "0o600 (0o644 if others must read it)";
      // a creating call's mode is filtered by the process umask (usually 0o022): only a permissive umask
      // makes it take effect, so it is a low-confidence finding there
      const umasked = spec.umasked ? { severity: "medium" as const, confidence: "low" as const } : undefined;
      const unlessUmask = spec.umasked ? " unless the process umask removes it" : "";
      if (mode & WORLD_WRITE) {
        ctx.report(call, `${what} sets mode ${perms}: any local user can write this ${spec.target}${unlessUmask}; use ${advice}`, umasked);
        return;
      }
      if (mode & GROUP_WRITE) {
        ctx.report(call, `${what} sets group-writable mode ${perms}${unlessUmask}; drop group write unless the group must modify this ${spec.target}`, {
          severity: "medium",
          ...(umasked ? { confidence: "low" as const } : {}),
        });
        return;
      }
      if (mode & WORLD_READ && spec.path !== undefined) {
        let pathNode: Node | undefined;
        if (spec.path === "receiver") {
          pathNode = shift ? args.positional[0] : (call.childForFieldName("function")?.childForFieldName("object") ?? undefined);
        } else pathNode = model.arg(call, spec.path);
        const path = pathText(model, pathNode);
        if (path && (isKeyPem(path) || SENSITIVE_PATHS.some((re) => re.test(path)))) {
          ctx.report(call, `${what} makes a key or credential path world-readable (mode ${perms}); use 0o600`, {
            severity: "medium",
            confidence: "medium",
          });
        }
      }
    };

    return {
      "os.umask"(call) {
        const mask = modeValue(model, model.arg(call, 0, "mask"));
        if (mask === undefined || mask < 0 || mask & WORLD_WRITE) return;
        // `saved = os.umask(0); os.umask(saved)`: the usual way to read the umask, restored at once
        if (call.parent?.type === "assignment" || call.parent?.type === "named_expression") return;
        ctx.report(call, `os.umask(${octal(mask)}) lets new files and directories be created world-writable; keep at least 0o022 (0o077 for private data)`);
      },
      [KEYED]: [
        { keys: OS_CALL_NAMES, handler: (call, name) => check(call, name, OS_CALLS[name], 0) },
        {
          keys: PATH_METHOD_NAMES,
          handler(call, name) {
            const receiver = call.childForFieldName("function")?.childForFieldName("object");
            if (!receiver) return;
            // `p.chmod(mode)` on an instance, or the unbound form `Path.chmod(p, mode)`
            const unbound = model.typeOf(receiver) === undefined && PATH_CLASSES.includes(model.resolve(receiver) ?? "");
            const method = name.slice(name.lastIndexOf(".") + 1);
            check(call, `Path.${method}`, PATH_METHODS[method], unbound ? 1 : 0);
          },
        },
      ],
    };
  },
});
