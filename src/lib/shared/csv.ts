/** Writing CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, a cell never read as a formula. */

/** One cell: quoted when it holds a comma, quote or line break; a leading = + - @ is defused with a quote mark. */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text (CRLF after every row). */
export function toCsv(rows: readonly (readonly string[])[]): string {
	return rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}
