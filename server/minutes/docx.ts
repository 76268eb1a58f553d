/**
 * The minutes as a Word document (.docx), built from the minutes model with the `docx` package:
 * A4, Japanese fonts, numbered section headings, tables for the programme and the roster. Headings
 * and labels keep with the next paragraph, table rows never split across pages and a table's title
 * row keeps with its first row and repeats on each page; columns have fixed widths (the No. column
 * fits 「No.」 on one line). The helpers are shared with a saved version's Word file (docx-version.ts).
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	ExternalHyperlink,
	HeadingLevel,
	Packer,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { label, paren, type MinutesLabel } from '../../src/lib/shared/minutes/labels.js';
import type { MinutesModel, MinutesQuestion, MinutesSection } from '../../src/lib/shared/minutes/model.js';
import { countText, programmeItemText } from '../../src/lib/shared/minutes/overview.js';
import { questionLine, questionPointer } from '../../src/lib/shared/minutes/questions.js';
import { timelineFigure, type TimelineData } from '../../src/lib/shared/figures/timeline.js';
import { figureWords } from '../../src/lib/shared/figures/words.js';
import * as timelineMessages from '../../src/lib/i18n/messages/figures-timeline.js';
import { figureParagraphs } from '../figures/docx-figure.js';

/** Column widths (%) of the programme: No. (wide enough for 「No.」 in bold on one line), item, planned and actual (「14:00〜14:05」 on one line), remarks. */
export const PROGRAMME_WIDTHS = [8, 32, 18, 18, 24];

const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8A929E' };

/** A4 width less both margins, in twips: what a table's columns share. */
export const CONTENT_WIDTH = 11906 - 2 * 1134;

/** The same width in pixels at 96 to the inch (a twip is 1/1440 inch): how wide figures are drawn. */
export const CONTENT_PX = Math.floor((CONTENT_WIDTH / 1440) * 96);

/** Column widths (%) of the timeline's short table under its figure: No., item, difference, status. */
const TIMELINE_WIDTHS = [8, 44, 14, 34];

/** A paragraph; a bold one is a label (「回答済み」, 「参加者数:」) and keeps with what follows. */
export function p(text: string, opts: { bold?: boolean; italics?: boolean; indent?: number; after?: number } = {}): Paragraph {
	return new Paragraph({
		children: [new TextRun({ text, bold: opts.bold, italics: opts.italics })],
		indent: opts.indent ? { left: opts.indent } : undefined,
		spacing: { after: opts.after ?? 80 },
		keepNext: opts.bold || undefined
	});
}

/** A heading: never the last line of a page (keep with next, lines kept together). */
export function h(text: string | (TextRun | ExternalHyperlink)[], level: 1 | 2 | 3 | 4): Paragraph {
	const heading = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4][level - 1];
	const content = typeof text === 'string' ? { text } : { children: text };
	return new Paragraph({ ...content, heading, keepNext: true, keepLines: true, spacing: { before: level <= 2 ? 240 : 160, after: 100 } });
}

function bullet(text: string, level = 0, prefix = ''): Paragraph {
	const children = prefix ? [new TextRun({ text: prefix, bold: true }), new TextRun(text)] : [new TextRun(text)];
	return new Paragraph({ children, bullet: { level: Math.min(level, 8) }, spacing: { after: 40 } });
}

/**
 * A table with a shaded title row. `widths` are percentages of the text width, fixed (the layout
 * does not follow the content); rows are not split across pages and the title row keeps with the
 * first row and repeats on every page the table runs onto.
 */
export function table(head: (string | TextRun[])[], rows: (string | (TextRun | ExternalHyperlink)[])[][], widths: number[]): Table {
	const twips = widths.map((w) => Math.floor((w / 100) * CONTENT_WIDTH));
	const cell = (content: string | (TextRun | ExternalHyperlink)[], header: boolean, width: number) =>
		new TableCell({
			width: { size: width, type: WidthType.DXA },
			shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E6EBF2' } : undefined,
			borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
			children: [new Paragraph({ children: typeof content === 'string' ? [new TextRun({ text: content, bold: header })] : content, keepNext: header || undefined })]
		});
	return new Table({
		width: { size: twips.reduce((a, b) => a + b, 0), type: WidthType.DXA },
		columnWidths: twips,
		layout: TableLayoutType.FIXED,
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: head.map((t, i) => cell(t, true, twips[i])) }),
			...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, false, twips[i])) }))
		]
	});
}

