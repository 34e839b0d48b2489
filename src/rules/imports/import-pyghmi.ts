import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

/** PW621: a reminder that the module drives IPMI through `pyghmi` (off by default). */
export default defineRule({
  meta: {
    code: "PW621",
    name: "import-pyghmi",
    practice: "other",
    cwe: [319],
    severity: "low",
    confidence: "low",
    aliases: ["B415", "S415"],
    enabledByDefault: false,
    docs: {
      what: "Imports of `pyghmi`, a client for IPMI, the out-of-band management protocol of server boards. A reminder only, off by default.",
      why:
        "IPMI's authentication is weak by design (the RAKP handshake hands out a password hash anyone can crack " +
        "offline) and its traffic is easily exposed. Management controllers belong on an isolated network, driven " +
        "over Redfish with TLS where the hardware allows.",
      bad: "from pyghmi.ipmi import command\n",
      good: "import redfish  # Redfish over HTTPS\n",
      references: ["CWE-319", "https://www.rapid7.com/blog/post/2013/07/02/a-penetration-testers-guide-to-ipmi/", "https://www.dmtf.org/standards/redfish"],
    },
  },
  create(ctx) {
    return importHandlers(ctx.model, { modules: ["pyghmi"] }, (node, name) =>
      ctx.report(node, `imports ${name}: IPMI authentication is weak and easily exposed; isolate the management network or use Redfish over TLS`),
    );
  },
});
