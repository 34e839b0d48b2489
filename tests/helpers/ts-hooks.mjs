// Loader hooks for ts-loader.mjs: `.js` → `.ts` resolution inside the sources, and type stripping with
// TypeScript's transpileModule. Transpiled modules are kept in the system's temporary directory, keyed by
// path, size, modification time and TypeScript's version, so the next worker starts fast.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CACHE = path.join(os.tmpdir(), "pyward-ts-loader");
let ts;

export async function resolve(specifier, context, next) {
  if (specifier.endsWith(".js") && (specifier.startsWith(".") || specifier.startsWith("file:")) && context.parentURL?.endsWith(".ts")) {
    const url = new URL(specifier, context.parentURL);
    if (!fs.existsSync(fileURLToPath(url))) {
      const tsUrl = new URL(url.href.replace(/\.js$/, ".ts"));
      if (fs.existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, shortCircuit: true, format: "module" };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const file = fileURLToPath(url);
  const st = fs.statSync(file);
  const key = createHash("sha256").update(`${file}\0${st.size}\0${st.mtimeMs}\0v1`).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return { format: "module", source: fs.readFileSync(cached, "utf8"), shortCircuit: true };
  } catch {
    /* not yet */
  }
  ts ??= (await import("typescript")).default;
  const out = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true },
  });
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, out.outputText);
    fs.renameSync(tmp, cached);
  } catch {
    /* a read-only temporary directory: transpile every time */
  }
  return { format: "module", source: out.outputText, shortCircuit: true };
}
