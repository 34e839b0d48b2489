import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";

/** Identity-changing calls: name → the arguments that are ids (all positional), and whether they are groups. */
const SETTERS: Readonly<Record<string, { count: number; group: boolean }>> = {
  "os.setuid": { count: 1, group: false },
  "os.seteuid": { count: 1, group: false },
  "os.setreuid": { count: 2, group: false },
  "os.setresuid": { count: 3, group: false },
  "os.setgid": { count: 1, group: true },
  "os.setegid": { count: 1, group: true },
  "os.setregid": { count: 2, group: true },
  "os.setresgid": { count: 3, group: true },
};

/** Account and group names that are the superuser (or its group on BSD/macOS). */
const ROOT_NAMES = new Set(["root", "wheel"]);

/**
 * True when `node` is the superuser's id: the constant 0, or `pwd.getpwnam("root").pw_uid` /
 * `grp.getgrnam("root").gr_gid` (also by index `[2]`).
 */
function isRootId(model: ModuleModel, node: Node | undefined): boolean {
  if (!node) return false;
  if (model.constant(node) === 0) return true;
  let lookup: Node | null = null;
  if (node.type === "attribute" && /^(?:pw_uid|pw_gid|gr_gid)$/.test(node.childForFieldName("attribute")?.text ?? "")) {
    lookup = node.childForFieldName("object");
  } else if (node.type === "subscript" && model.constant(node.childForFieldName("subscript")) === 2) {
    lookup = node.childForFieldName("value");
  }
  if (lookup?.type !== "call") return false;
  const fn = model.callee(lookup);
  if (fn !== "pwd.getpwnam" && fn !== "grp.getgrnam") return false;
  const name = model.constant(model.arg(lookup, 0, "name"));
  return typeof name === "string" && ROOT_NAMES.has(name);
}

/** PW610: a process that switches (back) to the root user or group. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW610",
    name: "setuid-root",
    practice: "least-privilege",
    cwe: [250, 271],
    severity: "medium",
    confidence: "high",
    aliases: [],
    docs: {
      what:
        "`os.setuid`, `os.seteuid`, `os.setreuid`, `os.setresuid` and their group counterparts (`setgid`, " +
        "`setegid`, `setregid`, `setresgid`) given the superuser's id: the constant `0`, or the id looked up " +
        "for `root` (`pwd.getpwnam(\"root\").pw_uid`, `grp.getgrnam(\"root\").gr_gid`). Dropping to another " +
        "account is what these calls are for and is not reported. No peer checks this.",
      why:
        "Switching the user or group id to 0 puts the whole process back in the superuser's hands: after a " +
        "temporary `seteuid(1000)`, `seteuid(0)` regains root, and any bug in the code that follows runs with " +
        "every privilege on the machine. Least privilege means doing the privileged step (binding a low port, " +
        "reading a key) first, then dropping root for good, in the order groups → gid → uid.",
      bad: 'import os\n\nos.seteuid(0)\nwith open("/etc/app/key.pem") as f:\n    key = f.read()\n',
      good:
        'import os, pwd\n\n# privileged work done once at start-up, then drop root permanently\nuser = pwd.getpwnam("app")\n' +
        "os.setgroups([])\nos.setgid(user.pw_gid)\nos.setuid(user.pw_uid)\n",
      references: ["CWE-250", "CWE-271", "https://docs.python.org/3/library/os.html#os.setuid", "https://wiki.sei.cmu.edu/confluence/display/c/POS36-C.+Observe+correct+revocation+order+while+relinquishing+privileges"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const handlers: Record<string, Handler> = {};
    for (const [name, spec] of Object.entries(SETTERS)) {
      handlers[name] = (call) => {
        const a = model.args(call);
        for (let i = 0; i < spec.count && i < a.positional.length; i++) {
          if (!isRootId(model, a.positional[i])) continue;
          const what = spec.group ? "the root group" : "root";
          ctx.report(call, `${name}() switches the process to ${what}: everything after it runs with superuser rights; do the privileged step first, then drop root for good`);
          return;
        }
      };
    }
    return handlers;
  },
});
