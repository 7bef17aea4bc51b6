/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC, as Nakama's
 * reset schedules use: `*`, lists, ranges, steps, month and weekday names, `?`, and the `@hourly`-style
 * macros. Day-of-month and day-of-week follow standard cron: when both are restricted, either may match.
 * Times are unix milliseconds; every match falls on a whole minute.
 */

export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DOM: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] };
// 7 is accepted as a second Sunday, as in most crons.
const DOW: FieldSpec = { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Far enough to cover any valid expression (Feb 29 on a given weekday recurs within 28 years). */
const SEARCH_YEARS = 30;

export class CronExpression {
  private constructor(
    readonly source: string,
    private readonly minutes: readonly boolean[],
    private readonly hours: readonly boolean[],
    private readonly daysOfMonth: readonly boolean[],
    private readonly months: readonly boolean[],
    private readonly daysOfWeek: readonly boolean[],
    private readonly domStar: boolean,
    private readonly dowStar: boolean,
  ) {}

  static parse(expression: string): CronExpression {
    const trimmed = expression.trim();
    const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
    const fields = expanded.split(/\s+/).filter((f) => f !== '');
    if (fields.length !== 5) throw new CronSyntaxError(`expected 5 fields, got ${fields.length}`);
    const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
    const daysOfWeek = parseField(dow, DOW);
    if (daysOfWeek[7]) daysOfWeek[0] = true;
    return new CronExpression(
      expression,
      parseField(min, MINUTE),
      parseField(hour, HOUR),
      parseField(dom, DOM),
      parseField(month, MONTH),
      daysOfWeek,
      dom === '*' || dom === '?',
      dow === '*' || dow === '?',
    );
  }

  /** The first matching time strictly after `fromMs`. */
  next(fromMs: number): number {
    let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const limit = fromMs + SEARCH_YEARS * 366 * DAY_MS;
    while (t <= limit) {
      const d = new Date(t);
      if (!this.months[d.getUTCMonth() + 1]) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      } else if (!this.dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      } else if (!this.hours[d.getUTCHours()]) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      } else if (!this.minutes[d.getUTCMinutes()]) {
        t += MINUTE_MS;
      } else {
        return t;
      }
    }
    throw new CronSyntaxError(`'${this.source}' never matches`);
  }

  /** The last matching time strictly before `fromMs`. */
  last(fromMs: number): number {
    let t = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const limit = fromMs - SEARCH_YEARS * 366 * DAY_MS;
    while (t >= limit) {
      const d = new Date(t);
      if (!this.months[d.getUTCMonth() + 1]) {
        // Last minute of the previous month.
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - MINUTE_MS;
      } else if (!this.dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - MINUTE_MS;
      } else if (!this.hours[d.getUTCHours()]) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()) - MINUTE_MS;
      } else if (!this.minutes[d.getUTCMinutes()]) {
        t -= MINUTE_MS;
      } else {
        return t;
      }
    }
    throw new CronSyntaxError(`'${this.source}' never matches`);
  }

  /** The next `n` matching times after `fromMs`, in order. */
  nextN(fromMs: number, n: number): number[] {
    const out: number[] = [];
    let t = fromMs;
    for (let i = 0; i < n; i++) {
      t = this.next(t);
      out.push(t);
    }
    return out;
  }

  private dayMatches(d: Date): boolean {
    const dom = this.daysOfMonth[d.getUTCDate()]!;
    const dow = this.daysOfWeek[d.getUTCDay()]!;
    if (this.domStar || this.dowStar) return dom && dow;
    return dom || dow;
  }
}

function parseField(text: string, spec: FieldSpec): boolean[] {
  const set = new Array<boolean>(spec.max + 1).fill(false);
  for (const part of text.split(',')) {
    if (part === '') throw new CronSyntaxError(`syntax error in ${spec.name} field: '${text}'`);
    const [rangeText, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronSyntaxError(`syntax error in ${spec.name} field: '${part}'`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronSyntaxError(`invalid interval ${part}`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (rangeText === '*' || rangeText === '?') {
      lo = spec.min;
      hi = spec === DOW ? 6 : spec.max;
    } else {
      const bounds = rangeText!.split('-');
      if (bounds.length > 2) throw new CronSyntaxError(`syntax error in ${spec.name} field: '${part}'`);
      lo = value(bounds[0]!, spec, part);
      // `a/n` means from a to the end of the range, as in Vixie cron.
      hi = bounds.length === 2 ? value(bounds[1]!, spec, part) : stepText !== undefined ? spec.max : lo;
      if (hi < lo) throw new CronSyntaxError(`syntax error in ${spec.name} field: '${part}'`);
    }
    for (let v = lo; v <= hi; v += step) set[v] = true;
  }
  return set;
}

function value(text: string, spec: FieldSpec, part: string): number {
  let n: number;
  if (/^\d+$/.test(text)) n = Number(text);
  else {
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (index < 0) throw new CronSyntaxError(`syntax error in ${spec.name} field: '${part}'`);
    n = spec === MONTH ? index + 1 : index;
  }
  if (n < spec.min || n > spec.max) throw new CronSyntaxError(`syntax error in ${spec.name} field: '${part}'`);
  return n;
}
