/**
 * The minutes as Markdown (pure): numbered sections like the reference report, tables for the
 * programme and the roster. User text is escaped so it reads as text in any Markdown viewer.
 */
import { label, paren, type MinutesLabel } from './labels.js';
import type { MinutesModel, MinutesQuestion, MinutesSection } from './model.js';
import { countText, programmeItemText } from './overview.js';
import { questionLine, questionPointer } from './questions.js';

/** Escapes Markdown and HTML syntax in one line of user text (newlines become spaces). */
export function mdText(text: string): string {
	return text
		.replace(/\s*\n\s*/g, ' ')
		.replace(/([\\`*_[\]|<>#~])/g, '\\$1')
		.replace(/^(\d+)\.(\s)/, '$1\\.$2')
		.replace(/^([-+])(\s)/, '\\$1$2');
}

/** A URL safe inside `(…)`: spaces and parentheses percent-encoded. */
function mdUrl(url: string): string {
	return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

function cell(text: string): string {
	return mdText(text) || ' ';
}

function table(head: string[], rows: string[][]): string[] {
	return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function sections(m: MinutesModel, list: MinutesSection[], headingLevel: string, empty: string): string[] {
	if (!list.length) return [empty, ''];
	const out: string[] = [];
	for (const s of list) {
		if (s.heading) out.push(`${headingLevel} ${mdText(s.heading)}`, '');
		for (const i of s.items) out.push(`${'  '.repeat(i.depth)}- ${i.kindLabel ? `【${i.kindLabel}】` : ''}${mdText(i.ref ? questionPointer(m.lang, i.ref) : i.text)}`);
		if (s.items.length) out.push('');
	}
	return out;
}

function questionLines(m: MinutesModel, q: MinutesQuestion): string[] {
	const L = (k: MinutesLabel, p: Record<string, string | number> = {}) => label(m.lang, k, p);
	const out = [`- ${mdText(questionLine(m.lang, q))}`];
	if (q.answer) out.push(`  - ${L('answer')}: ${mdText(q.answer)}`);
	for (const r of q.replies) out.push(`  - ${mdText(r.from)}: ${mdText(r.text)}`);
	return out;
}

/** Renders the whole minutes as Markdown. */
export function renderMarkdown(m: MinutesModel): string {
	const L = (k: MinutesLabel, p: Record<string, string | number> = {}) => label(m.lang, k, p);
	const sep = m.lang === 'ja' ? '、' : ', ';
	const out: string[] = [`# ${mdText(m.title)} ${L('report')}${m.rehearsal ? paren(m.lang, L('rehearsal')) : ''}${paren(m.lang, L(`version_${m.version}`))}`, '', `> ${L(`versionNote_${m.version}`)}`, ''];
	if (m.provisionalNote) out.push(`**${mdText(m.provisionalNote)}**`, '');

	out.push(`## 1. ${L('overview')}`, '');
	out.push(`- ${L('dateTime')}: ${mdText(m.overview.dateTime)}${m.overview.actualNote}`);
	for (const n of m.overview.notes) out.push(`  - ※${mdText(n)}`);
	if (m.overview.method) out.push(`- ${L('method')}: ${mdText(m.overview.method)}`);
	const attended = (n: number | undefined) => (n === undefined ? '' : paren(m.lang, L('attended', { n })));
	const counts = m.overview.counts.map((c) => mdText(countText(m.lang, c))).join(sep);
	out.push(`- ${L('attendance')}: ${counts}${sep}${L('total')} ${L('people', { n: m.overview.total })}${attended(m.overview.attendedTotal)}${paren(m.lang, L('seeAnnex'))}`, '');

	out.push(`## 2. ${L('programme')}`, '');
	out.push(...table([L('no'), L('item'), L('planned'), L('actual'), L('remarks')], m.programme.map((r) => [String(r.no), programmeItemText(m.lang, r), r.planned, r.actual, r.remarks])), '');

	out.push(`## 3. ${L('rooms')}`, '');
	if (m.sharedOnly) out.push(`*${L('sharedOnly')}*`, '');
	for (const line of m.roomsIntro) out.push(mdText(line), '');
	for (const room of m.rooms) {
		out.push(`### ${mdText(room.name)}`, '');
		if (room.purpose) out.push(`- ${L('composition')}: ${mdText(room.purpose)}`);
		if (room.organisations.length) out.push(`- ${L('members')}: ${mdText(room.organisations.join(sep))}`);
		if (room.facilitators.length) out.push(`- ${L('facilitator')}: ${mdText(room.facilitators.join(sep))}`);
		out.push('', ...sections(m, room.sections, '####', L('noNotes')));
	}

	out.push(`## 4. ${L('questions')}`, '');
	const q = m.questions;
	if (!q.toMinistry.length && !q.fromMinistry.length) out.push(L('noQuestions'), '');
	if (q.toMinistry.length) out.push(`### ${L('toMinistry')}`, '');
	for (const d of q.toMinistry) {
		out.push(`#### ${mdText(d.department)}`, '');
		for (const [key, list] of [['answered', d.answered], ['deferred', d.deferred], ['open', d.open]] as const) {
			if (!list.length) continue;
			out.push(`**${L(key)}**`, '');
			for (const item of list) out.push(...questionLines(m, item));
			out.push('');
		}
	}
	if (q.fromMinistry.length) {
		out.push(`### ${L('fromMinistry')}`, '');
		for (const item of q.fromMinistry) out.push(...questionLines(m, item));
		out.push('');
	}

	out.push(`## 5. ${L('summary')}`, '');
	for (const line of m.summary.remarks) out.push(mdText(line), '');
	if (m.summary.sections.length) out.push(`### ${L('summaryNotes')}`, '', ...sections(m, m.summary.sections, '####', ''));
	out.push(`### ${L('nextThemes')}`, '');
	if (m.summary.themes.length) {
		m.summary.themes.forEach((t, i) => out.push(`${i + 1}. ${mdText(t.text)}${t.votes ? paren(m.lang, L('votes', { n: t.votes })) : ''}`));
	} else out.push(L('undecided'));
	out.push('', `### ${L('nextDate')}`, '');
	out.push([m.summary.nextDate, m.summary.nextDateNote].filter(Boolean).map(mdText).join(' ') || L('undecided'), '');
	if (m.summary.links.length) {
		out.push(`### ${L('links')}`, '');
		for (const l of m.summary.links) out.push(`- [${mdText(l.title || l.url)}](${mdUrl(l.url)})`);
		out.push('');
	}

	out.push(`## ${L('roster')}`, '');
	const timed = m.overview.attendedTotal !== undefined;
	out.push(
		...table(
			[L('category'), L('organisation'), L('department'), L('name'), L('room'), L('role'), ...(timed ? [L('minutesPresent')] : [])],
			m.roster.map((r) => [r.category, r.organisation, r.department, r.name, r.room, r.role, ...(timed ? [r.minutes ?? ''] : [])])
		),
		''
	);
	out.push(`---`, '', `*${mdText(L('generated', { at: m.generatedAt }))}*`, '');
	return out.join('\n');
}
