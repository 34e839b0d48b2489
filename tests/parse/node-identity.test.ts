/**
 * Syntax-tree node views are fresh objects (see `SyntaxTree.node`): code must compare nodes with `equals` or by
 * `id`, never by object identity. Checked with the TypeScript compiler over every source file: no `===`/`!==`
 * between two node-typed operands, no `includes`/`indexOf` of a node, no node as a Map or Set key.
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** True when `t` is, or is a union with, pyward's SyntaxNode. */
function isNode(t: ts.Type | undefined): boolean {
  if (!t) return false;
  if (t.isUnion()) return t.types.some(isNode);
  return (t.getSymbol() ?? t.aliasSymbol)?.getName() === "SyntaxNode";
}

describe("node views", () => {
  it("are never compared by object identity in src/", () => {
    const configPath = path.resolve("tsconfig.json");
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const srcDir = path.resolve("src") + path.sep;
    const program = ts.createProgram(config.fileNames.filter((f) => path.resolve(f).startsWith(srcDir)), config.options);
    const checker = program.getTypeChecker();
    const found: string[] = [];
    const equality = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
    let files = 0;
    for (const sf of program.getSourceFiles()) {
      if (!path.resolve(sf.fileName).startsWith(srcDir)) continue;
      files++;
      const at = (n: ts.Node, what: string): void => {
        const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
        found.push(`${path.relative(".", sf.fileName)}:${line + 1}: ${what}: ${n.getText().slice(0, 100)}`);
      };
      const visit = (n: ts.Node): void => {
        if (ts.isBinaryExpression(n) && equality.has(n.operatorToken.kind) && isNode(checker.getTypeAtLocation(n.left)) && isNode(checker.getTypeAtLocation(n.right))) {
          at(n, "identity comparison");
        }
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.arguments.length > 0) {
          const method = n.expression.name.text;
          const first = checker.getTypeAtLocation(n.arguments[0]);
          if (["includes", "indexOf", "lastIndexOf", "has", "get", "set", "add", "delete"].includes(method) && isNode(first)) at(n, `${method} by identity`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(files).toBeGreaterThan(200);
    expect(found).toEqual([]);
  }, 120_000);
});
