import { defineRule, type Handler } from "../types.js";
import type { Node } from "../../parse/parser.js";

/** Functions and methods that open a URL of any scheme `urllib` supports (`file:`, `ftp:`, `data:`, custom): name → keyword of the URL. */
const OPENERS: Readonly<Record<string, string>> = {
  "urllib.request.urlopen": "url",
  "urllib.request.urlretrieve": "url",
  "urllib.request.Request": "url",
  "urllib.request.OpenerDirector.open": "fullurl",
  "urllib.request.URLopener.open": "fullurl",
  "urllib.request.URLopener.retrieve": "url",
  "urllib.request.FancyURLopener.open": "fullurl",
  "urllib.request.FancyURLopener.retrieve": "url",
  "six.moves.urllib.request.urlopen": "url",
  "six.moves.urllib.request.urlretrieve": "url",
  "six.moves.urllib.request.Request": "url",
  // Python 2
  "urllib.urlopen": "url",
  "urllib.urlretrieve": "url",
  "urllib2.urlopen": "url",
  "urllib2.Request": "url",
  "urllib2.OpenerDirector.open": "fullurl",
};

/** Types whose instances carry a URL already checked where they were made. */
const REQUEST_TYPES = new Set(["urllib.request.Request", "urllib2.Request", "six.moves.urllib.request.Request"]);

/** A fixed scheme at the start of the URL text (before any varying part), e.g. `https`. */
const FIXED_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** PW214: `urllib` asked to open a URL whose scheme is not fixed, so `file:` and other schemes get through. */
export default defineRule({
  namesOnly: true,
  meta: {
    code: "PW214",
    name: "url-open-any-scheme",
    practice: "input-validation",
    cwe: [22, 939],
    severity: "medium",
    confidence: "medium",
    aliases: ["B310", "S310"],
    docs: {
      what:
        "`urllib.request.urlopen`, `urlretrieve`, `Request`, `build_opener().open` and the legacy `URLopener`/" +
        "`FancyURLopener` `open`/`retrieve` methods (and their `six.moves` and Python 2 `urllib`/`urllib2` " +
        "names) given a URL that is not a constant and does not start with a fixed scheme. A URL built as " +
        "`f\"https://{host}/api\"` is fine (its scheme cannot change); so are constant URLs and `urlopen(req)` of " +
        "a `Request` (the `Request` call is checked instead). A scheme check earlier in the function is not " +
        "seen: suppress the finding there.",
      why:
        "`urllib` opens more than HTTP: `file:///etc/passwd` reads local files, `ftp:` and `data:` work too, and " +
        "handlers installed by the program add more. A URL taken from a user, a webhook setting or a document " +
        "can therefore read the server's own files or reach internal services (CWE-22, CWE-939, and server-side " +
        "request forgery when the host varies).",
      bad: 'def fetch_avatar(url):\n    return urllib.request.urlopen(url, timeout=10).read()\n',
      good:
        'import requests\n\ndef fetch_avatar(url):\n    return requests.get(url, timeout=10).content  # speaks http and https only\n',
      references: [
        "CWE-22",
        "CWE-939",
        "https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen",
        "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
      ],
    },
  },
  create(ctx) {
    const { model } = ctx;

    /** True when the URL's scheme is fixed by the program (constant URL, or constant scheme prefix other than `file`). */
    const fixedScheme = (url: Node): boolean => {
      if (model.isConstant(url)) return true;
      const shape = model.stringShape(url);
      const m = shape ? FIXED_SCHEME.exec(shape.text) : null;
      return !!m && m[1].toLowerCase() !== "file";
    };

    const check = (name: string, keyword: string): Handler => (call) => {
      const url = model.arg(call, 0, keyword);
      if (!url) return;
      const type = model.typeOf(url);
      if (type && REQUEST_TYPES.has(type)) return;
      if (fixedScheme(url)) return;
      const parts = name.split(".");
      const owner = parts[parts.length - 2];
      const short = /^[A-Z]/.test(owner) ? `${owner}.${parts[parts.length - 1]}` : parts[parts.length - 1];
      ctx.report(call, `${short}() is given a URL whose scheme is not fixed, so file:// and other schemes are accepted; check the scheme (http/https) first`);
    };

    const handlers: Record<string, Handler> = {};
    for (const [name, keyword] of Object.entries(OPENERS)) handlers[name] = check(name, keyword);
    return handlers;
  },
});
