import type { Arbitrary } from "fast-check";
/** One mutation, as plain data. */
export interface Mutation {
  kind: string;
  a: number;
  b: number;
  n: number;
  bytes?: number[];
}
/** A fuzz case: which snippet, and the mutations applied to it in order. */
export interface FuzzCase {
  source: number;
  mutations: Mutation[];
}
/** Python snippets to mutate: the rule fixtures and the example app. */
export function loadCorpus(root?: string): string[];
/** Applies one mutation to `bytes`. */
export function applyMutation(bytes: Buffer, op: Mutation, corpus: string[]): Buffer;
/** One mutation. */
export const mutationArb: Arbitrary<Mutation>;
/** A fuzz case over a corpus of `corpusSize` snippets. */
export function caseArb(corpusSize: number): Arbitrary<FuzzCase>;
/** The bytes of a fuzz case. */
export function buildCase(c: FuzzCase, corpus: string[]): Buffer;
/** Physical lines of `bytes`; at least 1. */
export function lineCount(bytes: Uint8Array): number;
/** What is wrong with a per-file result, or an empty list. */
export function problemsOf(
  result: { errors: string[]; findings: { code: string; line: number; column: number; endLine: number; endColumn: number; message: string; severity: string; confidence: string }[] },
  bytes: Uint8Array,
  codes: Set<string>,
): string[];
