import { defineRule } from "../types.js";
import { importHandlers, type ImportTargets } from "../util/imports.js";

/** Names of the ElementTree API that build or write XML and never parse it. */
const ETREE_BUILDING = new Set([
  "Element", "SubElement", "tostring", "tostringlist", "dump", "Comment", "ProcessingInstruction", "PI", "QName",
  "indent", "register_namespace", "ParseError", "iselement", "TreeBuilder",
]);
const LXML_BUILDING = new Set([
  "Element", "SubElement", "tostring", "QName", "Comment", "ProcessingInstruction", "CDATA", "XMLSyntaxError",
  "ElementBase", "iselement", "indent", "strip_tags", "strip_elements", "strip_attributes", "register_namespace",
]);
const MINIDOM_BUILDING = new Set(["Document", "Element", "Text", "Node", "Comment", "Attr", "getDOMImplementation", "DOMImplementation"]);
const SAX_TYPES = new Set(["SAXException", "SAXParseException", "SAXNotRecognizedException", "SAXNotSupportedException", "ContentHandler", "ErrorHandler"]);

/** The stdlib XML parsers and lxml, with the parts of them that only build, escape or name things. */
const TARGETS: ImportTargets = {
  modules: [
    "xml.etree.ElementTree",
    "xml.etree.cElementTree",
    "xml.sax",
    "xml.dom.expatbuilder",
    "xml.dom.minidom",
    "xml.dom.pulldom",
    "xml.parsers.expat",
    "lxml",
  ],
  exempt: ["xml.sax.saxutils", "xml.sax.handler", "lxml.builder", "lxml.html.builder"],
  harmless: {
    "xml.etree.ElementTree": ETREE_BUILDING,
    "xml.etree.cElementTree": ETREE_BUILDING,
    "lxml.etree": LXML_BUILDING,
    "xml.dom.minidom": MINIDOM_BUILDING,
    "xml.sax": SAX_TYPES,
  },
};

/** PW617: a reminder that the module imports an XML parser that is not hardened (off by default). */
export default defineRule({
  meta: {
    code: "PW617",
    name: "import-xml-parser",
    practice: "input-validation",
    cwe: [611, 776],
    severity: "low",
    confidence: "low",
    aliases: ["B405", "B406", "B407", "B408", "B409", "B410", "S405", "S406", "S407", "S408", "S409", "S410"],
    enabledByDefault: false,
    docs: {
      what:
        "Imports of the standard library's XML parsers (`xml.etree.ElementTree`/`cElementTree`, `xml.sax`, " +
        "`xml.dom.minidom`, `xml.dom.pulldom`, `xml.dom.expatbuilder`, `xml.parsers.expat`) and of `lxml`. " +
        "Importing only what builds or writes XML (`from xml.etree.ElementTree import Element, tostring`), " +
        "`xml.sax.saxutils` (escaping), `xml.sax.handler` (base classes) or `lxml.builder` is not reported. One rule " +
        "covers the six peer checks B405–B410 / S405–S410, which differ only in the module named and share the same " +
        "fix: ignoring or selecting any of those ids switches this whole rule. A reminder only, off by default.",
      why:
        "XML parsers that expand entities can be made to exhaust memory (\"billion laughs\", quadratic blowup) and, " +
        "for parsers that resolve external entities or DTDs (lxml by default for DTDs, SAX and pulldom with " +
        "feature flags), read local files or reach internal URLs (XXE). `defusedxml` provides drop-in parsers " +
        "that refuse these constructs.",
      bad: "import xml.etree.ElementTree as ET\ntree = ET.fromstring(request_body)\n",
      good: "import defusedxml.ElementTree as ET\ntree = ET.fromstring(request_body)\n",
      references: [
        "CWE-611",
        "CWE-776",
        "https://docs.python.org/3/library/xml.html#xml-vulnerabilities",
        "https://github.com/tiran/defusedxml",
        "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    return importHandlers(ctx.model, TARGETS, (node, name) =>
      ctx.report(node, `imports ${name}: parsing untrusted XML with it risks entity expansion or XXE; use defusedxml`),
    );
  },
});
