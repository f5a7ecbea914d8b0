// CSV as spreadsheets open it safely: UTF-8 with a BOM, CRLF record ends, RFC 4180 quoting, and
// text cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.
import { stringify, type Stringifier } from 'csv-stringify'

/** What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

export function csvStringifier(columns: readonly string[]): Stringifier {
  return stringify({
    bom: true,
    header: true,
    columns: [...columns],
    record_delimiter: '\r\n',
    // csv-stringify quotes a field holding the record delimiter (CRLF), but not one holding a lone
    // LF or CR: quote those too, or a reader splits the record there.
    quoted_match: /[\r\n]/,
    cast: {
      string: (value) => neutralise(value),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  })
}
