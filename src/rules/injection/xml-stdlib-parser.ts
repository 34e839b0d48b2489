import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Where a standard-library XML parsing call takes its input. */
interface Input {
  position: number;
  keyword: string;
  /** Module whose defusedxml counterpart to suggest. */
  instead: string;
}

function table(): Record<string, Input> {
  const t: Record<string, Input> = {};
  for (const mod of ["xml.etree.ElementTree", "xml.etree.cElementTree"]) {
    const instead = "defusedxml.ElementTree";
    t[`${mod}.parse`] = { position: 0, keyword: "source", instead };
    t[`${mod}.iterparse`] = { position: 0, keyword: "source", instead };
    t[`${mod}.fromstring`] = { position: 0, keyword: "text", instead };
    t[`${mod}.XML`] = { position: 0, keyword: "text", instead };
    t[`${mod}.fromstringlist`] = { position: 0, keyword: "sequence", instead };
    t[`${mod}.XMLID`] = { position: 0, keyword: "text", instead };
    t[`${mod}.ElementTree`] = { position: 1, keyword: "file", instead };
  }
  const et = "defusedxml.ElementTree";
  t["xml.etree.ElementTree.ElementTree.parse"] = { position: 0, keyword: "source", instead: et };
  t["xml.etree.ElementTree.XMLParser.feed"] = { position: 0, keyword: "data", instead: et };
  t["xml.etree.ElementTree.XMLPullParser.feed"] = { position: 0, keyword: "data", instead: et };
  t["xml.dom.minidom.parse"] = { position: 0, keyword: "file", instead: "defusedxml.minidom" };
  t["xml.dom.minidom.parseString"] = { position: 0, keyword: "string", instead: "defusedxml.minidom" };
  t["xml.dom.pulldom.parse"] = { position: 0, keyword: "stream_or_string", instead: "defusedxml.pulldom" };
  t["xml.dom.pulldom.parseString"] = { position: 0, keyword: "string", instead: "defusedxml.pulldom" };
  t["xml.dom.expatbuilder.parse"] = { position: 0, keyword: "file", instead: "defusedxml.expatbuilder" };
  t["xml.dom.expatbuilder.parseString"] = { position: 0, keyword: "string", instead: "defusedxml.expatbuilder" };
  t["xml.sax.parse"] = { position: 0, keyword: "source", instead: "defusedxml.sax" };
  t["xml.sax.parseString"] = { position: 0, keyword: "string", instead: "defusedxml.sax" };
  t["xml.sax.xmlreader.XMLReader.parse"] = { position: 0, keyword: "source", instead: "defusedxml.sax" };
  t["xml.sax.xmlreader.XMLReader.feed"] = { position: 0, keyword: "data", instead: "defusedxml.sax" };
  return t;
}

/** Standard-library XML parsing entry points: qualified name → input argument. */
const PARSERS: Readonly<Record<string, Input>> = table();

/** SAX features that make the parser fetch external entities (and so files and URLs). */
const EXTERNAL_ENTITY_FEATURES = new Set([
  "xml.sax.handler.feature_external_ges",
  "xml.sax.handler.feature_external_pes",
  "http://xml.org/sax/features/external-general-entities",
  "http://xml.org/sax/features/external-parameter-entities",
]);

/** PW215: XML from outside the program parsed with the standard library's parsers. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW215",
    name: "xml-stdlib-parser",
    practice: "input-validation",
    cwe: [611, 776],
    severity: "medium",
    confidence: "low",
    aliases: ["B313", "S313", "B314", "S314", "B315", "S315", "B316", "S316", "B317", "S317", "B318", "S318", "B319", "S319"],
    docs: {
      what:
        "XML that is not a constant parsed with the standard library: `xml.etree.ElementTree` and " +
        "`cElementTree` (`parse`, `iterparse`, `fromstring`, `XML`, `fromstringlist`, `XMLID`, `ElementTree(file=…)`, " +
        "`XMLParser.feed`), `xml.dom.minidom`, `xml.dom.pulldom`, `xml.dom.expatbuilder`, `xml.sax` (`parse`, " +
        "`parseString`, and `parse`/`feed` of a `make_parser()` reader, which covers `xml.sax.expatreader`). " +
        "One rule for the seven peer checks B313–B319 (one per module there). Constant XML text or file names are " +
        "not reported, nor are the `defusedxml` equivalents, nor calls given a `parser=` from `defusedxml`. " +
        "Turning on external entities on a SAX reader (`setFeature(feature_external_ges, True)`) is reported " +
        "with high severity and confidence.",
      why:
        "The standard-library parsers expand entities declared in the document's DTD. With an expat older than " +
        "2.4.1 a few hundred bytes of nested entities (\"billion laughs\") or one huge entity repeated " +
        "(quadratic blowup) exhaust memory and CPU; and a SAX parser with external entities turned on reads " +
        "local files or URLs named by the document (XXE). `defusedxml` refuses DTD tricks whatever the expat version.",
      bad: 'import xml.etree.ElementTree as ET\n\nroot = ET.fromstring(request.body)\n',
      good: 'import defusedxml.ElementTree as ET\n\nroot = ET.fromstring(request.body)\n',
      references: [
        "CWE-611",
        "CWE-776",
        "https://docs.python.org/3/library/xml.html#xml-vulnerabilities",
        "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
        "https://pypi.org/project/defusedxml/",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    const fromDefusedxml = (node: Node | undefined): boolean => {
      if (!node) return false;
      const name = model.typeOf(node) ?? model.resolve(node);
      return !!name && name.startsWith("defusedxml.");
    };

    const check = (name: string, input: Input): Handler => (call) => {
      const source = model.arg(call, input.position, input.keyword);
      if (!source || model.isConstant(source)) return;
      if (fromDefusedxml(model.args(call).keywords.get("parser"))) return;
      const short = name.split(".").slice(-2).join(".");
      ctx.report(call, `${short}() parses XML from outside the program with a standard-library parser that expands entities; use ${input.instead}`);
    };

    const handlers: Record<string, Handler> = {
      "xml.sax.xmlreader.XMLReader.setFeature"(call) {
        const feature = model.arg(call, 0, "name");
        const state = model.arg(call, 1, "state");
        if (!feature || model.truthy(state) !== true) return;
        const id = model.resolve(feature) ?? model.constant(feature);
        if (typeof id !== "string" || !EXTERNAL_ENTITY_FEATURES.has(id)) return;
        ctx.report(call, "the SAX reader is told to load external entities, so documents can read local files and URLs (XXE); leave the feature off", {
          severity: "high",
          confidence: "high",
        });
      },
    };
    for (const [name, input] of Object.entries(PARSERS)) handlers[name] = check(name, input);
    return handlers;
  },
});