function sections(m: MinutesModel, list: MinutesSection[], level: 3 | 4, empty: string): (Paragraph | Table)[] {
	if (!list.length) return empty ? [p(empty, { italics: true })] : [];
	const out: Paragraph[] = [];
	for (const s of list) {
		if (s.heading) out.push(h(s.heading, level));
		for (const i of s.items) out.push(bullet(i.ref ? questionPointer(m.lang, i.ref) : i.text, i.depth, i.kindLabel ? `【${i.kindLabel}】` : ''));
	}
	return out;
}

function questions(m: MinutesModel, list: MinutesQuestion[]): Paragraph[] {
	const L = (k: MinutesLabel, params: Record<string, string | number> = {}) => label(m.lang, k, params);
	const out: Paragraph[] = [];
	for (const q of list) {
		out.push(bullet(questionLine(m.lang, q)));
		if (q.answer) out.push(bullet(q.answer, 1, `${L('answer')}: `));
		for (const r of q.replies) out.push(bullet(r.text, 1, `${r.from}: `));
	}
	return out;
}

/**
 * Figure 1, time planned against actual, with its caption and a short table of the differences
 * (nothing before the meeting ran). Also under the programme of a saved version (docx-version.ts).
 */
export function timelineBlocks(timeline: TimelineData, lang: 'ja' | 'en'): (Paragraph | Table)[] {
	if (!timeline.items.some((i) => i.actualStart !== null)) return [];
	const w = figureWords(timelineMessages, lang);
	const { scene, rows } = timelineFigure(timeline, w, CONTENT_PX, {}, lang);
	return [
		...figureParagraphs(scene, w('tl.caption', { n: 1 }), 'timeline'),
		table([w('tl.col.no'), w('tl.col.item'), w('tl.col.difference'), w('tl.col.status')], rows.map((r) => [String(r.no), r.title, r.difference, r.status]), TIMELINE_WIDTHS)
	];
}

