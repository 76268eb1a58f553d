/**
 * The rooms' activity figure from a real meeting: rooms, members, a programme with a breakout run
 * through the real commands, questions asked in a room and sent from a board, and samples counted
 * from real board texts (the demo's starter notes, with lines added and shared as a breakout goes).
 * Checks the counts, the silence rule (in words), the scales every panel shares, the window and the
 * text alternative.
 */
import { describe, expect, it } from 'vitest';
import { countLines, countShared, type RoomSample } from '../../src/lib/shared/notes/activity.js';
import { parseOutline } from '../../src/lib/shared/notes/outline.js';
import { DEMO_ROOM_NOTES } from '../../src/lib/shared/notes/demo-notes.js';
import { lastNewLineAt, roomsFigure, roomsWindow, SILENT_MINUTES } from '../../src/lib/shared/figures/rooms.js';
import { figureWords } from '../../src/lib/shared/figures/words.js';
import { sceneToSvg } from '../../src/lib/shared/figures/svg.js';
import * as roomWords from '../../src/lib/i18n/messages/figures-rooms.js';
import { MIN, World } from '../helpers/world.js';

const ja = figureWords(roomWords, 'ja');
const en = figureWords(roomWords, 'en');
/** 14:40 JST on the day of the world's meeting: the breakout starts. */
const START = Date.parse('2021-06-04T14:40:00+09:00');

/** A meeting with three rooms, people in them, and a 40-minute breakout started at 14:40. */
function breakoutMeeting() {
	const w = new World({ timezone: 'Asia/Tokyo' });
	const rooms = ['ルーム1', 'ルーム2', 'ルーム3'].map((name) => w.room(name));
	const members = [
		w.member('participant', '佐藤', { roomId: rooms[0] }),
		w.member('participant', '鈴木', { roomId: rooms[0] }),
		w.member('ministry', '田中', { roomId: rooms[1] }),
		w.member('participant', '高橋', { roomId: rooms[2] })
	];
	const items = [
		w.must(w.organiser, { type: 'agenda.add', title: '説明', durationMinutes: 30, kind: 'plenary' }).id,
		w.must(w.organiser, { type: 'agenda.add', title: 'グループ討議', durationMinutes: 40, kind: 'breakout' }).id,
		w.must(w.organiser, { type: 'agenda.add', title: '共有', durationMinutes: 10, kind: 'plenary' }).id
	].map(String);
	w.now = START;
	w.must(w.organiser, { type: 'agenda.start', itemId: items[1] });
	return { w, rooms, members, items };
}

/** A board text as it grows: the demo notes of a room, then `added` new lines (every third shared with ★). */
function board(room: number, added: number): string {
	const extra = Array.from({ length: added }, (_, i) => `${i % 3 === 2 ? '★' : ''}● 追加の意見${i + 1}`).join('\n');
	return `${DEMO_ROOM_NOTES[room]}${added ? `■討議メモ\n${extra}\n` : ''}`;
}

/** A sample counted from a board text, as the server counts it. */
function sample(roomId: string, text: string, at: number, connected: number): RoomSample {
	return { at, lines: countLines(text), shared: countShared(roomId, parseOutline(text), false), connected };
}

