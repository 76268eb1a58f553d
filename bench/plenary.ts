/**
 * Benchmark: the plenary screen after one keystroke, and the DOCX of a 3-hour meeting.
 *
 * 1. Ten rooms × 200 board lines (about half marked ★ for the plenary). One keystroke changes one
 *    line of one room. Yoriai's path: re-parse that room's board only, project its shared items,
 *    compare with what was sent (server, plenary.ts), then group themes across rooms with a term
 *    cache that remembers every unchanged line (display, ThemesView). Peer in the same run: a naive
 *    full recompute (parse all ten boards, project all, group themes from scratch). Floor:
 *    JSON.stringify of the same projection (what any change costs just to send).
 * 2. Minutes of a 3-hour meeting (20 programme items, 10 rooms × 200 lines, 60 questions, 80
 *    people): the model, then the DOCX. Peers: the Markdown of the same model, and JSON.stringify.
 *
 *   npx tsx bench/plenary.ts            BENCH_QUICK=1 for a short run
 */
import { parseOutline } from '../src/lib/shared/notes/outline.js';
import type { Outline } from '../src/lib/shared/notes/outline-types.js';
import { projectRoom, themeInputs, type PlenaryRoom } from '../src/lib/shared/plenary/projection.js';
import { groupThemes, TermCache } from '../src/lib/shared/plenary/themes.js';
import { buildMinutes } from '../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../src/lib/shared/minutes/markdown.js';
import { renderDocx } from '../server/minutes/docx.js';
import { at, referenceWorld } from '../tests/fixtures/reference-meeting.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ROOMS = 10;
const LINES = 200;
const KEYSTROKES = QUICK ? 30 : 200;

/** A deterministic pseudo-random source (mulberry32). */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const TOPICS = ['住居喪失', '一時生活支援', 'オンライン相談', 'フードバンク', 'LINEボット', '個人情報', '級地区分', '車の保有', '就労支援', '居場所づくり', '出張相談会', '災害備蓄食料', '広域連携', '支援情報サイト', 'リモートワーク', '家計改善', '緊急小口資金', '住居確保給付金', '子ども食堂', 'ひきこもり'];
const TAILS = ['について現場の状況を共有した', 'の仕組みを国として整えてほしい', 'は人手が足りず手が回らない', 'の活用事例を参考にしたい', 'は対面との組み合わせが必要', 'の扱いに注意が必要', 'を広げるための予算が課題', 'について自治体ごとに差がある'];
const KINDS = ['', '', '要望：', '課題：', '情報：', '質問：', '厚労省から：'];

/** One room's board text in the notes grammar (■ headings, ● bullets, ★ share marks, kind prefixes). */
function board(seed: number): string[] {
	const r = rng(seed);
	const lines: string[] = [];
	while (lines.length < LINES) {
		if (lines.length % 20 === 0) lines.push(`■${TOPICS[Math.floor(r() * TOPICS.length)]}について`);
		const topic = TOPICS[Math.floor(r() * TOPICS.length)];
		const text = `${KINDS[Math.floor(r() * KINDS.length)]}${topic}${TAILS[Math.floor(r() * TAILS.length)]}（${lines.length}）`;
		lines.push(`${r() < 0.5 ? '★' : ''}● ${text}`);
	}
	return lines;
}

function time(fn: () => void, runs: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		fn();
		out.push(performance.now() - t0);
	}
	return out;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		out.push(performance.now() - t0);
	}
	return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function report(rows: [string, number[]][], base: string) {
	const baseMed = median(rows.find(([n]) => n === base)![1]);
	for (const [name, xs] of rows) console.log(`  ${name.padEnd(44)} median ${fmt(median(xs)).padStart(10)}  p95 ${fmt(p95(xs)).padStart(10)}  ×${(median(xs) / baseMed).toFixed(2)} of ${base}`);
}

function keystrokes() {
	const rooms = Array.from({ length: ROOMS }, (_, i) => ({ id: `room${i + 1}`, lines: board(i + 1) }));
	const text = (i: number) => rooms[i].lines.join('\n');
	// State kept between keystrokes by Yoriai's path.
	const outlines: Outline[] = rooms.map((_, i) => parseOutline(text(i)));
	const projected: PlenaryRoom[] = rooms.map((r, i) => projectRoom(r.id, outlines[i]));
	const sent = projected.map((p) => JSON.stringify(p.sections));
	const cache = new TermCache();
	groupThemes(themeInputs(projected), cache);
	const items = themeInputs(projected).length;
	console.log(`plenary views: ${ROOMS} rooms × ${LINES} lines, ${items} shared items, ${KEYSTROKES} keystrokes`);

	let k = 0;
	/** Types one character at the end of a shared line of room 4 (changes its shared text). */
	const type = () => {
		const room = rooms[3];
		const line = 1 + ((k * 7) % (LINES - 2));
		room.lines[line] = `★${room.lines[line].replace(/^★/, '')}あ`;
		k++;
		return 3;
	};

	const naive = time(() => {
		const i = type();
		void i;
		const all = rooms.map((r, j) => projectRoom(r.id, parseOutline(text(j))));
		groupThemes(themeInputs(all));
	}, KEYSTROKES);

	const incremental = time(() => {
		const i = type();
		const room = projectRoom(rooms[i].id, parseOutline(text(i)));
		const json = JSON.stringify(room.sections);
		if (json !== sent[i]) {
			sent[i] = json;
			projected[i] = room;
		}
		groupThemes(themeInputs(projected), cache);
	}, KEYSTROKES);

	const serverOnly = time(() => {
		const i = type();
		const room = projectRoom(rooms[i].id, parseOutline(text(i)));
		sent[i] = JSON.stringify(room.sections);
		projected[i] = room;
	}, KEYSTROKES);

	const floor = time(() => {
		type();
		JSON.stringify(projected);
	}, KEYSTROKES);

	report(
		[
			['naive: parse all + project + themes', naive],
			['yoriai: one room + themes (term cache)', incremental],
			['yoriai server part: one room parse+project', serverOnly],
			['floor: JSON.stringify(all projections)', floor]
		],
		'floor: JSON.stringify(all projections)'
	);
	console.log(`  naive / yoriai: ×${(median(naive) / median(incremental)).toFixed(2)}`);
}

