#!/usr/bin/env node
// Checks pyward's syntax tree (src/parse/syntax-tree.ts) against tree-sitter's own node API, node by node: type,
// named, missing, has-error, range, field, parent; children by every field name (on every `sample`th node with
// children, with the children, named children, first and last child); text and `descendantForIndex` at every leaf;
// `descendantsOfType` from the root for a few types. The three known differences are allowed, each where
// tree-sitter's answer is the odd one (see the comments below and src/parse/syntax-tree.ts): an ERROR leaf's
// has-error, a "child" by field that is a grandchild, and the child by field of an ERROR node.
//
//   npm run build && node scripts/syntax-tree-diff.mjs [PATH…]   (default: the local standard library)
//
// Prints the files checked and every difference (at most 20), and exits 1 when there is one. The test
// tests/parse/syntax-tree.test.ts runs the same comparison (`diffTrees`) on the fixtures and on broken snippets.

/** Depth (in visible nodes) past which tree-sitter's own recursive queries are not asked. */
const MAX_QUERY_DEPTH = 400;

/** The key of a node for comparison: type and range (null for no node). */
const key = (n) => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : "null");

/**
 * Differences between `ts` (a web-tree-sitter Tree) and `flat` (pyward's SyntaxTree) of the same text, as lines.
 * @param fieldNames the grammar's field names (web-tree-sitter `language.fields`, without the leading null)
 * @param sample check children by field name on every `sample`th node that has children (1: every one)
 * @param notes receives a line when some nodes were too deep for tree-sitter's recursive queries
 */
