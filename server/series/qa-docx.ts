/**
 * The Q&A集 of a series as a Word document: the matters the ministry answered, grouped by department
 * and theme, each question with its answers and where it was raised (meeting, region) — never who
 * asked. Matters still waiting are listed after, so the document says what remains open.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { jaDate, STATUS_JA } from '../../src/lib/shared/ledger/table.js';
import type { Ledger, LedgerRow } from '../../src/lib/shared/ledger/types.js';
import { WAITING } from '../../src/lib/shared/ledger/views.js';

const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' };

function p(children: TextRun[] | string, opts: { indent?: number; after?: number } = {}): Paragraph {
	return new Paragraph({
		children: typeof children === 'string' ? [new TextRun(children)] : children,
		indent: opts.indent ? { left: opts.indent } : undefined,
		spacing: { after: opts.after ?? 80 }
	});
}

function h(text: string, level: 1 | 2 | 3): Paragraph {
	const heading = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1];
	return new Paragraph({ text, heading, spacing: { before: level === 1 ? 240 : 160, after: 100 } });
}

/** Rows by department (in the meetings' order), then by theme (themes in name order, unfiled last). */
function grouped(rows: LedgerRow[], departments: string[]): [string, [string, LedgerRow[]][]][] {
	const byDept = new Map<string, Map<string, LedgerRow[]>>();
	for (const r of rows) {
		const dept = r.department ?? '担当部署未定';
		const theme = r.theme ?? '';
		const themes = byDept.get(dept) ?? new Map<string, LedgerRow[]>();
		byDept.set(dept, themes);
		themes.set(theme, [...(themes.get(theme) ?? []), r]);
	}
	const order = (a: string, b: string) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'ja'));
	const rank = (d: string) => departments.indexOf(d) + 1 || departments.length + 1;
	return [...byDept.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([d, themes]) => [d, [...themes.entries()].sort((a, b) => order(a[0], b[0]))]);
}

function raisedLine(r: LedgerRow): string {
	const where = r.appearances.map((a) => `${a.title}（${jaDate(a.startsAt)}）`);
	const regions = r.regions.length ? `　地域: ${r.regions.join('・')}` : '';
	return `提起: ${[...new Set(where)].join('、')}${regions}`;
}

/** Builds the Q&A集 document of a (viewer's) ledger. */
export function qaDocument(ledger: Ledger, generatedAt: number): Document {
	const answered = ledger.rows.filter((r) => r.answers.length > 0);
	const waiting = ledger.rows.filter((r) => r.answers.length === 0 && WAITING.includes(r.status));
	const body: Paragraph[] = [
		new Paragraph({ text: `${ledger.title} Q&A集`, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 120 } }),
		p(`本書は、${ledger.title}（全${ledger.meetings.length}回）で寄せられた質問・要望と、それへの回答をまとめたものです。質問者の氏名・所属は掲載していません。`, { after: 240 })
	];
	let n = 0;
	for (const [dept, themes] of grouped(answered, ledger.departments)) {
		body.push(h(dept, 1));
		for (const [theme, rows] of themes) {
			if (theme) body.push(h(theme, 2));
			for (const r of rows) {
				n++;
				body.push(p([new TextRun({ text: `問${n}　`, bold: true }), new TextRun(r.text)], { after: 40 }));
				body.push(p([new TextRun({ text: raisedLine(r), size: 18, color: '555555' })], { indent: 360, after: 40 }));
				for (const a of r.answers) body.push(p([new TextRun({ text: '答　', bold: true }), new TextRun(a.text), new TextRun({ text: `（${jaDate(a.at)}）`, size: 18, color: '555555' })], { indent: 360 }));
			}
		}
	}
	if (!answered.length) body.push(p('回答済みの質問はまだありません。'));
	if (waiting.length) {
		body.push(h('引き続き検討中の事項', 1));
		for (const r of waiting) body.push(p(`・${r.text}（${r.department ?? '担当部署未定'}、${STATUS_JA[r.status]}）`));
	}
	body.push(p([new TextRun({ text: `作成: ${jaDate(generatedAt)}（寄り合い）`, italics: true, size: 18 })]));
	return new Document({
		title: `${ledger.title} Q&A集`,
		creator: 'Yoriai',
		styles: { default: { document: { run: { font: FONT, size: 21 } } } },
		sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body }]
	});
}

/** The .docx bytes of the Q&A集. */
export function renderQaDocx(ledger: Ledger, generatedAt: number): Promise<Buffer> {
	return Packer.toBuffer(qaDocument(ledger, generatedAt));
}
