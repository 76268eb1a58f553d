/**
 * A saved version of the minutes (the organiser's Markdown) as a Word document: the Markdown is
 * read back into blocks (src/lib/shared/minutes/markdown-blocks.ts) and written with the same
 * headings, tables, fonts and page rules as the generated minutes (docx.ts).
 */
import { AlignmentType, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun, type Table } from 'docx';
import { parseBlocks, spansText, type Block, type ListItem, type Span } from '../../src/lib/shared/minutes/markdown-blocks.js';
import { CONTENT_WIDTH, h, table, wordDocument } from './docx.js';

function runs(spans: Span[], opts: { bold?: boolean; italics?: boolean } = {}): (TextRun | ExternalHyperlink)[] {
	return spans.map((s) => {
		const run = new TextRun({ text: s.text, bold: s.bold || opts.bold, italics: s.italic || opts.italics, style: s.url ? 'Hyperlink' : undefined });
		return s.url ? new ExternalHyperlink({ link: s.url, children: [run] }) : run;
	});
}

function list(items: ListItem[], level: number, out: Paragraph[]): void {
	for (const item of items) {
		out.push(new Paragraph({ children: runs(item.spans), bullet: { level: Math.min(level, 8) }, spacing: { after: 40 } }));
		list(item.children, level + 1, out);
	}
}

/** Display width of a text: a full-width character counts two. */
function displayWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
	return w;
}

/** Twips a half-width character takes at the minutes' 10.5 pt, bold (with room to spare), and a cell's side margins. */
export const CHAR_TWIPS = 120;
export const CELL_MARGIN_TWIPS = 300;

/**
 * Column widths (%) from the content, in half-width characters: each column needs its widest cell
 * or title (24 at most). A column with cells over 16 is flexible (its text may wrap). With room to
 * spare every column grows alike. Without, the other columns keep what they need (No., times, a
 * role stay on one line) and the flexible ones get at least 10 and share what is left; when even
 * that does not fit, all shrink alike.
 */
export function contentWidths(head: Span[][], rows: Span[][][]): number[] {
	const widest = head.map((h, i) => Math.max(displayWidth(spansText(h)), ...rows.map((r) => displayWidth(spansText(r[i] ?? [])))));
	const need = widest.map((w) => CELL_MARGIN_TWIPS + CHAR_TWIPS * Math.min(24, w));
	const floor = widest.map((w, i) => (w > 16 ? CELL_MARGIN_TWIPS + CHAR_TWIPS * 10 : need[i]));
	const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
	const percent = (twips: number[]) => twips.map((t) => (100 * t) / sum(twips));
	if (sum(need) <= CONTENT_WIDTH || sum(floor) >= CONTENT_WIDTH) return percent(sum(need) <= CONTENT_WIDTH ? need : floor);
	// Between floor and need: the room left goes to the flexible columns by how much more they need.
	const room = CONTENT_WIDTH - sum(floor);
	const more = sum(need) - sum(floor);
	return percent(floor.map((f, i) => f + (room * (need[i] - f)) / more));
}

function block(b: Block, first: boolean): (Paragraph | Table)[] {
	switch (b.type) {
		case 'heading':
			if (first && b.level === 1)
				return [new Paragraph({ children: runs(b.spans), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 120 } })];
			return [h(runs(b.spans) as TextRun[], Math.min(4, Math.max(2, b.level)) as 2 | 3 | 4)];
		case 'paragraph':
			// A line in bold alone is a label (「回答済み」): it keeps with what follows.
			return [new Paragraph({ children: runs(b.spans), spacing: { after: 80 }, keepNext: b.spans.length > 0 && b.spans.every((s) => s.bold) ? true : undefined })];
		case 'quote':
			return [new Paragraph({ children: runs(b.spans), indent: { left: 360 }, spacing: { after: 240 } })];
		case 'numbered':
			return [new Paragraph({ children: [new TextRun(`${b.no}. `), ...runs(b.spans)], spacing: { after: 80 } })];
		case 'list': {
			const out: Paragraph[] = [];
			list(b.items, 0, out);
			return out;
		}
		case 'table': {
			const n = b.head.length;
			const row = (cells: Span[][]) => Array.from({ length: n }, (_, i) => runs(cells[i] ?? []));
			return [table(b.head.map((c) => runs(c, { bold: true }) as TextRun[]), b.rows.map(row), contentWidths(b.head, b.rows)), new Paragraph({ text: '', spacing: { after: 80 } })];
		}
		case 'rule':
			return [new Paragraph({ text: '', border: { bottom: { style: 'single', size: 6, color: '8A929E', space: 1 } }, spacing: { after: 120 } })];
	}
}

/**
 * The .docx bytes of a saved version's Markdown. `figure` (the timeline, drawn from the meeting's run)
 * goes under the first table after the heading `figure.after` (the programme), as in the generated
 * minutes; without that heading (the organiser removed it) the figure is left out.
 */
export function renderVersionDocx(markdown: string, figure?: { after: string; blocks: (Paragraph | Table)[] }): Promise<Buffer> {
	const blocks = parseBlocks(markdown);
	const title = blocks[0]?.type === 'heading' ? spansText(blocks[0].spans) : '';
	const heading = figure ? blocks.findIndex((b) => b.type === 'heading' && spansText(b.spans).trim() === figure.after) : -1;
	const table = heading < 0 ? -1 : blocks.findIndex((b, i) => i > heading && b.type === 'table');
	const body = blocks.flatMap((b, i) => [...block(b, i === 0), ...(i === table && figure ? figure.blocks : [])]);
	return Packer.toBuffer(wordDocument(title, body));
}
