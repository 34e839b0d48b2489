import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** lxml parsing functions: name → position and keyword of the input; the parser is the `parser=` keyword. */
function table(): Record<string, { position: number; keyword: string; parserAt?: number }> {
  const t: Record<string, { position: number; keyword: string; parserAt?: number }> = {};
  for (const mod of ["lxml.etree", "lxml.objectify"]) {
    t[`${mod}.parse`] = { position: 0, keyword: "source", parserAt: 1 };
    t[`${mod}.fromstring`] = { position: 0, keyword: "text", parserAt: 1 };
    t[`${mod}.XML`] = { position: 0, keyword: "text", parserAt: 1 };
  }
  t["lxml.etree.fromstringlist"] = { position: 0, keyword: "strings", parserAt: 1 };
  t["lxml.etree.XMLID"] = { position: 0, keyword: "text", parserAt: 1 };
  t["lxml.etree.XMLDTDID"] = { position: 0, keyword: "text", parserAt: 1 };
  t["lxml.etree.parseid"] = { position: 0, keyword: "source", parserAt: 1 };
  return t;
}

const PARSE_FUNCTIONS = table();

/** Parser classes and `iterparse`, which take the entity options as keywords. */
const PARSER_CLASSES = ["lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.ETCompatXMLParser", "lxml.etree.iterparse", "lxml.objectify.makeparser"];

/** PW216: lxml told to resolve external entities, or parsing outside XML with entity resolution left on. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW216",
    name: "lxml-unsafe-parser",
    practice: "input-validation",
    cwe: [611, 776],
    severity: "high",
    confidence: "high",
    aliases: ["B320", "S320"],
    docs: {
      what:
        "Two things. (1) An lxml parser made with options that open it to entity attacks: `XMLParser`, " +
        "`XMLPullParser`, `ETCompatXMLParser`, `iterparse` or `objectify.makeparser` with `resolve_entities=True`, " +
        "`no_network=False`, or `huge_tree=True` — high severity. (2) `lxml.etree`/`lxml.objectify` `parse`, " +
        "`fromstring`, `XML`, `fromstringlist`, `XMLID`, `XMLDTDID`, `parseid` (and `iterparse`) of XML that is not a constant, " +
        "with the default parser or a parser made in the file without `resolve_entities=False` — medium " +
        "severity, low confidence, because lxml 5.0 changed the default to internal entities only. Constant " +
        "XML and parsers built with `resolve_entities=False` (or `\"internal\"`) are not reported.",
      why:
        "Up to lxml 4.9 the default parser substitutes every entity the document declares, external ones " +
        "included: a `<!ENTITY x SYSTEM \"file:///etc/passwd\">` puts local files into the parsed tree (XXE), " +
        "and nested entities can exhaust memory. `no_network=False` lets entities fetch URLs (server-side " +
        "request forgery); `huge_tree=True` lifts libxml2's size and depth limits that stop expansion bombs.",
      bad: 'from lxml import etree\n\nparser = etree.XMLParser(resolve_entities=True)\ndoc = etree.fromstring(upload, parser)\n',
      good: 'from lxml import etree\n\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\ndoc = etree.fromstring(upload, parser)\n',
      references: [
        "CWE-611",
        "CWE-776",
        "https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint",
        "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** The options of a parser construction that make it unsafe, as `name=value` texts. */
    const dangerousOptions = (call: Node): string[] => {
      const kw = model.args(call).keywords;
      const out: string[] = [];
      const resolve = kw.get("resolve_entities");
      if (resolve && model.constant(resolve) === true) out.push(`resolve_entities=${resolve.text}`);
      const network = kw.get("no_network");
      if (network && model.isFalse(network)) out.push(`no_network=${network.text}`);
      const huge = kw.get("huge_tree");
      if (huge && model.truthy(huge) === true) out.push(`huge_tree=${huge.text}`);
      return out;
    };

    /** The parser construction an argument refers to, when it is visible in this file. */
    const parserCall = (node: Node): Node | undefined => {
      let n: Node | undefined = node;
      if (n.type === "identifier") {
        const list = model.bindingsOf(n.text, n.startIndex);
        n = list.length === 1 && list[0].kind === "assign" ? list[0].value : undefined;
      }
      return n?.type === "call" ? n : undefined;
    };

    /** Whether parsing with `parser` (absent: the default parser) leaves entity resolution on. */
    const resolvesEntities = (parser: Node | undefined): boolean => {
      if (!parser || model.constant(parser) === null) return true;
      const call = parserCall(parser);
      if (!call) return false; // a parser from elsewhere: not judged here
      const name = model.callee(call);
      if (!name || !PARSER_CLASSES.includes(name)) return false;
      const resolve = model.args(call).keywords.get("resolve_entities");
      if (!resolve) return !model.args(call).hasDoubleStar;
      return model.constant(resolve) === true; // False / "internal" / varying: not the default
    };

    const handlers: Record<string, Handler> = {};
    for (const name of PARSER_CLASSES) {
      handlers[name] = (call) => {
        const bad = dangerousOptions(call);
        const short = name.split(".").pop()!;
        if (!bad.length) {
          // iterparse parses as well: its own options decide, with the same defaults as XMLParser
          if (name !== "lxml.etree.iterparse") return;
          const a = model.args(call);
          const source = model.arg(call, 0, "source");
          if (!source || model.isConstant(source) || a.keywords.has("resolve_entities") || a.hasDoubleStar) return;
          ctx.report(call, "iterparse() parses XML from outside the program and resolves entities by default before lxml 5; pass resolve_entities=False", {
            severity: "medium",
            confidence: "low",
          });
          return;
        }
        ctx.report(call, `${short}(${bad.join(", ")}) lets documents pull in external entities or expand without limits (XXE, entity bombs); use resolve_entities=False and keep no_network and the size limits`);
      };
    }
    for (const [name, input] of Object.entries(PARSE_FUNCTIONS)) {
      handlers[name] = (call) => {
        const source = model.arg(call, input.position, input.keyword);
        if (!source || model.isConstant(source)) return;
        const parser = model.arg(call, input.parserAt, "parser");
        if (!resolvesEntities(parser)) return;
        // a parser that is itself dangerous is reported where it is made
        const made = parser ? parserCall(parser) : undefined;
        if (made && dangerousOptions(made).length) return;
        const short = name.split(".").slice(-2).join(".");
        ctx.report(call, `${short}() parses XML from outside the program with a parser that resolves entities by default before lxml 5; pass parser=etree.XMLParser(resolve_entities=False)`, {
          severity: "medium",
          confidence: "low",
        });
      };
    }
    return handlers;
  },
});
