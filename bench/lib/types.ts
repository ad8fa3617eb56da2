/**
 * What every benchmark module in bench/ exports (issue 7): an id (p1…p7), what it measures, the target, and a run()
 * that measures and judges. `npx tsx bench/run.ts p6` runs one; `npm run bench` runs them all.
 */
export type BenchStatus = 'pass' | 'fail' | 'not-measured';

export interface Figure {
  /** e.g. "p50 per page", "requests/s", "ratio 50 seats / 1 seat". */
  name: string;
  value: number | string;
  unit?: string;
  /** The target this figure is judged against, e.g. "≤ 5 ms"; absent for context figures. */
  target?: string;
  /** Whether this figure meets its target (absent when it has none). */
  ok?: boolean;
}

export interface BenchResult {
  status: BenchStatus;
  figures: Figure[];
  /** Method, sample counts, bottleneck analysis, caveats: one sentence each. */
  notes: string[];
}

export interface Benchmark {
  id: string;
  title: string;
  /** The target as issue 7 states it. */
  target: string;
  /** The exact command that reproduces this row. */
  command: string;
  run(): Promise<BenchResult>;
}

/** A row recorded as a TODO: the feature it measures has not landed yet. No numbers are invented. */
export function notMeasured(needs: string): BenchResult {
  return { status: 'not-measured', figures: [], notes: [`not measured yet — needs ${needs}`] };
}

/** The verdict of a result from its judged figures. */
export function judged(figures: Figure[], notes: string[]): BenchResult {
  const judgedFigures = figures.filter((f) => f.ok !== undefined);
  const status: BenchStatus = judgedFigures.length > 0 && judgedFigures.every((f) => f.ok) ? 'pass' : 'fail';
  return { status, figures, notes };
}
