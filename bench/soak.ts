/**
 * Soak (issue 7, reliability item 8): 50 seats pull the change feed and listen to its events while signed webhooks
 * arrive, for ten minutes; memory (RSS, heap after a forced GC) is sampled every 10 s and the curve is written to
 * docs/bench/soak.md with the date, the machine and the command; every error is counted.
 *
 *   npx tsx bench/soak.ts                      # 10 minutes, samples every 10 s
 *   SOAK_SECONDS=60 SOAK_SAMPLE_SECONDS=5 npx tsx bench/soak.ts
 *
 * The scenario lives in bench/lib/soak.ts, shared with its short asserted twin in `npm test`,
 * test/integration/reliability/soak-short.test.ts. One process holds the sandbox, the proxy (PGlite) and the 50
 * seats, so the memory figures are the whole process's.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, machineLine } from './lib/machine';
import { growth, runSoak } from './lib/soak';

async function main(): Promise<void> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
  const machine = describeMachine();
  const startedAt = new Date();
  const command = `${seconds === 600 ? '' : `SOAK_SECONDS=${seconds} `}${sampleSeconds === 10 ? '' : `SOAK_SAMPLE_SECONDS=${sampleSeconds} `}npx tsx bench/soak.ts`;
  const result = await runSoak({ durationMs: seconds * 1000, sampleMs: sampleSeconds * 1000, log: (l) => console.log(l) });
  const g = growth(result.samples);
  const lines = [
    '# Soak: 50 seats pulling the feed while signed webhooks arrive',
    '',
    'Issue 7, reliability item 8. Written by `bench/soak.ts`; the scenario is `bench/lib/soak.ts`, shared with the',
    'asserted 30-second twin `test/integration/reliability/soak-short.test.ts`. One process holds the sandbox, the proxy',
    '(PGlite) and the seats; memory is that process after a forced GC. A change is made at the sandbox every second',
    '(customer edit, or a 1-cent payment every fourth), whose signed webhook the proxy receives, fetches and appends to',
    'the feed; each seat, caught up before the load starts, listens to /v1/events and pages the feed to its end',
    '(limit 500) on each `feed` event, or after 1 s. At the end every seat must reach the latest cursor on its own and',
    'hold exactly the records of the proxy\'s mirror.',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Command: \`${command}\``,
    `- Machine: ${machineLine(machine)}`,
    `- Duration: ${seconds} s, ${result.seats} seats, sample every ${sampleSeconds} s, GC forced before each sample: ${result.gcForced ? 'yes' : 'no'}`,
    `- Feed requests: ${result.feedRequests}; sandbox changes: ${result.changes}; signed webhooks received: ${result.webhooksReceived}; feed events over SSE: ${result.sseEvents}; streams dropped ${result.sseDrops}, reopened ${result.sseReconnects}`,
    `- Sync runs (the last 200 of the log): ${result.syncRuns.succeeded} succeeded, ${result.syncRuns.failed} failed, ${result.syncRuns.other} other`,
    `- Seats caught up with the latest cursor at the end: ${result.seatsCaughtUp} / ${result.seats}; holding exactly the mirror's ${result.mirrorRecords} records: ${result.seatsMatchingMirror} / ${result.seats}`,
    `- **Errors: ${result.errors.length}**${result.errors.length ? ` — first: ${result.errors.slice(0, 5).join(' | ')}` : ''}`,
    `- Heap used, median of the first vs last quarter: ${g.heapFirst} → ${g.heapLast} MiB (${g.heapFirst ? Math.round((g.heapLast / g.heapFirst) * 100) / 100 : '—'}×); RSS ${g.rssFirst} → ${g.rssLast} MiB`,
    '',
    '| t (s) | RSS (MiB) | heap used (MiB) | feed requests | changes | webhooks | feed events | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.samples.map((s) => `| ${s.t} | ${s.rssMiB} | ${s.heapUsedMiB} | ${s.feedRequests} | ${s.changes} | ${s.webhooksReceived} | ${s.sseEvents} | ${s.errors} |`),
    '',
  ];
  const out = path.resolve(import.meta.dirname, '../docs/bench/soak.md');
  writeFileSync(out, lines.join('\n'));
  console.log(`wrote ${out}; errors ${result.errors.length}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
