/**
 * CSV per RFC 4180 (CRLF rows; a field with a comma, quote, CR or LF is quoted and its quotes doubled), with a
 * formula-injection guard: a cell starting with = + - @ (or a tab/CR that some spreadsheets skip) is prefixed with
 * a single quote, so a provider name like "=HYPERLINK(...)" stays text when the file is opened in Excel or Sheets.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Plain numbers (e.g. "-12.50") are data, not formulas; only text is guarded.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `text` as a file, from an extension page. */
export function downloadCsv(filename: string, text: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
