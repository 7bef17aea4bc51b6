/**
 * Standard five-field cron expressions (minute hour day-of-month month day-of-week, UTC) with lists,
 * ranges, steps, names and the @yearly/@monthly/@weekly/@daily/@hourly shorthands, as nk.cronNext takes.
 */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  set: Set<number>;
  any: boolean;
}
export interface CronSchedule {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const set = new Set<number>();
  const value = (s: string): number => {
    const i = names.indexOf(s.toLowerCase());
    const n = i >= 0 ? i + nameBase : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new TypeError('expects a valid cron string');
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new TypeError('expects a valid cron string');
    let lo: number, hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range!.includes('-')) [lo, hi] = range!.split('-').map(value) as [number, number];
    else [lo, hi] = [value(range!), stepText === undefined ? value(range!) : max];
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, any: text === '*' || text === '?' };
}

export function parseCron(expression: string): CronSchedule {
  const text = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new TypeError('expects a valid cron string');
  const dow = parseField(parts[4]!, 0, 7, DAYS);
  if (dow.set.has(7)) dow.set.add(0);
  return {
    minute: parseField(parts[0]!, 0, 59),
    hour: parseField(parts[1]!, 0, 23),
    dom: parseField(parts[2]!, 1, 31),
    month: parseField(parts[3]!, 1, 12, MONTHS, 1),
    dow,
  };
}

function matches(s: CronSchedule, d: Date): boolean {
  if (!s.minute.set.has(d.getUTCMinutes()) || !s.hour.set.has(d.getUTCHours()) || !s.month.set.has(d.getUTCMonth() + 1)) return false;
  const domOk = s.dom.set.has(d.getUTCDate());
  const dowOk = s.dow.set.has(d.getUTCDay());
  // Classic cron: when both day fields are restricted, either may match.
  if (!s.dom.any && !s.dow.any) return domOk || dowOk;
  return domOk && dowOk;
}

const MINUTE_MS = 60_000;
const SEARCH_LIMIT_MIN = 5 * 366 * 24 * 60;

/** The first matching minute strictly after (or, with dir -1, before) `unixSec`, in unix seconds; -1 if none within five years. */
export function cronStep(expression: string, unixSec: number, dir: 1 | -1): number {
  const s = parseCron(expression);
  let t = Math.floor((unixSec * 1000) / MINUTE_MS) * MINUTE_MS;
  if (dir === 1 || t === unixSec * 1000) t += dir * MINUTE_MS;
  for (let i = 0; i < SEARCH_LIMIT_MIN; i++, t += dir * MINUTE_MS) {
    if (matches(s, new Date(t))) return t / 1000;
  }
  return -1;
}
