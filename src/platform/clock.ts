// Time is passed in (engineering.md): rules and tests use a Clock, never Date.now() directly.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move: `clock.advance(30 * 60_000)`. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number = Date.now()) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: Date | string | number): void {
    this.t = new Date(at).getTime();
  }
}

/** Timestamps are stored as ISO-8601 UTC strings with milliseconds in both dialects (sortable as text). */
export function iso(d: Date): string {
  return d.toISOString();
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}
