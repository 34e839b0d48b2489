#!/usr/bin/env node
// ReDoS audit of every regex in pyward's own source (issue 7, item 6: "every regex pyward itself runs on
// scanned text must be safe from catastrophic backtracking").
//
//   node scripts/redos-audit.mjs [--timeout MS] [--quiet]
//
// For each regex literal or constant `new RegExp` under src/ (see scripts/regex-inventory.mjs):
//   1. static: recheck's verdict (pure-JavaScript backend, `auto` checker, fixed seed) — safe, vulnerable
//      (exponential or polynomial of some degree, with an attack string), or unknown (ran out of time);
//   2. dynamic: the time V8 itself takes on recheck's attack string and on generic hostile inputs (runs of one
//      character, of the pattern's own words, with and without a breaking suffix): the worst of them at 10,000
//      characters, then its growth from 5,000 (linear work doubles, quadratic grows 4 times, cubic 8).
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
const N = 10_000;
/** V8 above this many milliseconds on N characters, growing at least GROWTH times from N/2, is super-linear. */
const SLOW_MS = 20;
const GROWTH = 3;

/** Rebuilds recheck's attack with `n` repetitions of each pump. */
export function attackString(attack, n) {
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(n)).join("") + attack.suffix;
}

/** Best of `runs` timings of `re` on `input`, in milliseconds (the least disturbed by GC and other load). */
function time(re, input, runs = 1) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    re.lastIndex = 0;
    const t0 = performance.now();
    re.exec(input);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function hostileInputs(source, N) {
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
    let worst = { ms: 0, input: "", ratio: 0 };
    if (re) {
      // the worst input family at N characters, then its growth from N/2 to N: linear work doubles, quadratic
      // grows 4 times, cubic 8; fast timings are the best of three runs
      const family = (n) => {
        const inputs = hostileInputs(r.source, n);
        if (verdict.attack) {
          const one = attackString(verdict.attack, 1).length;
          inputs.unshift([`recheck attack`, attackString(verdict.attack, Math.max(1, Math.floor(n / Math.max(1, one))))]);
        }
        return inputs;
      };
      let worstIndex = 0;
      family(N).forEach(([label, input], i) => {
        const ms = time(re, input);
        if (ms > worst.ms) (worst = { ms, input: label, ratio: 0 }), (worstIndex = i);
      });
      const [label, full] = family(N)[worstIndex];
      const [, half] = family(N / 2)[worstIndex];
      const tFull = worst.ms > 100 ? worst.ms : time(re, full, 3);
      const tHalf = time(re, half, tFull > 100 ? 1 : 3);
      worst = { ms: tFull, input: label, ratio: tHalf > 0.05 ? tFull / tHalf : 0 };
    }
    verdict.v8 = { worstMs: Math.round(worst.ms * 10) / 10, input: worst.input, growth: Math.round(worst.ratio * 10) / 10 };
    seen.set(key, verdict);
  }
  entries.push({ file: r.file, line: r.line, source: r.source, flags: r.flags, ...verdict });
}
/** Super-linear in V8: slow on N characters and growing faster than linearly from N/2 (4 times for quadratic). */
const superLinear = (v8) => v8.worstMs > SLOW_MS && v8.growth >= GROWTH;
const bad = entries.filter((e) => e.status === "vulnerable" || (e.status !== "safe" && superLinear(e.v8)));
fs.writeFileSync(OUT, `${JSON.stringify({ generatedBy: "node scripts/redos-audit.mjs", slowMs: SLOW_MS, growth: GROWTH, inputLength: N, regexes: entries, dynamic }, null, 1)}\n`);
if (!quiet) {
  console.log(`${entries.length} regexes (${seen.size} distinct) in ${((performance.now() - t0) / 1000).toFixed(0)} s; written to ${OUT}`);
  console.log(`vulnerable (recheck), or unknown and super-linear in V8 (> ${SLOW_MS} ms on ${N} chars, growing ≥ ${GROWTH}× from ${N / 2}): ${bad.length}`);
  for (const e of bad) {
    const what = e.status === "vulnerable" ? `${e.complexity}${e.degree ? ` ${e.degree}` : ""}` : e.status === "unknown" ? `unknown (${e.reason})` : "safe";
    console.log(`  ${e.file}:${e.line}  /${e.source.length > 90 ? `${e.source.slice(0, 87)}...` : e.source}/${e.flags}  recheck: ${what}; V8 ${e.v8.worstMs} ms (${e.v8.input}), growth ×${e.v8.growth}`);
  }
  console.log(`new RegExp built at run time (review by hand): ${dynamic.length}`);
  for (const d of dynamic) console.log(`  ${d.file}:${d.line}  ${d.code}`);
}