/** Builds the Word document of the minutes. */
export function minutesDocument(m: MinutesModel): Document {
	const L = (k: MinutesLabel, params: Record<string, string | number> = {}) => label(m.lang, k, params);
	const sep = m.lang === 'ja' ? '、' : ', ';
	const body: (Paragraph | Table)[] = [
		new Paragraph({ text: `${m.title} ${L('report')}${m.rehearsal ? paren(m.lang, L('rehearsal')) : ''}${paren(m.lang, L(`version_${m.version}`))}`, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 120 } }),
		p(L(`versionNote_${m.version}`), { after: 240 })
	];
	if (m.provisionalNote) body.push(p(m.provisionalNote, { bold: true }));

	body.push(h(`1. ${L('overview')}`, 2));
	body.push(p(`${L('dateTime')}: ${m.overview.dateTime}${m.overview.actualNote}`));
	body.push(...m.overview.notes.map((n) => p(`※${n}`, { indent: 360 })));
	if (m.overview.method) body.push(p(`${L('method')}: ${m.overview.method}`));
	body.push(p(`${L('attendance')}:`, { bold: true, after: 40 }));
	const attended = (n: number | undefined) => (n === undefined ? '' : paren(m.lang, L('attended', { n })));
	for (const c of m.overview.counts) body.push(p(countText(m.lang, c), { indent: 360, after: 20 }));
	body.push(p(`${L('total')}: ${L('people', { n: m.overview.total })}${attended(m.overview.attendedTotal)}${paren(m.lang, L('seeAnnex'))}`, { indent: 360, bold: true }));

	body.push(h(`2. ${L('programme')}`, 2));
	body.push(table([L('no'), L('item'), L('planned'), L('actual'), L('remarks')], m.programme.map((r) => [String(r.no), programmeItemText(m.lang, r), r.planned, r.actual, r.remarks]), PROGRAMME_WIDTHS));
	body.push(...timelineBlocks(m.timeline, m.lang));

	body.push(h(`3. ${L('rooms')}`, 2));
	if (m.sharedOnly) body.push(p(L('sharedOnly'), { italics: true }));
	for (const line of m.roomsIntro) body.push(p(line));
	for (const room of m.rooms) {
		body.push(h(room.name, 3));
		if (room.purpose) body.push(p(`${L('composition')}: ${room.purpose}`));
		if (room.organisations.length) body.push(p(`${L('members')}: ${room.organisations.join(sep)}`));
		if (room.facilitators.length) body.push(p(`${L('facilitator')}: ${room.facilitators.join(sep)}`));
		body.push(...sections(m, room.sections, 4, L('noNotes')));
	}

	body.push(h(`4. ${L('questions')}`, 2));
	const q = m.questions;
	if (!q.toMinistry.length && !q.fromMinistry.length) body.push(p(L('noQuestions'), { italics: true }));
	if (q.toMinistry.length) body.push(h(L('toMinistry'), 3));
	for (const d of q.toMinistry) {
		body.push(h(d.department, 4));
		for (const [key, list] of [['answered', d.answered], ['deferred', d.deferred], ['open', d.open]] as const) {
			if (!list.length) continue;
			body.push(p(L(key), { bold: true, after: 40 }), ...questions(m, list));
		}
	}
	if (q.fromMinistry.length) body.push(h(L('fromMinistry'), 3), ...questions(m, q.fromMinistry));

	body.push(h(`5. ${L('summary')}`, 2));
	for (const line of m.summary.remarks) body.push(p(line));
	if (m.summary.sections.length) body.push(h(L('summaryNotes'), 3), ...sections(m, m.summary.sections, 4, ''));
	body.push(h(L('nextThemes'), 3));
	if (m.summary.themes.length) m.summary.themes.forEach((t, i) => body.push(p(`${i + 1}. ${t.text}${t.votes ? paren(m.lang, L('votes', { n: t.votes })) : ''}`)));
	else body.push(p(L('undecided')));
	body.push(h(L('nextDate'), 3), p([m.summary.nextDate, m.summary.nextDateNote].filter(Boolean).join(' ') || L('undecided')));
	if (m.summary.links.length) {
		body.push(h(L('links'), 3));
		for (const l of m.summary.links)
			body.push(
				new Paragraph({
					bullet: { level: 0 },
					children: [
						...(l.title ? [new TextRun(`${l.title}: `)] : []),
						new ExternalHyperlink({ link: l.url, children: [new TextRun({ text: l.url, style: 'Hyperlink' })] })
					]
				})
			);
	}

	body.push(h(L('roster'), 2));
	// 「厚生労働省」, 「ルーム 2」 and 「ファシリテーター」 fit on one line in their columns.
	const timed = m.overview.attendedTotal !== undefined;
	body.push(
		table(
			[L('category'), L('organisation'), L('department'), L('name'), L('room'), L('role'), ...(timed ? [L('minutesPresent')] : [])],
			m.roster.map((r) => [r.category, r.organisation, r.department, r.name, r.room, r.role, ...(timed ? [r.minutes ?? ''] : [])]),
			timed ? [14, 18, 14, 12, 11, 20, 11] : [14, 22, 18, 13, 12, 21]
		)
	);
	body.push(p(L('generated', { at: m.generatedAt }), { italics: true }));

	return wordDocument(`${m.title} ${L('report')}`, body);
}

/** An A4 Word document of `body` in the minutes' fonts and margins. */
export function wordDocument(title: string, body: (Paragraph | Table)[]): Document {
	return new Document({
		title,
		creator: 'Yoriai',
		styles: { default: { document: { run: { font: FONT, size: 21 } } } },
		sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body }]
	});
}

/** The .docx bytes of the minutes. */
export function renderDocx(m: MinutesModel): Promise<Buffer> {
	return Packer.toBuffer(minutesDocument(m));
}
