// Types for cases.mjs (plain JS so scripts/bench-kinds.mjs can run it without a build step).
export interface BenchCase {
  kind: string;
  group: string;
  label: string;
  inputs: unknown[];
  bytes: number[];
  run: (input: any) => unknown;
}
export declare const SIZES: ReadonlyArray<{ label: string; chars: number; count: number }>;
export declare function benchCases(core: unknown, opts?: { kinds?: string[]; sizes?: string[] }): BenchCase[];
