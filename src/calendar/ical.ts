// An iCalendar (RFC 5545) writer for published leave calendars: all-day events only, so there is no
// TZID and no VTIMEZONE to get wrong. CRLF line ends, content lines folded at 75 octets (never inside
// a UTF-8 sequence), TEXT values escaped. Pure: the same events give the same bytes.

export interface AllDayEvent {
  uid: string
  sequence: number
  /** Epoch ms, written in UTC: DTSTAMP and LAST-MODIFIED. */
  stamp: number
  /** First day and the day after the last (DTEND is exclusive), YYYY-MM-DD. */
  start: string
  endExclusive: string
  summary: string
  status: 'TENTATIVE' | 'CONFIRMED'
  categories?: string
}

const MAX_OCTETS = 75

/** TEXT as RFC 5545 §3.3.11 escapes it; other control characters are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
}

/** Folds a content line: at most 75 octets per line, continuation lines start with one space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_OCTETS) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = MAX_OCTETS
  // for..of walks code points, so a surrogate pair (4 UTF-8 octets) is never split either.
  for (const char of line) {
    const size = Buffer.byteLength(char)
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = MAX_OCTETS - 1
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const compactDate = (date: string) => date.replaceAll('-', '')
const utcStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

export function renderCalendar(name: string, events: readonly AllDayEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Leavedesk//Leave calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ]
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${utcStamp(e.stamp)}`,
      `LAST-MODIFIED:${utcStamp(e.stamp)}`,
      `DTSTART;VALUE=DATE:${compactDate(e.start)}`,
      `DTEND;VALUE=DATE:${compactDate(e.endExclusive)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `STATUS:${e.status}`,
      'TRANSP:TRANSPARENT',
    )
    if (e.categories) lines.push(`CATEGORIES:${escapeText(e.categories)}`)
    lines.push('END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