export function diffTrees(ts, flat, fieldNames, sample = 1, notes = undefined) {
  const out = [];
  const say = (msg) => {
    if (out.length < 20) out.push(msg);
  };
  const fieldOf = new Map([...flat.grammar.fieldIds].map(([name, id]) => [id, name]));
  const cursor = ts.walk();
  const stack = [];
  let i = 0;
  let internal = 0;
  let deep = 0;
  try {
    for (;;) {
      if (i >= flat.count) {
        say(`tree-sitter has more nodes than ${flat.count}`);
        return out;
      }
      const node = cursor.currentNode;
      const f = flat.node(i);
      // tree-sitter gives hasError false for an ERROR leaf (an unexpected character, of zero error cost); pyward
      // counts every ERROR node as having an error
      const tsHasError = node.hasError || node.type === "ERROR";
      const want = `${node.type}|${node.isNamed}|${node.isMissing}|${tsHasError}|${node.startIndex}-${node.endIndex}|${cursor.currentFieldName ?? ""}|${stack.at(-1) ?? -1}`;
      const flatField = fieldOf.get(flat.fields[i]) ?? "";
      const got = `${f.type}|${f.isNamed}|${f.isMissing}|${f.hasError}|${f.startIndex}-${f.endIndex}|${flatField}|${f.parent ? f.parent.id : -1}`;
      if (want !== got) say(`node ${i}: tree-sitter ${want}, pyward ${got}`);
      // tree-sitter's own queries recurse in C: past this depth they may overflow its stack (the cursor walk is
      // iterative), so deeper nodes are compared by the walk's facts only
      if (stack.length > MAX_QUERY_DEPTH) deep++;
      else if (node.childCount > 0 && internal++ % sample === 0) {
        for (const name of fieldNames) {
          // tree-sitter's child by field can answer a grandchild: a field inherited from a hidden rule that an
          // alias made visible (`match_statement` → `alternative`, which is a child of the `block`); pyward
          // answers with children only
          // and on an ERROR node it answers null where its children by field (and pyward) name the first one
          const tsChild = node.type === "ERROR" ? (node.childrenForFieldName(name)[0] ?? null) : node.childForFieldName(name);
          const a = key(tsChild && tsChild.parent?.equals(node) ? tsChild : null);
          const b = key(f.childForFieldName(name));
          if (a !== b) say(`node ${i} (${node.type}) field ${name}: tree-sitter ${a}, pyward ${b}`);
          const as = node.childrenForFieldName(name).map(key).join(",");
          const bs = f.childrenForFieldName(name).map(key).join(",");
          if (as !== bs) say(`node ${i} (${node.type}) fields ${name}: tree-sitter [${as}], pyward [${bs}]`);
        }
        const ac = node.children.map(key).join(",");
        const bc = f.children.map(key).join(",");
        if (ac !== bc) say(`node ${i} (${node.type}) children: tree-sitter [${ac}], pyward [${bc}]`);
        const an = node.namedChildren.map(key).join(",");
        const bn = f.namedChildren.map(key).join(",");
        if (an !== bn) say(`node ${i} (${node.type}) named children: tree-sitter [${an}], pyward [${bn}]`);
        if (key(node.firstChild) !== key(f.firstChild) || key(node.lastChild) !== key(f.lastChild)) say(`node ${i} (${node.type}) first/last child differ`);
      }
      if (node.childCount === 0 && stack.length <= MAX_QUERY_DEPTH) {
        if (node.text !== f.text) say(`node ${i} text differs`);
        const a = key(ts.rootNode.descendantForIndex(node.startIndex, node.endIndex));
        const b = key(flat.rootNode.descendantForIndex(node.startIndex, node.endIndex));
        if (a !== b) say(`descendantForIndex(${node.startIndex}, ${node.endIndex}): tree-sitter ${a}, pyward ${b}`);
      }
      i++;
      if (cursor.gotoFirstChild()) {
        stack.push(i - 1);
        continue;
      }
      let moved = cursor.gotoNextSibling();
      while (!moved && cursor.gotoParent()) {
        stack.pop();
        moved = cursor.gotoNextSibling();
      }
      if (!moved) break;
    }
  } finally {
    cursor.delete();
  }
  if (i !== flat.count) say(`tree-sitter has ${i} nodes, pyward ${flat.count}`);
  if (deep && notes) notes.push(`${deep} nodes deeper than ${MAX_QUERY_DEPTH} compared by the walk's facts only`);
  // ERROR alone: web-tree-sitter 0.25's descendantsOfType finds nothing when ERROR is mixed with other types
  for (const types of [["call", "string"], ["identifier"], ["comment", "function_definition"], ["ERROR"]]) {
    const a = ts.rootNode.descendantsOfType(types).map(key).join(",");
    const b = flat.rootNode.descendantsOfType(types).map(key).join(",");
    if (a !== b) say(`descendantsOfType(${types}) differs`);
  }

  if (ts.rootNode.hasError !== flat.hasError) say(`hasError: tree-sitter ${ts.rootNode.hasError}, pyward ${flat.hasError}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const { execFileSync } = await import("node:child_process");
  const { parsePython, parseTreeSitter, getParser } = await import("../dist/parse/parser.js");
  const { decodePython } = await import("../dist/parse/decode.js");
  const roots = process.argv.slice(2);
  if (!roots.length) roots.push(execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim());
  const files = [];
  const visit = (p) => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) (e !== "site-packages" && e !== "node_modules") && visit(path.join(p, e));
    else if (st.isFile() && p.endsWith(".py")) files.push(p);
  };
  roots.forEach(visit);
  const fieldNames = (await getParser()).language.fields.filter(Boolean);
  let bad = 0;
  let nodes = 0;
  for (const file of files) {
    const d = decodePython(fs.readFileSync(file));
    if (!d.ok) continue;
    const flat = await parsePython(d.text);
    const ts = await parseTreeSitter(d.text);
    if (!flat || !ts) continue;
    try {
      nodes += flat.count;
      const notes = [];
      const diffs = diffTrees(ts, flat, fieldNames, 25, notes);
      for (const note of notes) console.log(`${file}: ${note}`);
      if (diffs.length) {
        bad++;
        console.log(`${file}:\n  ${diffs.join("\n  ")}`);
      }
    } finally {
      ts.delete();
    }
  }
  console.log(`${files.length} files, ${nodes} nodes, ${bad} with differences`);
  process.exitCode = bad ? 1 : 0;
}
