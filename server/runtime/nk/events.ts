import { bool, obj, str } from './args.js';
import type { NkArea } from './table.js';

/** nk.event: `{name, properties, timestamp, external}` goes to the handlers registered with registerEvent. */
export const eventsArea: NkArea = (table, { emitEvent }) => {
  table.register('event', ([name, properties, timestamp, external]) => {
    const props = properties === undefined || properties === null ? {} : obj(properties, 'properties object');
    emitEvent({
      name: str(name, 'event name string'),
      properties: props,
      timestamp: typeof timestamp === 'number' ? timestamp : Math.floor(Date.now() / 1000),
      external: bool(external, false),
    });
    return null;
  });
};
