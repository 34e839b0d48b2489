import { defineRule, type Handler } from "../types.js";

/** PW612: a command run as root through OpenStack's rootwrap idiom `run_as_root=True` (off by default). */
export default defineRule({
  meta: {
    code: "PW612",
    name: "rootwrap-run-as-root",
    practice: "least-privilege",
    cwe: [250],
    severity: "low",
    confidence: "medium",
    aliases: ["B111"],
    enabledByDefault: false,
    docs: {
      what:
        "Calls with the keyword argument `run_as_root=True` (any truthy constant), the OpenStack idiom " +
        "(`utils.execute`, `processutils.execute`, `privsep`-less helpers) for running a command as root through " +
        "rootwrap. Off by default: it only concerns OpenStack-style code, where such calls are sometimes the " +
        "sanctioned path; select it to review them. (Bandit withdrew B111; Ruff has no equivalent.)",
      why:
        "A command run as root turns any flaw in how it is built, or in the rootwrap filter that allows it, into " +
        "full control of the host. OpenStack's own guidance is to move privileged operations to `oslo.privsep` " +
        "functions with narrow capabilities, and to keep rootwrap filters as tight as possible.",
      bad: 'utils.execute("ip", "link", "set", device, "up", run_as_root=True)\n',
      good: "@privsep.default.entrypoint\ndef set_link_up(device):\n    ...  # narrowly scoped, capability-limited\n",
      references: ["CWE-250", "https://docs.openstack.org/oslo.privsep/latest/", "https://security.openstack.org/guidelines/dg_use-oslo-rootwrap-securely.html"],
    },
  },
  create(ctx): Record<string, Handler> {
    const { model } = ctx;
    // the keyword (or a `**{"run_as_root": …}` key) is spelled out in the text: no mention, nothing to look at
    if (!ctx.file.text.includes("run_as_root")) return {};
    return {
      call(call) {
        const flag = model.args(call).keywords.get("run_as_root");
        if (!flag || model.truthy(flag) !== true) return;
        ctx.report(call, "command run as root (run_as_root=True): keep the rootwrap filter narrow, or move the operation to an oslo.privsep entry point");
      },
    };
  },
});
