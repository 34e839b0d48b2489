#!/usr/bin/env node
// ReDoS audit of every regex in pyward's own source (issue 7, item 6: "every regex pyward itself runs on
// scanned text must be safe from catastrophic backtracking").
//
//   node scripts/redos-audit.mjs [--timeout MS] [--quiet]
//
// For each regex literal or constant `new RegExp` under src/ (see scripts/regex-inventory.mjs):
//   1. static: recheck's verdict (pure-JavaScript backend, `auto` checker, fixed seed) — safe, vulnerable
//      (exponential or polynomial of some degree, with an attack string), or unknown (ran out of time);
//   2. dynamic: the time V8 itself takes on recheck's attack string and on generic hostile inputs (20,000-char
//      runs of one character, of the pattern's own words, with and without a breaking suffix).
// Writes tests/hostile/redos-audit.json (read by tests/hostile/redos.test.ts) and prints the regexes that are
// not safe on both counts. `new RegExp` calls built at run time are listed for review by hand.
import fs from "node:fs";
import { regexInventory } from "./regex-inventory.mjs";

process.env.RECHECK_SYNC_BACKEND = "pure";
const { checkSync } = await import("recheck");

const args = process.argv.slice(2);
const timeout = Number(args[args.indexOf("--timeout") + 1] || 10_000) || 10_000;
const quiet = args.includes("--quiet");
const OUT = "tests/hostile/redos-audit.json";
const N = 20_000;
/** A run of V8 above this many milliseconds on a 20,000-character input is catastrophic backtracking. */
const SLOW_MS = 50;

/** Rebuilds recheck's attack with `n` repetitions of each pump. */
export function attackString(attack, n) {
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(n)).join("") + attack.suffix;
}

function time(re, input) {
  re.lastIndex = 0;
  const t0 = performance.now();
  re.exec(input);
  return performance.now() - t0;
}

function hostileInputs(source) {
  const out = [];
  const chars = [" ", "\t", "\n", "a", "A", "0", "_", "-", ".", "/", "\\", "%", "#", "(", "<", "[", "{", ":", "=", "'", '"', "*", "x", "$", "@"];
  for (const c of chars) out.push([`${JSON.stringify(c)} * ${N}`, c.repeat(N)], [`${JSON.stringify(c)} * ${N} + NUL`, c.repeat(N) + "\0"]);
  const words = [...new Set(source.match(/[A-Za-z]{2,}/g) ?? [])].slice(0, 12);
  for (const w of words) {
    const n = Math.ceil(N / (w.length + 1));
    out.push([`"${w} " * ${n}`, `${w} `.repeat(n)], [`"_${w}" * ${n}`, `_${w}`.repeat(n)], [`"${w}" * ${n}`, w.repeat(n)]);
  }
  return out;
}

const { regexes, dynamic } = regexInventory("src");
const seen = new Map();
const entries = [];
const t0 = performance.now();
for (const r of regexes) {
  const key = `${r.source}\u0000${r.flags}`;
  let verdict = seen.get(key);
  if (!verdict) {
    const flags = r.flags.replace(/[gy]/g, "");
    let d;
    const s = performance.now();
    try {
      d = checkSync(r.source, flags, { timeout, checker: "auto", randomSeed: 0 });
    } catch (err) {
      d = { status: "unknown", error: { kind: String(err?.message ?? err).slice(0, 80) } };
    }
    verdict = {
      status: d.status,
      complexity: d.complexity?.type,
      degree: d.complexity?.degree,
      reason: d.status === "unknown" ? (d.error?.kind ?? "unknown") : undefined,
      attack: d.attack ? { pumps: d.attack.pumps.map((p) => ({ prefix: p.prefix, pump: p.pump })), suffix: d.attack.suffix } : undefined,
      checkMs: Math.round(performance.now() - s),
    };
    // the engine that matters is V8's: time it on the attack and on generic hostile inputs
    let re;
    try {
      re = new RegExp(r.source, r.flags.replace(/y/g, ""));
    } catch {
      re = undefined;
    }
    let worst = { ms: 0, input: "" };
    if (re) {
      const inputs = hostileInputs(r.source);
      if (verdict.attack) {
        const one = attackString(verdict.attack, 1).length;
        const n = Math.max(1, Math.floor(N / Math.max(1, one)));
        inputs.unshift([`recheck attack, pumps * ${n}`, attackString(verdict.attack, n)]);
      }
      for (const [label, input] of inputs) {
        const ms = time(re, input);
        if (ms > worst.ms) worst = { ms, input: label };
      }
    }
    verdict.v8 = { worstMs: Math.round(worst.ms * 10) / 10, input: worst.input };
    seen.set(key, verdict);
  }
  entries.push({ file: r.file, line: r.line, source: r.source, flags: r.flags, ...verdict });
}
const bad = entries.filter((e) => e.status !== "safe" || e.v8.worstMs > SLOW_MS);
fs.writeFileSync(OUT, `${JSON.stringify({ generatedBy: "node scripts/redos-audit.mjs", slowMs: SLOW_MS, inputLength: N, regexes: entries, dynamic }, null, 1)}\n`);
if (!quiet) {
  console.log(`${entries.length} regexes (${seen.size} distinct) in ${((performance.now() - t0) / 1000).toFixed(0)} s; written to ${OUT}`);
  console.log(`not safe (recheck) or slow in V8 (> ${SLOW_MS} ms on ${N} chars): ${bad.length}`);
  for (const e of bad) {
    const what = e.status === "vulnerable" ? `${e.complexity}${e.degree ? ` ${e.degree}` : ""}` : e.status === "unknown" ? `unknown (${e.reason})` : "safe";
    console.log(`  ${e.file}:${e.line}  /${e.source.length > 90 ? `${e.source.slice(0, 87)}...` : e.source}/${e.flags}  recheck: ${what}; V8 worst ${e.v8.worstMs} ms (${e.v8.input})`);
  }
  console.log(`new RegExp built at run time (review by hand): ${dynamic.length}`);
  for (const d of dynamic) console.log(`  ${d.file}:${d.line}  ${d.code}`);
}
