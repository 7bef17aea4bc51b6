import { str } from './args.js';
import type { NkArea } from './table.js';

function tagsOf(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new TypeError('expects tags object');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) out[k] = String(value);
  return out;
}
function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`expects ${what}`);
  return v;
}

/** metricsCounterAdd, metricsGaugeSet, metricsTimerRecord into the RuntimeMetrics registry. */
export const metricsArea: NkArea = (table, { metrics }) => {
  table.register('metricsCounterAdd', ([name, tags, delta]) => {
    metrics.counterAdd(str(name, 'name string'), tagsOf(tags), num(delta, 'delta number'));
    return null;
  });
  table.register('metricsGaugeSet', ([name, tags, value]) => {
    metrics.gaugeSet(str(name, 'name string'), tagsOf(tags), num(value, 'value number'));
    return null;
  });
  table.register('metricsTimerRecord', ([name, tags, value]) => {
    metrics.timerRecord(str(name, 'name string'), tagsOf(tags), num(value, 'value number'));
    return null;
  });
};
