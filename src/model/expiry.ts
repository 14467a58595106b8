// Time as the planner sees it: `until`, `--now` and durations as written in a config, turned into instants.
// Pure: the clock is always an input.

export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DURATION = /^([1-9]\d*)([hdw])$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/**
 * The instant a membership `until` ends, in ms since the epoch; undefined when the text is no date or
 * RFC 3339 time. A date grants the whole day (UTC): `2027-01-31` ends at 2027-02-01T00:00:00Z.
 */
export function untilEnd(until: string): number | undefined {
  const start = parseInstant(until);
  if (start === undefined) return undefined;
  return DATE.test(until) ? start + DAY_MS : start;
}

/** A date (its midnight, UTC) or an RFC 3339 time with an offset, in ms since the epoch; undefined if invalid. */
export function parseInstant(text: string): number | undefined {
  const date = DATE.exec(text);
  if (date !== null) return calendarMs(Number(date[1]), Number(date[2]), Number(date[3]));
  const time = TIME.exec(text);
  if (time === null) return undefined;
  const day = calendarMs(Number(time[1]), Number(time[2]), Number(time[3]));
  const [hours, minutes, seconds] = [Number(time[4]), Number(time[5]), Number(time[6])];
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

/** `90d`, `2w`, `12h` in ms; undefined when not of that form. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match === null ? undefined : Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Whether a membership with this `until` has ended at `now` (a membership without one never ends). */
export function isExpired(until: string | undefined, now: number): boolean {
  if (until === undefined) return false;
  const end = untilEnd(until);
  return end !== undefined && end <= now;
}

/** An instant as the plan records it: RFC 3339 in UTC (milliseconds only when there are some). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function calendarMs(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms;
}

/** How many days ahead a plan lists memberships about to lapse, unless the config says otherwise. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 14;
