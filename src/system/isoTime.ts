// Parsing the times fleet inputs carry (hundreds of thousands per report) without Date.parse's general parser: the
// canonical UTC form our results and the Secure Endpoint API write is read digit by digit; anything else, or any
// field outside the ranges where the shortcut is plainly equal to Date.parse, goes to Date.parse unchanged.

/** Epoch ms of an ISO time, exactly as Date.parse gives it (NaN when it is no time). */
export function parseIsoTime(text: string): number {
  const n = text.length;
  if ((n === 20 || n === 24) && isCanonicalShape(text, n)) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    const ms = n === 24 ? digits(text, 20, 3) : 0;
    // Years below 100 mean 1900+ to Date.UTC, and day 29-31 needs the month's length: Date.parse decides those.
    if (
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 28 &&
      inRange(hour, 23) &&
      inRange(minute, 59) &&
      inRange(second, 59) &&
      ms >= 0
    ) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(text);
}

/** digits() gives -1 for a non-digit: every field is checked from below as well as from above. */
function inRange(value: number, max: number): boolean {
  return value >= 0 && value <= max;
}

/** YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.sssZ (digits are checked by digits()). */
function isCanonicalShape(text: string, n: number): boolean {
  return (
    text.charCodeAt(4) === 0x2d &&
    text.charCodeAt(7) === 0x2d &&
    text.charCodeAt(10) === 0x54 &&
    text.charCodeAt(13) === 0x3a &&
    text.charCodeAt(16) === 0x3a &&
    text.charCodeAt(n - 1) === 0x5a &&
    (n === 20 || text.charCodeAt(19) === 0x2e)
  );
}

/** The decimal number in text[from, from + count), or -1 if any of those characters is not an ASCII digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DAY_MS = 86_400_000;
/** The largest time a Date holds (±8.64e15 ms); beyond it there is no ISO form. */
const MAX_DATE_MS = 8.64e15;
/** A fleet report's times fall on a few hundred days: each day's `YYYY-MM-DD` is made once. Bounded like any cache. */
const DATE_PARTS = new Map<number, string>();
const MAX_DATE_PARTS = 4096;

/**
 * The ISO form of epoch ms, exactly as `new Date(ms).toISOString()` writes it, or null for none or one no Date can
 * hold. A report writes hundreds of thousands of times; toISOString costs a Date and a general formatter each.
 */
export function formatIsoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  // A Date keeps whole milliseconds, cut toward zero.
  const whole = Math.trunc(ms);
  if (Math.abs(whole) > MAX_DATE_MS) return null;
  const day = Math.floor(whole / DAY_MS);
  let date = DATE_PARTS.get(day);
  if (date === undefined) {
    const iso = new Date(day * DAY_MS).toISOString();
    date = iso.slice(0, iso.indexOf('T'));
    if (DATE_PARTS.size < MAX_DATE_PARTS) DATE_PARTS.set(day, date);
  }
  // Years outside 0000-9999 are written with a sign and six digits: rare enough for the general formatter.
  if (date.length !== 10) return new Date(whole).toISOString();
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  // One flat string, written character by character. A template or + keeps each step as a string of its own (joining
  // 13 characters or more makes a pair of pointers, not a copy): nine objects per time, 20 MB for a 100,000-row
  // report; join() is flat too, but three times slower.
  const c = (i: number) => date.charCodeAt(i);
  // Written a line per part of the time rather than a line per character:
  // prettier-ignore
  return String.fromCharCode(
    c(0), c(1), c(2), c(3), c(4), c(5), c(6), c(7), c(8), c(9), 0x54,
    digit(hours, 10), digit(hours, 1), 0x3a, digit(minutes, 10), digit(minutes, 1), 0x3a,
    digit(seconds, 10), digit(seconds, 1), 0x2e, digit(millis, 100), digit(millis, 10), digit(millis, 1), 0x5a,
  );
}

/** The character code of the decimal digit of value at place (1, 10, 100). */
function digit(value: number, place: number): number {
  return 0x30 + (Math.floor(value / place) % 10);
}
