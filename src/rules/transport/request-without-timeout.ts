import { defineRule, KEYED } from "../types.js";
import type { Node } from "../../parse/parser.js";
import type { ModuleModel } from "../../model/module.js";
import { CLIENT_CALL_NAMES, CLIENT_CALLS, type RequestCall } from "../../model/knowledge/http-clients.js";

/** What is wrong with a timeout expression: `none` (no limit at all), `partial` (`(5, None)`), or nothing. */
function unbounded(model: ModuleModel, node: Node): "none" | "partial" | undefined {
  const v = model.constant(node);
  if (v === null) return "none";
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => x === null)) return "none";
    if (v.some((x) => x === null)) return "partial";
    return undefined;
  }
  // httpx.Timeout(None): every phase unlimited
  if (v === undefined && node.type === "call" && model.callee(node) === "httpx.Timeout") {
    const a = model.args(node);
    if (a.positional.length === 1 && a.keywords.size === 0 && !a.hasDoubleStar && model.constant(a.positional[0]) === null) return "none";
  }
  return undefined;
}

/** PW604: an HTTP request that can wait forever for the server. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW604",
    name: "request-without-timeout",
    practice: "other",
    cwe: [400, 1088],
    severity: "medium",
    confidence: "high",
    aliases: ["B113", "S113"],
    skipInTests: true,
    docs: {
      what:
        "`requests` functions and `requests.Session` methods called without a `timeout` (or with `timeout=None`, " +
        "or a `(connect, read)` pair containing `None`), and `httpx` calls and clients given `timeout=None`. " +
        "httpx applies a 5-second default, so only an explicit `None` is reported there. A call that forwards " +
        "`**kwargs` may carry a timeout and is not reported.",
      why:
        "requests has no default timeout: a server (or attacker) that accepts the connection and then stalls " +
        "holds the calling thread or worker forever. A handful of such requests exhausts a worker pool and " +
        "takes the service down.",
      bad: 'resp = requests.get("https://api.example.com/items")\n',
      good: 'resp = requests.get("https://api.example.com/items", timeout=10)\n# or separate limits: timeout=(3.05, 27)\n',
      references: [
        "CWE-400",
        "CWE-1088",
        "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts",
        "https://www.python-httpx.org/advanced/timeouts/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;
    const check = (call: Node, spec: RequestCall): void => {
      if (spec.library === "aiohttp") return; // aiohttp sessions default to a 5-minute total timeout
      const args = model.args(call);
      if (args.hasDoubleStar) return;
      const timeout = model.arg(call, spec.timeoutPos, "timeout");
      if (!timeout) {
        if (spec.library !== "requests") return;
        if (spec.timeoutPos !== undefined && args.starAt >= 0 && args.starAt <= spec.timeoutPos) return;
        ctx.report(call, `${spec.label} without a timeout can hang forever; pass timeout=<seconds>`);
        return;
      }
      const kind = unbounded(model, timeout);
      if (kind === "none") ctx.report(call, `${spec.label} with timeout=None can hang forever; pass timeout=<seconds>`);
      else if (kind === "partial") ctx.report(call, `${spec.label} with a None in its timeout leaves that phase unbounded; give both connect and read limits`);
    };
    return { [KEYED]: [{ keys: CLIENT_CALL_NAMES, handler: (call, name) => check(call, CLIENT_CALLS[name]) }] };
  },
});
