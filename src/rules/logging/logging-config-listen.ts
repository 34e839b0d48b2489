import { defineRule } from "../types.js";

/** PW902: `logging.config.listen()` accepting configurations without verifying them. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW902",
    name: "logging-config-listen",
    practice: "logging",
    cwe: [94],
    severity: "high",
    confidence: "high",
    aliases: ["B612", "S612"],
    docs: {
      what:
        "Calls of `logging.config.listen(...)` (by any import path) without a `verify` callable: no `verify` " +
        "argument, or `verify=None`. A `verify` function (for example one that checks an HMAC over the received " +
        "bytes) is not reported.",
      why:
        "`listen()` opens a socket that accepts a new logging configuration and applies it with `dictConfig` or " +
        "`fileConfig`, which import and call whatever classes and factories the configuration names. Anyone who can " +
        "connect to the port (every local user, other containers in the same network namespace, more if it is " +
        "exposed) can make the process run code of their choosing, or silence its logs.",
      bad: "import logging.config\n\nthread = logging.config.listen(9030)\nthread.start()\n",
      good:
        "import hmac, logging.config\n\ndef verified(data: bytes) -> bytes | None:\n    mac, body = data[:32], data[32:]\n" +
        "    expected = hmac.digest(LOG_CONFIG_KEY, body, \"sha256\")\n    return body if hmac.compare_digest(mac, expected) else None\n\n" +
        "thread = logging.config.listen(9030, verify=verified)\n",
      references: ["CWE-94", "https://docs.python.org/3/library/logging.config.html#logging.config.listen"],
    },
  },
  create(ctx) {
    const { model } = ctx;
    return {
      "logging.config.listen"(call) {
        const a = model.args(call);
        const verify = model.arg(call, 1, "verify");
        if (verify && model.constant(verify) !== null) return;
        if (!verify && (a.hasDoubleStar || (a.starAt >= 0 && a.starAt <= 1))) return;
        ctx.report(call, "logging.config.listen() without verify= applies any configuration sent to its port, which can run arbitrary code; pass a verify callable that authenticates the data");
      },
    };
  },
});
