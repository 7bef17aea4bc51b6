import { str } from './args.js';
import type { NkArea } from './table.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * nk.httpRequest(url, method, headers?, body?, timeoutMs?): `{code, headers, body}`. It runs on the main
 * thread's event loop while the calling worker waits, and the time it waits is not charged to the call.
 */
export const httpArea: NkArea = (table) => {
  table.register('httpRequest', async ([url, method, headers, body, timeout]) => {
    const target = str(url, 'URL string');
    const verb = str(method, 'method string').toLowerCase();
    if (!METHODS.has(verb)) throw new TypeError('expects method to be one of: get, post, put, patch, delete, head');
    const h: Record<string, string> = {};
    if (headers !== undefined && headers !== null) {
      if (typeof headers !== 'object') throw new TypeError('expects headers object');
      for (const [k, v] of Object.entries(headers as Record<string, unknown>)) h[k] = String(v);
    }
    const ms = typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
    let res: Response;
    try {
      res = await fetch(target, {
        method: verb.toUpperCase(),
        headers: h,
        body: body === undefined || body === null || verb === 'get' || verb === 'head' ? undefined : str(body, 'body string'),
        signal: AbortSignal.timeout(ms),
      });
    } catch (err) {
      const e = err as Error;
      throw new Error(`HTTP request error: ${e.name === 'TimeoutError' ? `timeout after ${ms} ms` : e.message}`);
    }
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => (resHeaders[k] = v));
    return { code: res.status, headers: resHeaders, body: await res.text() };
  });
};
