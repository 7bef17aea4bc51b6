/** Checking JSON typed by an administrator: where a mistake is, as line and column. */

export type JsonCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; line?: number; column?: number };

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Whether `text` is a JSON object; a parse error says where (the browser's message names an offset). */
export function checkJsonObject(text: string): JsonCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    // The place is shown as line and column, so the parser's own offset is left out of the text.
    const message = raw.replace(/ in JSON at position \d+( \(line \d+ column \d+\))?/, '').replace(/, "[^]*" is not valid JSON$/, '');
    const lc = /line (\d+) column (\d+)/.exec(raw);
    if (lc) return { ok: false, message, line: Number(lc[1]), column: Number(lc[2]) };
    const at = /at position (\d+)/.exec(raw);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(raw) ? text.length : -1;
    if (offset < 0) return { ok: false, message };
    return { ok: false, message, ...lineColumn(text, offset) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `The value must be a JSON object ({ … }), not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Pretty-prints stored JSON text for editing; text that is not JSON is shown as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
