/** Printing a bench's figures: one line per scenario, then the ratios the targets are stated in. */
import { cpus, loadavg } from 'node:os';
import type { Figures } from './measure.ts';

export function machineLine(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `${cpus().length} cores, load average ${one} ${five} ${fifteen}`;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-').padStart(8);

export function header(): string {
  return `${'scenario'.padEnd(44)}${'req/s'.padStart(8)}${'n'.padStart(7)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'errors'.padStart(8)}${'loop p99'.padStart(10)}${'loop max'.padStart(10)}${'CPU/unit'.padStart(10)}`;
}

/** `cpuMs`: the serve processes' CPU time per counted unit (request or answer). */
export function line(f: Figures, loop?: { p99: number; max: number }, cpuMs?: number): string {
  const failures = Object.entries(f.failures)
    .map(([what, n]) => `${what} ×${n}`)
    .join('; ');
  return `${f.name.padEnd(44)}${f.rps.toFixed(1).padStart(8)}${String(f.requests).padStart(7)}${ms(f.p50)}${ms(f.p95)}${ms(f.p99)}${String(f.errors).padStart(8)}${ms(loop?.p99 ?? NaN).padStart(10)}${ms(loop?.max ?? NaN).padStart(10)}${ms(cpuMs ?? NaN).padStart(10)}${failures ? `  ${failures}` : ''}`;
}
