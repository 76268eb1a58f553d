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

/**
 * Rows of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks; CRLF or LF).
 * Blank lines are dropped; a quote mark in an unquoted cell is kept as is, as spreadsheets do.
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	let i = 0;
	const endRow = () => {
		row.push(cell);
		if (row.some((c) => c.trim() !== '')) rows.push(row);
		row = [];
		cell = '';
	};
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
			else if (ch === '"') (quoted = false), i++;
			else (cell += ch), i++;
		} else if (ch === '"' && cell === '') (quoted = true), i++;
		else if (ch === ',') row.push(cell), (cell = ''), i++;
		else if (ch === '\r' && text[i + 1] === '\n') endRow(), (i += 2);
		else if (ch === '\n' || ch === '\r') endRow(), i++;
		else (cell += ch), i++;
	}
	if (cell !== '' || row.length) endRow();
	return rows;
}
