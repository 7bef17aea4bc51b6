/** What the benches print with their results: the machine they ran on, and aligned tables. */
import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './load-client.js';

/** One line naming the machine: cpu model x cores, memory, node version, platform. */
export function machineLine(): string {
  const cpu = cpus();
  return `machine: ${cpu[0]?.model ?? 'unknown cpu'} x ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${process.platform}`;
}

/** Prints a header, a rule and the rows, in columns as wide as their widest cell. */
export function printTable(header: string[], rows: string[][], align: 'left' | 'right' = 'left'): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const pad = (cell: string, i: number) => (align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!));
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** The two columns the HTTP benches add to their tables, from a phase measured with serverPid. */
export const CPU_COLUMNS = ['server CPU us/req', 'client CPU us/req'];

export function cpuCells(result: LoadResult): string[] {
  return [result.serverCpuUsPerRequest?.toFixed(0) ?? '-', result.clientCpuUsPerRequest.toFixed(0)];
}

/** Printed under a table with CPU_COLUMNS. */
export const CPU_NOTE =
  "server CPU us/req is the server process's CPU (all threads, user+system) per completed request; with one event loop, 1,000,000 / that figure bounds req/s on one core.";
