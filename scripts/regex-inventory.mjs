// Every regular expression written in pyward's source: regex literals and `new RegExp(...)` calls, found with
// the TypeScript parser (so regexes in comments and strings are not mistaken for code). Used by
// scripts/redos-audit.mjs and tests/hostile/redos.test.ts.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Lists the regexes under `root` (default `src`).
 * @returns `{ file, line, source, flags }` for each literal or constant `new RegExp`, and `{ file, line, code }`
 *   for each `new RegExp` built at run time (reviewed by hand)
 */
export function regexInventory(root = "src") {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) files.push(p);
    }
  };
  walk(root);
  files.sort();
  const regexes = [];
  const dynamic = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const rel = file.split(path.sep).join("/");
    const lineOf = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const visit = (n) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = n.text;
        const cut = lit.lastIndexOf("/");
        regexes.push({ file: rel, line: lineOf(n), source: lit.slice(1, cut), flags: lit.slice(cut + 1) });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText(sf) === "RegExp") {
        const [a, b] = n.arguments ?? [];
        const constant = (x) => x && (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x));
        if (constant(a) && (!b || constant(b))) regexes.push({ file: rel, line: lineOf(n), source: a.text, flags: b ? b.text : "" });
        else dynamic.push({ file: rel, line: lineOf(n), code: n.getText(sf).replace(/\s+/g, " ").slice(0, 200) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { regexes, dynamic };
}
