/**
 * Sharding a scan (`pyward check --shard k/n`): which shard owns a file.
 *
 * A file's shard depends on its path alone: the first 64 bits of the SHA-256 of the path as pyward prints it
 * (relative to the current directory, `/` separators, UTF-8) go through jump consistent hashing (Lamping and
 * Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014). So adding or removing files never moves
 * another file to a different shard, and going from n to n + 1 shards moves only about 1/(n + 1) of the
 * files (all of them to the new shard). Every shard must be run from the same directory with the same paths,
 * or the paths, and so the shares, differ.
 */
import { createHash } from "node:crypto";

/** One share of a sharded scan: shard `index` (1-based, the `k` of `k/n`) of `count`. */
export interface Shard {
  /** 1-based shard number, 1 ≤ index ≤ count. */
  index: number;
  /** Number of shards, ≥ 1. */
  count: number;
}

/** An invalid `k/n` shard specification. */
export class ShardSpecError extends Error {}

const MASK64 = (1n << 64n) - 1n;
const JUMP_MULTIPLIER = 2862933555777941757n;

/**
 * Jump consistent hash of a 64-bit key into `buckets` buckets.
 * @returns a bucket in [0, buckets)
 */
function jumpHash(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  let k = key;
  while (j < buckets) {
    b = j;
    k = (k * JUMP_MULTIPLIER + 1n) & MASK64;
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/**
 * The shard (1-based) that owns `path` among `count` shards.
 * @param path a path as pyward reports it (relative to the current directory, `/` separators)
 */
export function shardOf(path: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, not ${count}`);
  if (count === 1) return 1;
  const digest = createHash("sha256").update(path, "utf8").digest();
  return jumpHash(digest.readBigUInt64BE(0), count) + 1;
}

/** True when `shard` is undefined (no sharding) or owns `path`. */
export function inShard(path: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(path, shard.count) === shard.index;
}

/**
 * Parses a `k/n` specification (`2/5`).
 * @throws ShardSpecError unless it is two positive integers with k ≤ n
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  if (!m) throw new ShardSpecError(`--shard: expected K/N (for example 2/5), not '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new ShardSpecError(`--shard ${text}: need 1 ≤ K ≤ N`);
  return { index, count };
}

/** Formats a shard as `k/n`. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
