/**
 * The identity of a cache's contents: a digest of the effective configuration and of the running pyward's own
 * code, so entries written by another build or under another configuration are never read (see `cache.ts`).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { VERSION } from "../version.js";

/** Key order-independent JSON: the same settings always give the same digest. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

let identity: string | undefined;

/**
 * An identity of the running pyward code: the relative path, size and modification time of every module of
 * the tree this file belongs to (`dist/` or `src/`), and the versions of the parser packages. Computed once.
 */
export function codeIdentity(): string {
  if (identity) return identity;
  const h = createHash("sha256");
  const root = fileURLToPath(new URL("..", import.meta.url));
  const stack = [root];
  const entries: string[] = [];
  while (stack.length) {
    const dir = stack.pop()!;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of names) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) stack.push(p);
      else if (/\.(?:[cm]?js|ts|json|wasm)$/.test(d.name) && !d.name.endsWith(".map") && !d.name.endsWith(".d.ts")) {
        try {
          const st = fs.statSync(p);
          entries.push(`${path.relative(root, p)}\0${st.size}\0${st.mtimeMs}`);
        } catch {
          /* gone meanwhile */
        }
      }
    }
  }
  entries.sort();
  for (const e of entries) h.update(e).update("\n");
  const require = createRequire(import.meta.url);
  for (const pkg of ["web-tree-sitter/package.json", "tree-sitter-python/package.json"]) {
    try {
      h.update(`${pkg}\0${(require(pkg) as { version: string }).version}\n`);
    } catch {
      /* not resolvable through exports: the code identity still covers pyward itself */
    }
  }
  identity = `${VERSION}:${h.digest("hex").slice(0, 32)}`;
  return identity;
}

/** Digest of the effective configuration (see the module comment); `settings` is any plain data. */
export function configDigest(settings: unknown): string {
  return createHash("sha256").update(`${codeIdentity()}\0${stableStringify(settings)}`).digest("hex");
}
