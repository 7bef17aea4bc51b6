/** Where services read the time (unix milliseconds); tests hand in a clock they move by hand. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
