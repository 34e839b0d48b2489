/**
 * `pyward db update`: download OSV's PyPI export into the cache directory and index it (the only command
 * besides `audit --online` that uses the network). `pyward db status`: what the local database holds.
 */
import fs from "node:fs";
import { Command } from "commander";
import { AdvisoryDbError } from "../../deps/advisories/load.js";
import { OnlineError, updateDatabase } from "../../deps/advisories/online.js";
import { cacheDir, defaultDbPath, indexPathFor, openAdvisoryDb, type IndexHeader } from "../../deps/advisories/store.js";
import { PYPA_ATTRIBUTION } from "../../deps/advisories/attribution.js";
import { EXIT, UsageError } from "../errors.js";

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Lines describing an index header (counts, newest record, problems). */
export function describeIndex(indexPath: string, h: IndexHeader): string[] {
  const lines = [
    `source: ${h.source} (${h.sourceKind})`,
    `index: ${indexPath} (format ${h.version})`,
    `advisories: ${h.advisories.toLocaleString("en-US")} for ${h.packages.toLocaleString("en-US")} packages, from ${h.records.toLocaleString("en-US")} records (${h.withdrawn} withdrawn, skipped)`,
    `newest record modified: ${h.newestModified || "unknown"}`,
  ];
  if (h.problemCount) {
    lines.push(`problems: ${h.problemCount}`);
    for (const p of h.problems) lines.push(`  ${p.file}:${p.line}: ${p.message}`);
  }
  return lines;
}

/** Registers `db` (with `update` and `status`) on the program. */
export function register(program: Command): void {
  const db = program.command("db").description("manage the local advisory database (OSV PyPI data in the cache directory)");
  db.command("update")
    .description("download OSV's PyPI export (or $PYWARD_OSV_EXPORT_URL) into the cache and index it")
    .option("--url <url>", "download from this URL instead")
    .option("--timeout <seconds>", "give up a download attempt after this many seconds", (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError("--timeout expects a positive number of seconds");
      return n;
    })
    .action(async (opts: { url?: string; timeout?: number }) => {
      let r;
      try {
        r = await updateDatabase({ exportUrl: opts.url, ...(opts.timeout ? { timeoutMs: opts.timeout * 1000 } : {}) });
      } catch (e) {
        if (e instanceof OnlineError || e instanceof AdvisoryDbError) throw new UsageError(e.message);
        throw e;
      }
      const h = r.opened.header;
      const counts = h ? `${h.advisories.toLocaleString("en-US")} advisories for ${h.packages.toLocaleString("en-US")} packages` : "advisories";
      process.stdout.write(
        r.downloaded
          ? `Downloaded ${mb(r.bytes)} to ${r.path}; indexed ${counts}.\n`
          : `The advisory database at ${r.path} is up to date (${counts}).\n`,
      );
      for (const n of r.opened.notes) process.stderr.write(`pyward: note: ${n}\n`);
      if (r.opened.problemCount) process.stderr.write(`pyward: note: ${r.opened.problemCount} records could not be read; see \`pyward db status\`\n`);
      process.stdout.write(`${PYPA_ATTRIBUTION}\n`);
      process.exitCode = EXIT.clean;
    });
  db.command("status")
    .description("show where the local advisory database is and what it holds")
    .option("--db <path>", "describe the index of this source instead of the default database")
    .action((opts: { db?: string }) => {
      const cache = cacheDir();
      const source = opts.db ?? defaultDbPath(cache);
      if (!fs.existsSync(source)) {
        // a path the user named that is not there is a usage error; no database yet is a state, said plainly
        if (opts.db !== undefined) throw new UsageError(`--db ${opts.db}: no such file or directory`);
        process.stdout.write(`cache directory: ${cache}\nno advisory database at ${source} yet; run \`pyward db update\` or pass --db PATH to \`pyward audit\`\n`);
        process.exitCode = EXIT.clean;
        return;
      }
      // Opened as `audit` opens it: a current index is used, a stale one rebuilt, a broken source is an error.
      let opened;
      try {
        opened = openAdvisoryDb(source, { cacheDir: cache });
      } catch (e) {
        if (e instanceof AdvisoryDbError) throw new UsageError(e.message);
        throw e;
      }
      const size = fs.statSync(source).isFile() ? ` (${mb(fs.statSync(source).size)})` : "";
      const lines = [`cache directory: ${cache}`, `database: ${source}${size}`];
      if (opened.indexPath && opened.header) lines.push(...describeIndex(opened.indexPath, opened.header));
      else lines.push(`index: could not be written to ${indexPathFor(source, cache)}`, ...opened.notes);
      process.stdout.write(`${lines.join("\n")}\n`);
      process.exitCode = EXIT.clean;
    });
}
