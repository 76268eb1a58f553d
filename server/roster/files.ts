/**
 * Roster files as bytes: reading a CSV (UTF-8 with or without BOM, or Shift_JIS as Japanese Excel
 * writes it) or an .xlsx workbook into a table of cells, and writing a table as CSV (UTF-8 with BOM,
 * or Shift_JIS) or .xlsx.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseCsv, toCsv } from '../../src/lib/shared/csv.js';

/** Largest roster file accepted, in bytes. */
export const ROSTER_FILE_BYTES = 2 * 1024 * 1024;

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Text of a CSV file: UTF-8 when it has a BOM or is valid UTF-8, else Shift_JIS (Windows-31J). */
export function decodeCsv(bytes: Buffer): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('shift_jis').decode(bytes);
	}
}

/** The text of a spreadsheet cell value (numbers, dates, rich text, hyperlinks, formulas' results). */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value !== 'object') return String(value);
	if ('richText' in value) return value.richText.map((r) => r.text).join('');
	if ('text' in value) return String(value.text);
	if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
	return '';
}

/** Cells of the first worksheet of an .xlsx workbook; throws on a file that is not one. */
async function readXlsx(bytes: Buffer): Promise<string[][]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = book.worksheets[0];
	if (!sheet) return [];
	const rows: string[][] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cellText(cell.value)));
		rows.push(Array.from(cells, (c) => c ?? ''));
	});
	return rows;
}

/** The table in a roster file (.xlsx by its zip signature, else CSV); null when it cannot be read. */
export async function readTable(bytes: Buffer): Promise<string[][] | null> {
	if (isZip(bytes)) return readXlsx(bytes).catch(() => null);
	return parseCsv(decodeCsv(bytes));
}

/** A table as CSV bytes: UTF-8 with a BOM (Excel opens it right), or Shift_JIS. */
export function csvBytes(table: string[][], encoding: 'utf-8' | 'shift_jis'): Buffer {
	const text = toCsv(table);
	return encoding === 'shift_jis' ? iconv.encode(text, 'cp932') : Buffer.from('\uFEFF' + text, 'utf8');
}

/** A table as an .xlsx workbook with one sheet (`sheetName`), header row bold. */
export async function xlsxBytes(table: string[][], sheetName: string, options: { numeric?: readonly number[] } = {}): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(sheetName);
	const numeric = new Set(options.numeric ?? []);
	table.forEach((row, i) => sheet.addRow(i === 0 ? row : row.map((cell, c) => (numeric.has(c) && /^\d+$/.test(cell) ? Number(cell) : cell))));
	sheet.getRow(1).font = { bold: true };
	sheet.columns.forEach((c) => (c.width = 20));
	return Buffer.from(await book.xlsx.writeBuffer());
}

