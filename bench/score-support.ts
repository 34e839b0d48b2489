/**
 * Scaffolding shared by the corpus score scripts (`taint-score.ts`, `privilege-score.ts`): their command-line
 * values, the checkout root, and loading pyward's built modules from `dist/`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);

/** The value after a `--name` option of the command line, if given. */
export function argValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Whether a `--flag` is on the command line. */
export function hasFlag(name: string): boolean {
  return args.includes(name);
}

/** The checkout root: the nearest folder above this script holding pyward's package.json and its sources. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    const isCheckout = fs.existsSync(pkg) && fs.existsSync(path.join(dir, "src", "engine")) && fs.existsSync(path.join(dir, "bench"));
    if (isCheckout && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "pyward") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find the pyward checkout above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Imports a module of the built package (`dist/<rel>`); exits with status 2 when it has not been built. */
export async function loadDist<T>(root: string, rel: string): Promise<T> {
  const file = path.join(root, "dist", rel);
  if (!fs.existsSync(file)) {
    console.error(`missing ${path.relative(root, file)}: run 'npm run build' first`);
    process.exit(2);
  }
  return (await import(pathToFileURL(file).href)) as T;
}
