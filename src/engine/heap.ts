/**
 * V8 settings of a scan (heap sizes, optimization budget), measured on the standard library (`bench/check.mjs`, 2 cores, Node 20).
 *
 * The per-file phase makes much short-lived garbage (node views, the rules' temporary strings and arrays, the
 * taint analysis's states). With V8's default young generation much of it outlives a scavenge,
 * is promoted and then costs old-generation collections: ≈ 25% of a run. A larger young generation lets it die
 * young, for ≈ 100–200 MB more peak memory.
 */

/** `--max-semi-space-size` of the CLI's main thread, in MiB (default ≈ 16 or less: 34.7 s → 26.7 s wall, 1 job). */
export const MAIN_SEMI_SPACE_MB = 32;

/**
 * `resourceLimits.maxYoungGenerationSizeMb` of each worker thread, in MiB (a worker's default is smaller than
 * the main thread's: 29.3 s → 22.5 s wall with 2 jobs; 24 gave 27.9 s and 96 gave 23.4 s).
 */
export const WORKER_YOUNG_GENERATION_MB = 48;

/**
 * V8's `--interrupt-budget` (bytecode executed, in bytes, between a function's checks for optimization; V8 11's
 * default 67,584) of every thread of a CLI run. A scan runs ~800 functions hot enough for TurboFan, many of them
 * large (the rules' handlers inline the model's helpers), and V8 compiled them, and after deoptimizations again,
 * for ≈ 5 s of background CPU per thread on the standard library: with two workers on two cores that time is
 * taken from the workers. A larger budget optimizes only what stays hot. Measured on the standard library, 2 cores,
 * alternating runs: 2 jobs ≈ 15.7 s → 13.3 s wall (30.1 → 25.3 CPU-s) with 500,000. Again after the
 * syntax-tree and taint-phase changes (2026-12-01, medians of 4–5 alternating runs, 2 jobs): 250,000 6.89 s
 * against 6.56 s for 500,000; 1,000,000 6.17–6.43 s against 6.42–6.55 s (11.8–12.3 against 12.3–12.5 CPU-s);
 * 2,000,000 no better than 1,000,000; one job and a 444-file project unchanged.
 */
export const INTERRUPT_BUDGET = 1_000_000;
