/** The fault table, as the issue asks: fault, acknowledged, lost, duplicated, recovery time. */
import type { FaultRow } from './scenario.ts';

export function faultTable(rows: readonly FaultRow[]): string {
  const head = ['fault', 'acknowledged', 'refused', 'refusing', 'lost', 'duplicated', 'make up', 'recovery', 'result'];
  const body = rows.map((r) => [
    r.fault, String(r.acknowledged), String(r.refused), r.refusingSec === null ? 'to the end' : `${r.refusingSec} s`,
    String(r.lost), String(r.duplicated), `${r.repairSec.toFixed(1)} s`, r.recoverySec === null ? 'none' : `${r.recoverySec.toFixed(1)} s`, r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const r of rows) {
    out.push(`${r.fault}: ${r.detail}${r.problems.length ? ` — ${r.problems.join('; ')}` : ''}`);
  }
  return out.join('\n');
}