describe('rooms activity figure', () => {
	it('counts each room from its board samples and the meeting’s questions, with people connected now', () => {
		const { w, rooms, members } = breakoutMeeting();
		w.now = START + 3 * MIN;
		w.ask(members[0], '一時生活支援事業を広域で実施する場合の費用負担は');
		w.now = START + 6 * MIN;
		w.must(w.organiser, { type: 'question.fromBoard', roomId: rooms[1], lines: [{ text: 'オンライン相談の個人情報の扱いは', line: 3, section: 'オンライン相談について' }] });
		w.ask(members[3], '全体への質問', { roomId: null });
		const now = START + 8 * MIN;
		const samples = {
			[rooms[0]]: [0, 2, 4, 6, 8].map((m, i) => sample(rooms[0], board(0, i * 2), START + m * MIN, 2)),
			[rooms[1]]: [0, 2, 4, 6, 8].map((m, i) => sample(rooms[1], board(1, i), START + m * MIN, 1)),
			[rooms[2]]: [0, 4, 8].map((m) => sample(rooms[2], board(2, 0), START + m * MIN, 0))
		};
		const fig = roomsFigure({ state: w.state, samples, now, width: 960, words: ja });
		const [r1, r2, r3] = fig.rows;
		expect(fig.rows.map((r) => r.name)).toEqual(['ルーム1', 'ルーム2', 'ルーム3']);
		expect(r1).toMatchObject({ lines: countLines(board(0, 8)), shared: countShared(rooms[0], parseOutline(board(0, 8)), false), questions: 1, connected: 2, assigned: 2 });
		// 8 added lines, two of them (the 3rd and the 6th) shared with ★, on top of the demo notes' shared lines.
		expect(r1.lines - countLines(DEMO_ROOM_NOTES[0])).toBe(9); // the heading ■討議メモ and 8 lines
		expect(r1.shared - countShared(rooms[0], parseOutline(DEMO_ROOM_NOTES[0]), false)).toBe(2);
		expect(r2).toMatchObject({ questions: 1, connected: 1, assigned: 1 });
		expect(r3).toMatchObject({ questions: 0, connected: 0, lines: countLines(DEMO_ROOM_NOTES[2]) });
		// The panel says who is connected in words.
		const texts = (i: number) => fig.panels[i].scene.marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
		expect(texts(0)).toContain('接続 2人');
		expect(texts(2)).toContain('接続なし');
		expect(texts(0)).toEqual(expect.arrayContaining([`行 ${r1.lines}`, `共有 ${r1.shared}`, '質問 1']));
		// One tick per question, at its time.
		const ticks = fig.panels[0].scene.marks.filter((m) => m.tone === 'questions' && m.label);
		expect(ticks.map((m) => m.label)).toEqual(['14:43 質問']);
	});

	it('marks a room with no new line for the last minutes in words, and one that is writing with its last time', () => {
		const { w, rooms } = breakoutMeeting();
		const now = START + 20 * MIN;
		const samples = {
			// Room 1 writes until 14:58, then nothing for 2 minutes: not silent.
			[rooms[0]]: Array.from({ length: 21 }, (_, m) => sample(rooms[0], board(0, Math.min(m, 18)), START + m * MIN, 3)),
			// Room 2 wrote until 14:47, then stopped: 13 minutes without a new line.
			[rooms[1]]: Array.from({ length: 21 }, (_, m) => sample(rooms[1], board(1, Math.min(m, 7)), START + m * MIN, 2)),
			// Room 3 never added a line since the start.
			[rooms[2]]: Array.from({ length: 21 }, (_, m) => sample(rooms[2], board(2, 0), START + m * MIN, 1))
		};
		const fig = roomsFigure({ state: w.state, samples, now, width: 960, words: ja });
		expect(fig.rows.map((r) => r.status)).toEqual(['active', 'silent', 'silent']);
		expect(fig.rows[0]).toMatchObject({ lastNewLineAt: START + 18 * MIN, quietMinutes: 2, statusText: '最後に行が増えた時刻 14:58' });
		expect(fig.rows[1]).toMatchObject({ lastNewLineAt: START + 7 * MIN, quietMinutes: 13, statusText: '13分間 新しい行なし' });
		expect(fig.rows[2]).toMatchObject({ lastNewLineAt: null, quietMinutes: 20, statusText: '20分間 新しい行なし' });
		// In words on the panel (not only the hatched band), and in the text alternative.
		const panelText = fig.panels[1].scene.marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
		expect(panelText).toContain('⚠ 13分間 新しい行なし');
		expect(fig.panels[1].scene.summary).toContain('13分間 新しい行なし');
		expect(fig.summary).toContain('ルーム3：');
		// Just below the threshold a room is not silent yet; a line removed is not a new line.
		const edge = roomsFigure({ state: w.state, samples, now: START + 7 * MIN + (SILENT_MINUTES * MIN - 1), width: 960, words: ja });
		expect(edge.rows[1].status).toBe('active');
		const shrinking = [sample(rooms[1], board(1, 4), START, 1), sample(rooms[1], board(1, 2), START + MIN, 1)];
		expect(lastNewLineAt(shrinking)).toBeNull();
		// The threshold is the organiser's choice.
		expect(roomsFigure({ state: w.state, samples, now, width: 960, words: ja, silentMinutes: 15 }).rows[1].status).toBe('active');
	});

	it('draws every panel on the same scales: one time window, one line maximum (the busiest room)', () => {
		const { w, rooms } = breakoutMeeting();
		const now = START + 10 * MIN;
		const samples = {
			[rooms[0]]: Array.from({ length: 11 }, (_, m) => sample(rooms[0], board(0, m * 3), START + m * MIN, 2)),
			[rooms[1]]: Array.from({ length: 11 }, (_, m) => sample(rooms[1], board(1, m), START + m * MIN, 1)),
			[rooms[2]]: []
		};
		const fig = roomsFigure({ state: w.state, samples, now, width: 960, words: ja });
		expect(fig.maxLines).toBe(countLines(board(0, 30)));
		// The window: from the breakout's start to its planned end (40 minutes), not to the last sample.
		expect(fig.window).toEqual({ start: START, end: START + 40 * MIN });
		const axisLabels = fig.panels.map((p) => p.scene.marks.filter((m) => m.kind === 'text' && /^\d+行$/.test(m.text)).map((m) => (m.kind === 'text' ? m.text : '')));
		expect(axisLabels).toEqual([[`${fig.maxLines}行`], [`${fig.maxLines}行`], [`${fig.maxLines}行`]]);
		// Same time labels on every panel, and the now line at the same x in each.
		const times = fig.panels.map((p) => p.scene.marks.filter((m) => m.kind === 'text' && /^\d\d:\d\d$/.test(m.text)).map((m) => (m.kind === 'text' ? m.text : '')));
		expect(times).toEqual([['14:40', '15:20'], ['14:40', '15:20'], ['14:40', '15:20']]);
		const nowX = fig.panels.map((p) => p.scene.marks.find((m) => m.tone === 'now' && m.kind === 'line'));
		expect(new Set(nowX.map((m) => (m?.kind === 'line' ? m.x1 : null))).size).toBe(1);
		// The busiest room's line reaches the top of the scale; the quieter one stays lower.
		const pathTop = (i: number) => {
			const d = fig.panels[i].scene.marks.find((m) => m.kind === 'path' && m.tone === 'lines');
			return d?.kind === 'path' ? Math.min(...[...d.d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]))) : null;
		};
		expect(pathTop(0)).toBeCloseTo(58, 5);
		expect(pathTop(1)!).toBeGreaterThan(pathTop(0)!);
		expect(fig.rows[2]).toMatchObject({ status: 'waiting', statusText: 'まだ記録がありません' });
		expect(fig.panels[2].scene.marks.some((m) => m.kind === 'path')).toBe(false);
	});

	it('stacks the panels in one column at 390 px and lays them side by side on a desktop', () => {
		const { w } = breakoutMeeting();
		const phone = roomsFigure({ state: w.state, samples: {}, now: START + MIN, width: 358, words: ja });
		expect(phone).toMatchObject({ columns: 1, panelWidth: 358 });
		const desk = roomsFigure({ state: w.state, samples: {}, now: START + MIN, width: 960, words: ja });
		expect(desk.columns).toBe(3);
		expect(desk.panels.every((p) => p.scene.width === desk.panelWidth)).toBe(true);
		// A long room name is cut to fit beside the connected count, with the whole name as its label.
		const long = new World({ timezone: 'Asia/Tokyo' });
		long.room('生活困窮者自立支援制度と生活保護制度の連携を考えるグループ');
		const cut = roomsFigure({ state: long.state, samples: {}, now: START, width: 300, words: ja }).panels[0].scene.marks[0];
		expect(cut.kind === 'text' && cut.text.endsWith('…')).toBe(true);
		expect(cut.label).toBe('生活困窮者自立支援制度と生活保護制度の連携を考えるグループ');
	});

	it('after the breakout shows its whole span and judges no room silent', () => {
		const { w, rooms, items } = breakoutMeeting();
		w.now = START + 42 * MIN;
		w.must(w.organiser, { type: 'agenda.next' });
		const samples = { [rooms[0]]: [sample(rooms[0], board(0, 0), START, 2), sample(rooms[0], board(0, 0), START + 40 * MIN, 2)] };
		const win = roomsWindow(w.state, samples, START + 50 * MIN);
		expect(win).toEqual({ start: START, end: START + 42 * MIN, live: false });
		const fig = roomsFigure({ state: w.state, samples, now: START + 50 * MIN, width: 960, words: ja });
		expect(fig.rows[0]).toMatchObject({ status: 'ended', statusText: '終了' });
		expect(fig.rows.some((r) => r.status === 'silent')).toBe(false);
		expect(w.state.agenda.run.currentId).toBe(items[2]);
	});

	it('has a text alternative in both languages, and serialises with the room names as text', () => {
		const { w, rooms } = breakoutMeeting();
		const now = START + 12 * MIN;
		const samples = { [rooms[1]]: Array.from({ length: 13 }, (_, m) => sample(rooms[1], board(1, Math.min(m, 2)), START + m * MIN, 1)) };
		const fig = roomsFigure({ state: w.state, samples, now, width: 960, words: ja });
		expect(fig.summary).toMatch(/^3ルームの様子（14:40〜15:20）。ルーム1：/);
		expect(fig.panels[1].scene.summary).toBe(`ルーム2：${fig.rows[1].lines}行（うち共有${fig.rows[1].shared}行）、質問0件、接続1人。10分間 新しい行なし`);
		const english = roomsFigure({ state: w.state, samples, now, width: 960, words: en });
		expect(english.panels[1].scene.summary).toBe(`ルーム2: ${fig.rows[1].lines} lines (${fig.rows[1].shared} shared), 0 questions, 1 connected. No new line for 10 min`);
		const svg = sceneToSvg(fig.panels[1].scene, 'rooms-1');
		expect(svg).toContain('>ルーム2<');
		expect(svg).toContain('fill="url(#rooms-1-overrun)"');
		// The markup the console inserts names itself by the figure's id, and keeps a room's name as text.
		const w2 = new World({ timezone: 'Asia/Tokyo' });
		w2.room('<img src=x onerror=alert(1)>');
		const inline = sceneToSvg(roomsFigure({ state: w2.state, samples: {}, now: START, width: 400, words: ja }).panels[0].scene, 'rooms-0', { interactive: true });
		expect(inline).toContain('aria-labelledby="rooms-0-title"');
		expect(inline).toMatch(/<title id="rooms-0-title">.*<\/title><desc id="rooms-0-desc">/);
		expect(inline).not.toContain('<img');
		expect(inline).toContain('&lt;img src=x');
	});
});
