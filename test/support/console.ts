import type { TestServer } from './server.js';

/** The console's admin credentials in tests (flags given to startTestServer). */
export const CONSOLE_USER = 'admin';
export const CONSOLE_PASSWORD = 'console-test-password';
export const CONSOLE_FLAGS = ['--console.username', CONSOLE_USER, '--console.password', CONSOLE_PASSWORD, '--console.signing_key', 'console-test-signing-key'];

export interface ConsoleReply<T = any> {
  status: number;
  body: T;
}

/** Calls the console API of a test server; `auth` is a full Authorization header value. */
export async function consoleCall<T = any>(server: TestServer, method: string, path: string, options: { auth?: string; body?: unknown } = {}): Promise<ConsoleReply<T>> {
  const url = `${server.outpost.addresses().console}${path}`;
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = options.auth;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Non-JSON bodies (Prometheus text, HTML) stay text.
  }
  return { status: res.status, body: body as T };
}

/** Logs in and returns a Bearer header for later calls. */
export async function consoleLogin(server: TestServer): Promise<string> {
  const reply = await consoleCall<{ token: string }>(server, 'POST', '/v2/console/authenticate', { body: { username: CONSOLE_USER, password: CONSOLE_PASSWORD } });
  if (reply.status !== 200) throw new Error(`console login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return `Bearer ${reply.body.token}`;
}

/** Polls until `check` passes or the time is up (the console samples status once a second). */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
