/** Helpers for `IN (?, ?, …)` lists shared by the SQL repositories. */

export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** Repeats the first value up to a power of two, so the statement caches see few distinct SQL texts. */
export function padToPowerOfTwo(values: string[]): string[] {
  let size = 1;
  while (size < values.length) size *= 2;
  while (values.length < size) values.push(values[0]!);
  return values;
}
