import type { Benchmark, BenchResult, Figure } from './types';

/** One benchmark's outcome as recorded in docs/PERFORMANCE.md. */
export interface RecordedRow {
  id: string;
  title: string;
  target: string;
  command: string;
  status: BenchResult['status'] | 'error';
  summary: string;
  date: string;
  machine: string;
  durationS: number;
}

export function formatValue(f: Figure): string {
  const value = typeof f.value === 'number' ? f.value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : f.value;
  return f.unit ? `${value} ${f.unit}` : value;
}

/** The headline: judged figures first (what the target is about). */
export function summarize(result: BenchResult): string {
  if (result.status === 'not-measured') return result.notes[0] ?? 'not measured yet';
  const judged = result.figures.filter((f) => f.target !== undefined);
  return (judged.length ? judged : result.figures.slice(0, 3)).map((f) => `${f.name} ${formatValue(f)}`).join('; ');
}

const STATUS_LABEL: Record<RecordedRow['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'not-measured': 'TODO',
  error: 'ERROR',
};

export function statusLabel(status: RecordedRow['status']): string {
  return STATUS_LABEL[status];
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function figuresTable(figures: Figure[]): string {
  const lines = ['| figure | value | target | met |', '|---|---|---|---|'];
  for (const f of figures) {
    lines.push(
      `| ${escapeCell(f.name)} | ${escapeCell(formatValue(f))} | ${escapeCell(f.target ?? '')} | ${f.ok === undefined ? '' : f.ok ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

/** The markdown section of one benchmark, fenced by markers so a later single-benchmark run replaces only it. */
export function section(bench: Benchmark, row: RecordedRow, result: BenchResult | null, error?: string): string {
  const body: string[] = [
    `<!-- bench:${bench.id} ${JSON.stringify(row)} -->`,
    `### ${bench.id.toUpperCase()} — ${bench.title}`,
    '',
    `Target: ${bench.target}. Status: **${statusLabel(row.status)}**. Run ${row.date} in ${row.durationS} s with \`${bench.command}\`.`,
    `Machine: ${row.machine}.`,
    '',
  ];
  if (error) body.push(`The run failed: \`${escapeCell(error)}\``, '');
  if (result && result.figures.length) body.push(figuresTable(result.figures), '');
  if (result) for (const note of result.notes) body.push(`- ${note}`);
  body.push(`<!-- /bench:${bench.id} -->`);
  return body.join('\n');
}

/** Sections already in the document, by id (so `bench/run.ts p6` keeps the other rows). */
export function parseSections(doc: string): Map<string, { text: string; row: RecordedRow }> {
  const found = new Map<string, { text: string; row: RecordedRow }>();
  const pattern = /<!-- bench:(\w+) (\{.*?\}) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const match of doc.matchAll(pattern)) {
    try {
      found.set(match[1] as string, { text: match[0], row: JSON.parse(match[2] as string) as RecordedRow });
    } catch {
      // a hand-edited marker: the section is regenerated at the next run of that benchmark
    }
  }
  return found;
}

export function summaryTable(rows: RecordedRow[]): string {
  const lines = ['| # | what | target | measured | status | date | command |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.id.toUpperCase()} | ${escapeCell(r.title)} | ${escapeCell(r.target)} | ${escapeCell(r.summary)} | ${statusLabel(r.status)} | ${r.date.slice(0, 10)} | \`${r.command}\` |`,
    );
  }
  return lines.join('\n');
}
