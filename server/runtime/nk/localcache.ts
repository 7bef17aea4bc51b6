import { int, str } from './args.js';
import type { NkArea } from './table.js';

/** localcacheGet/Put/Delete/Clear over the node's one LocalCache. */
export const localcacheArea: NkArea = (table, { localcache }) => {
  table.register('localcacheGet', ([key, defaultValue]) => {
    const value = localcache.get(str(key, 'key string'));
    return value === undefined ? (defaultValue ?? null) : value;
  });
  table.register('localcachePut', ([key, value, ttl]) => {
    if (value === undefined || value === null) throw new TypeError('expects a non empty value');
    localcache.put(str(key, 'key string'), value, ttl === undefined || ttl === null ? 0 : int(ttl, 'ttl to be an integer'));
    return null;
  });
  table.register('localcacheDelete', ([key]) => {
    localcache.delete(str(key, 'key string'));
    return null;
  });
  table.register('localcacheClear', () => {
    localcache.clear();
    return null;
  });
};
