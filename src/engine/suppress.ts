/**
 * Inline suppressions: `# nosec` (Bandit), `# noqa: S602` (Ruff/flake8) and `# pyward: ignore[...]`.
 *
 * - `# nosec` with no ids silences every finding on the statement, as Bandit does.
 * - `# nosec B602,B608` (also `# nosec: B602`) silences only those ids.
 * - A bare `# noqa` does not silence security findings: it is usually added for style linters.
 * - `# noqa: S602, E501` silences the listed ids.
 * - `# pyward: ignore[PW201, sql-string-built]` silences codes, names or aliases; `# pyward: ignore` all.
 */

/** What one comment suppresses: everything (`"all"`) or a set of upper-cased ids. */
export type Suppression = "all" | Set<string>;

const NOSEC = /#\s*nosec\b:?([^#]*)/i;
const NOQA = /#\s*noqa\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)/i;
const PYWARD = /#\s*pyward\s*:\s*ignore\b(?:\[([^\]]*)\])?/i;

/** Any of the three markers, in any case: a file whose text has none holds no suppression. */
const MARKER = /nosec|noqa|pyward/i;

/**
 * False when no comment of a file with this text can hold a suppression (none of `nosec`, `noqa`, `pyward` is
 * written anywhere in it, in any case): the engine then does not collect its comments at all.
 */
export function maySuppress(text: string): boolean {
  return MARKER.test(text);
}

/**
 * Parses the suppression in one comment's text (`# nosec B602`), or undefined when it has none.
 * Unrelated text after a bare `# nosec` (`# nosec - reviewed`) still counts as a bare nosec.
 */
export function parseSuppression(comment: string): Suppression | undefined {
  const ids = new Set<string>();
  let all = false;
  let any = false;
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    any = true;
    const listed = nosec[1].match(/\b[A-Z]+[0-9]{2,}\b/gi);
    if (listed && /^[\s:,]*[A-Z]+[0-9]{2,}/i.test(nosec[1])) for (const id of listed) ids.add(id.toUpperCase());
    else all = true;
  }
  const noqa = NOQA.exec(comment);
  if (noqa) {
    any = true;
    for (const id of noqa[1].split(/[\s,]+/)) if (id) ids.add(id.toUpperCase());
  }
  const pw = PYWARD.exec(comment);
  if (pw) {
    any = true;
    if (pw[1] === undefined || !pw[1].trim()) all = true;
    else for (const id of pw[1].split(/[\s,]+/)) if (id) ids.add(id.toUpperCase());
  }
  if (!any) return undefined;
  return all ? "all" : ids;
}

/** Line → suppression, for one file. */
export class SuppressionIndex {
  private readonly byLine = new Map<number, Suppression>();

  /** Records the suppression of a comment on 1-based `line` (merged with others on the same line). */
  add(line: number, s: Suppression): void {
    const prev = this.byLine.get(line);
    if (prev === "all" || s === "all") this.byLine.set(line, "all");
    else if (prev) for (const id of s) prev.add(id);
    else this.byLine.set(line, new Set(s));
  }

  get size(): number {
    return this.byLine.size;
  }

  /** The suppressions on lines `[first, last]`, merged: `"all"` or the sorted ids. */
  collect(first: number, last: number): "all" | string[] {
    const ids = new Set<string>();
    for (let line = first; line <= last; line++) {
      const s = this.byLine.get(line);
      if (s === "all") return "all";
      if (s) for (const id of s) ids.add(id);
    }
    return [...ids].sort();
  }

  /**
   * True when a suppression on any line in `[first, last]` names one of `ids` (code, name, aliases; any
   * case) or is a blanket one.
   */
  suppresses(first: number, last: number, ids: readonly string[]): boolean {
    if (!this.byLine.size) return false;
    for (let line = first; line <= last; line++) {
      const s = this.byLine.get(line);
      if (!s) continue;
      if (s === "all") return true;
      for (const id of ids) if (s.has(id.toUpperCase())) return true;
    }
    return false;
  }
}

/** True when a collected suppression (see {@link SuppressionIndex.collect}) names one of `ids`. */
export function suppressedBy(collected: "all" | readonly string[], ids: readonly string[]): boolean {
  if (collected === "all") return true;
  return ids.some((id) => collected.includes(id.toUpperCase()));
}
