/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. Null is empty. */
export const csvField = (v: string | null | undefined) => (v == null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Rows as RFC 4180 text: CRLF after every record, the last one included. */
export const csvText = (rows: (string | null)[][]) => rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
