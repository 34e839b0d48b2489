/**
 * Unified diffs (the `diff -u` / `git diff` text format: `---`/`+++` headers, `@@ -a,b +c,d @@` hunks with
 * three lines of context) between two versions of a text file, for `pyward audit --fix --dry-run`.
 */

/** Splits text into lines, each keeping its terminator (`\n`, `\r\n` or `\r`); the last may have none. */
export function splitKeepingEnds(text: string): string[] {
  const out: string[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

type Op = [kind: " " | "-" | "+", line: string];

/** Line edit script from `a` to `b`: longest common subsequence on the part between common prefix and suffix. */
function editScript(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = a.slice(0, pre).map((l) => [" ", l] as Op);
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if (n * m > 25_000_000) {
    for (const l of am) ops.push(["-", l]);
    for (const l of bm) ops.push(["+", l]);
  } else {
    // lcs[i][j] = LCS length of am[i:] and bm[j:], row-major in one array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push([" ", am[i]]);
        i++;
        j++;
      } else if (i < n && (j >= m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
        ops.push(["-", am[i++]]);
      } else {
        ops.push(["+", bm[j++]]);
      }
    }
  }
  for (const l of a.slice(a.length - suf)) ops.push([" ", l]);
  return ops;
}

function show(kind: string, line: string): string[] {
  const bare = line.replace(/\r?\n$|\r$/, "");
  const out = [`${kind}${bare}`];
  if (bare === line) out.push("\\ No newline at end of file");
  return out;
}

/**
 * A unified diff of `before` → `after` for the file `file` (headers `--- a/<file>` and `+++ b/<file>`), with
 * `context` lines of context (default 3). Returns "" when the texts are equal.
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = splitKeepingEnds(before);
  const b = splitKeepingEnds(after);
  const ops = editScript(a, b);
  const lines = [`--- a/${file}`, `+++ b/${file}`];
  // Positions (0-based) of changes in the op list, grouped into hunks.
  const changed = ops.map((o, i) => (o[0] === " " ? -1 : i)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    let start = Math.max(0, changed[k] - context);
    let end = changed[k];
    while (k < changed.length && changed[k] - end <= 2 * context) end = changed[k++];
    end = Math.min(ops.length - 1, end + context);
    // Line numbers at `start`.
    let aLine = 1;
    let bLine = 1;
    for (let i = 0; i < start; i++) {
      if (ops[i][0] !== "+") aLine++;
      if (ops[i][0] !== "-") bLine++;
    }
    let aCount = 0;
    let bCount = 0;
    const body: string[] = [];
    for (let i = start; i <= end; i++) {
      const [kind, line] = ops[i];
      if (kind !== "+") aCount++;
      if (kind !== "-") bCount++;
      body.push(...show(kind, line));
    }
    const range = (l: number, c: number): string => (c === 1 ? `${l}` : `${c === 0 ? l - 1 : l},${c}`);
    lines.push(`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`, ...body);
    start = end + 1;
  }
  return `${lines.join("\n")}\n`;
}
