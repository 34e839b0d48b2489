import { defineTaintRule } from "./define.js";

/** PW259: Untrusted input is parsed as XML by a parser that expands entities. */
export default defineTaintRule(
  { kind: "xml", what: "an XML parser", advice: "parse untrusted XML with defusedxml, or an lxml parser with resolve_entities=False and no_network=True" },
  {
    code: "PW259",
    name: "xml-external-entity",
    practice: "input-validation",
    cwe: [611],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted input is parsed as XML by a parser that expands entities: lxml (`fromstring`, `XML`, `parse` without a hardened parser), `xml.etree`, `xml.dom.minidom`, `xml.sax`, `xmltodict`.",
      why: "Entity declarations in the document make the parser read local files or URLs into the result (XXE) or expand into gigabytes (billion laughs). defusedxml refuses them.",
      bad: "doc = lxml.etree.fromstring(request.data)\n",
      good: "doc = defusedxml.ElementTree.fromstring(request.data)\n",
      references: ["CWE-611", "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html", "https://pypi.org/project/defusedxml/"],
    },
  },
);