/** A 3-hour meeting: 20 items run back to back (some over), 10 rooms × 200 lines, 60 questions, 80 people. */
function bigMeeting() {
	const m = referenceWorld('bench-meeting');
	m.must(m.organiser, { type: 'meeting.update', endsAt: '2021-06-04T17:00:00+09:00', departments: ['生活困窮者自立支援室', '保護課', '地域福祉課'] });
	const agenda = Array.from({ length: 20 }, (_, i) => String(m.must(m.organiser, { type: 'agenda.add', title: `議題${i + 1}：${TOPICS[i % TOPICS.length]}について`, durationMinutes: 9, kind: i % 5 === 2 ? 'breakout' : 'plenary' }).id));
	const roomIds = Array.from({ length: ROOMS }, (_, i) => String(m.must(m.organiser, { type: 'room.add', name: `ルーム${i + 1}`, purpose: `${TOPICS[i]}を中心に意見交換` }).id));
	const cats = ['ministry', 'agency', 'municipality', 'organiser'] as const;
	for (let i = 0; i < 80; i++)
		m.must(m.organiser, { type: 'member.add', name: `参加者${i + 1}`, organisation: `${['厚生労働省', '支援機関', '市役所', '主催団体'][i % 4]}${i % 7}`, category: cats[i % 4], roomId: roomIds[i % ROOMS], role: i % 8 === 0 ? 'facilitator' : 'participant' });
	m.now = at('14:00');
	m.must(m.organiser, { type: 'agenda.start', itemId: agenda[0] });
	for (let i = 1; i < agenda.length; i++) {
		m.now = at('14:00') + i * 9.5 * 60_000;
		m.must(m.organiser, { type: 'agenda.next' });
	}
	m.now = at('17:10');
	m.must(m.organiser, { type: 'agenda.finish' });
	const questions = m.state.questions.items as unknown as Record<string, unknown>;
	for (let i = 0; i < 60; i++)
		questions[`q${i}`] = { id: `q${i}`, text: `${TOPICS[i % TOPICS.length]}${TAILS[i % TAILS.length]}のはなぜか`, direction: i % 6 === 0 ? 'from_ministry' : 'to_ministry', department: ['生活困窮者自立支援室', '保護課', null][i % 3], status: ['open', 'answered', 'deferred'][i % 3], votes: i % 9, answer: i % 3 === 1 ? { text: '制度の趣旨に沿って運用しています' } : null, replies: [], askedAt: i, approved: true, hidden: false, mergedInto: null };
	const outlines = Object.fromEntries(roomIds.map((id, i) => [id, parseOutline(board(i + 1).join('\n'))]));
	return { state: m.state, outlines, summary: parseOutline(board(99).slice(0, 30).join('\n')) };
}

async function minutes() {
	const { state, outlines, summary } = bigMeeting();
	const runs = QUICK ? 3 : 15;
	const model = buildMinutes(state, outlines, summary, { now: at('17:30') });
	const bytes = (await renderDocx(model)).length;
	console.log(`minutes of a 3-hour meeting: ${model.programme.length} items, ${model.rooms.reduce((n, r) => n + r.sections.reduce((s, x) => s + x.items.length, 0), 0)} notes, ${model.roster.length} people → DOCX ${(bytes / 1024).toFixed(0)} KiB`);
	const docx = await timeAsync(() => renderDocx(buildMinutes(state, outlines, summary, { now: at('17:30') })), runs);
	const md = time(() => renderMarkdown(buildMinutes(state, outlines, summary, { now: at('17:30') })), runs);
	const modelOnly = time(() => buildMinutes(state, outlines, summary, { now: at('17:30') }), runs);
	const floor = time(() => JSON.stringify(buildMinutes(state, outlines, summary, { now: at('17:30') })), runs);
	report(
		[
			['model + DOCX', docx],
			['model + Markdown', md],
			['model only', modelOnly],
			['floor: model + JSON.stringify', floor]
		],
		'model + Markdown'
	);
}

keystrokes();
await minutes();
