/** commander argument parsers shared by the commands. */
import { InvalidArgumentError } from "commander";

/** Accumulates a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Accumulates a repeatable, comma-separated list option (`--select B602,B608 --select PW2`). */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** Parses a size in megabytes (`10`, `0.5`) into bytes. */
export function parseSize(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of megabytes");
  return Math.round(n * 1024 * 1024);
}

/**
 * A repeatable option restricted to `choices` (commander's `.choices()` is lost once a custom parser is set).
 * @throws InvalidArgumentError naming the allowed values, before any work starts
 */
export function collectChoice(choices: readonly string[]): (value: string, previous?: string[]) => string[] {
  return (value, previous = []) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`'${value}' is not one of: ${choices.join(", ")}`);
    return [...previous, value];
  };
}
