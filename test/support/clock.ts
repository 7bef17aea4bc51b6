import type { Clock } from '../../server/common/clock.js';

/** A clock tests move by hand, so schedules and time windows are tested without sleeping. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
