import { defineRule } from "../types.js";
import { importHandlers } from "../util/imports.js";

const DATA_TYPES = new Set(["Fault", "ProtocolError", "Error", "ResponseError", "Binary", "DateTime", "Boolean", "dumps", "escape"]);

/** PW618: a reminder that the module speaks XML-RPC through the stdlib parser (off by default). */
export default defineRule({
  meta: {
    code: "PW618",
    name: "import-xmlrpc",
    practice: "input-validation",
    cwe: [776],
    severity: "low",
    confidence: "low",
    aliases: ["B411", "S411"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of `xmlrpc.client`/`xmlrpc.server` and their Python 2 names (`xmlrpclib`, `SimpleXMLRPCServer`, " +
        "`DocXMLRPCServer`), except `from … import` of only fault, error and data types. A reminder only, off by default.",
      why:
        "XML-RPC parses whatever XML the peer sends with expat, and accepts gzip-compressed bodies: a hostile server " +
        "or client can send an entity-expansion or decompression bomb. `defusedxml.xmlrpc.monkey_patch()` hardens " +
        "both directions.",
      bad: "from xmlrpc.server import SimpleXMLRPCServer\n",
      good: "from defusedxml.xmlrpc import monkey_patch\nmonkey_patch()\nfrom xmlrpc.server import SimpleXMLRPCServer  # pyward: ignore[import-xmlrpc]\n",
      references: ["CWE-776", "https://docs.python.org/3/library/xml.html#xml-vulnerabilities", "https://github.com/tiran/defusedxml"],
    },
  },
  create(ctx) {
    const targets = {
      modules: ["xmlrpc", "xmlrpclib", "SimpleXMLRPCServer", "DocXMLRPCServer"],
      harmless: { "xmlrpc.client": DATA_TYPES, xmlrpclib: DATA_TYPES },
    };
    return importHandlers(ctx.model, targets, (node, name) =>
      ctx.report(node, `imports ${name}: XML-RPC parses peer-supplied XML without limits; call defusedxml.xmlrpc.monkey_patch()`),
    );
  },
});
