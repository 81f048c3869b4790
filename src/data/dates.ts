/**
 * Dates in table cells: recognising a column of dates, and turning each into numbers a network
 * can use (Note [date features]).
 *
 * Note [date features]: a date becomes its year, month (1–12), day of the year (1–366) and day of
 * the week (1 = Monday … 7 = Sunday), each a numeric input scaled like any other; a time of day,
 * if written, is not used. A column is a date column when at least 95 % of its filled cells read
 * as dates in one of {@link DATE_FORMATS}; the format is kept with the model, so new data is read
 * the same way. `4/5/2020` is read month first (US) unless some first field is over 12.
 */
import { checkChoice } from '../core/assert.js';

/** The date formats recognised. */
export const DATE_FORMATS = ['iso', 'ymd-slash', 'mdy', 'dmy', 'dmy-dot', 'month-name'] as const;
/** One of {@link DATE_FORMATS}: `2020-04-05` (with an optional time), `2020/04/05`, `4/5/2020`, `5/4/2020`, `5.4.2020`, `Apr 5 2020`. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/** The numbers a date gives (Note [date features]). */
export const DATE_PARTS = ['year', 'month', 'dayOfYear', 'dayOfWeek'] as const;
/** One of {@link DATE_PARTS}. */
export type DatePart = (typeof DATE_PARTS)[number];

const TIME = '(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:[AaPp][Mm])?)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?';
const PATTERNS: Record<Exclude<DateFormat, 'month-name'>, RegExp> = {
  iso: new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})${TIME}$`),
  'ymd-slash': new RegExp(`^(\\d{4})/(\\d{1,2})/(\\d{1,2})${TIME}$`),
  mdy: new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`),
  dmy: new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`),
  'dmy-dot': new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${TIME}$`),
};
/** Which match group is year, month, day. */
const ORDER: Record<Exclude<DateFormat, 'month-name'>, [number, number, number]> = {
  iso: [1, 2, 3], 'ymd-slash': [1, 2, 3], mdy: [3, 1, 2], dmy: [3, 2, 1], 'dmy-dot': [3, 2, 1],
};
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function valid(y: number, m: number, d: number): [number, number, number] | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? [y, m, d] : null;
}

/** `Jun 12 1998`, `June 12, 1998`, `12 Jun 1998`, `12-Jun-1998`, `Fri, 12 Jun 1998`. */
function monthName(s: string): [number, number, number] | null {
  const words = s.toLowerCase().replace(/[,.]/g, ' ').split(/[\s-]+/).filter((w) => w !== '');
  let y = -1;
  let m = -1;
  let d = -1;
  for (const w of words) {
    // a month is its name or its first three letters or more; a weekday's name is allowed and not used
    const k = w.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(w)) : -1;
    if (/^\d{4}$/.test(w) && y < 0) y = Number(w);
    else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(w) && d < 0) d = parseInt(w, 10);
    else if (k >= 0 && m < 0) m = k + 1;
    else if (!/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$/.test(w) && !/^\d{1,2}:\d{2}(?::\d{2})?$/.test(w)) return null;
  }
  return y >= 0 && m > 0 && d > 0 ? valid(y, m, d) : null;
}

/**
 * Reads a date written in a format.
 *
 * @param text the trimmed cell
 * @param format one of {@link DATE_FORMATS}
 * @returns `[year, month, day]`, or null when the text is not a valid date in that format
 * @example
 * ```ts
 * parseDate('2012-01-31', 'iso');      // [2012, 1, 31]
 * parseDate('Jun 12 1998', 'month-name'); // [1998, 6, 12]
 * parseDate('2/30/2020', 'mdy');       // null (no 30 February)
 * ```
 */
export function parseDate(text: string, format: DateFormat): [number, number, number] | null {
  if (format === 'month-name') return monthName(text);
  const m = PATTERNS[format].exec(text);
  if (!m) return null;
  const [yi, mi, di] = ORDER[format];
  return valid(Number(m[yi]), Number(m[mi]), Number(m[di]));
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The numbers of a date (Note [date features]).
 *
 * @param date `[year, month, day]`
 * @param part which number
 * @example
 * ```ts
 * datePart([2024, 3, 1], 'dayOfYear'); // 61 (a leap year)
 * datePart([1970, 1, 1], 'dayOfWeek'); // 4 (a Thursday)
 * ```
 */
export function datePart(date: readonly [number, number, number], part: DatePart): number {
  const [y, m, d] = date;
  if (part === 'year') return y;
  if (part === 'month') return m;
  const days = daysFromCivil(y, m, d);
  if (part === 'dayOfYear') return days - daysFromCivil(y, 1, 1) + 1;
  // 1970-01-01 was a Thursday (4)
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/**
 * The date format most of some texts are written in (Note [date features]), or null when fewer
 * than 95 % of them read as dates in any one format.
 *
 * @param texts distinct filled cells (a sample is enough)
 * @example
 * ```ts
 * dateFormatOf(['2012-01-01', '2012-01-02']); // 'iso'
 * dateFormatOf(['13/1/2020', '4/5/2020']);    // 'dmy'
 * dateFormatOf(['red', 'blue']);              // null
 * ```
 */
export function dateFormatOf(texts: readonly string[]): DateFormat | null {
  if (texts.length === 0) return null;
  for (const format of DATE_FORMATS) {
    if (format === 'mdy' && texts.some((t) => parseDate(t, 'dmy') && !parseDate(t, 'mdy'))) continue;
    let ok = 0;
    for (const t of texts) if (parseDate(t, format)) ok++;
    if (ok >= 0.95 * texts.length) return format;
  }
  return null;
}

/**
 * Checks a date format name (from a model file).
 *
 * @example
 * ```ts
 * checkDateFormat('iso'); // 'iso'
 * ```
 */
export function checkDateFormat(format: string): DateFormat {
  return checkChoice('date', 'format', format as DateFormat, DATE_FORMATS);
}
