/**
 * The minutes as the report of record, one rule per test on the minutes model (and its Markdown):
 * actual times dated and late starts stated, replies labelled by side, shared lines with their
 * heading (minutes and display), the description and item notes, question rooms and the rooms'
 * organisations in roster order with departments, item remarks, category wording, the speaker
 * style, and a board question printed once with the room notes pointing to it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMinutes, type MinutesModel } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { projectRoom } from '../../src/lib/shared/plenary/projection.js';
import { zonedToIso } from '../../src/lib/shared/time/zoned.js';
import { TZ, at, outline, referenceMeeting } from '../fixtures/reference-meeting.js';
import type { World } from '../helpers/world.js';

let meeting: World;
let roomIds: string[];
let agendaIds: string[];

beforeEach(() => {
	({ meeting, roomIds, agendaIds } = referenceMeeting());
});

const minutes = (opts: Partial<Parameters<typeof buildMinutes>[3]> = {}, outlines: Parameters<typeof buildMinutes>[1] = {}): MinutesModel =>
	buildMinutes(meeting.state, outlines, null, { now: at('16:00'), ...opts });
const org = (raw: Record<string, unknown>) => meeting.must(meeting.organiser, raw);
const memberWhere = (pred: (m: World['state']['members'][string]) => boolean) => Object.values(meeting.state.members).find(pred)!;
const startAt = (when: number, item = 0) => {
	meeting.now = when;
	org({ type: 'agenda.start', itemId: agendaIds[item] });
};

describe('actual times (実績時刻)', () => {
	it('state a late start against the planned one, in the overview and at the pinned item', () => {
		startAt(at('14:05'));
		meeting.now = at('14:44');
		org({ type: 'agenda.next', itemId: agendaIds[3] });
		meeting.now = at('15:50');
		org({ type: 'agenda.finish' });
		const m = minutes();
		expect(m.overview.actualNote).toBe('（実績時刻 14:05〜15:50・5分遅れで開始）');
		expect(m.programme[0].remarks).toContain('5分遅れで開始');
		// The breakout is pinned to 14:40 and began at 14:44; unpinned items follow and are never "late".
		expect(m.programme[3].remarks).toContain('4分遅れで開始');
		expect(renderMarkdown(m)).toContain('5分遅れで開始');
	});

	it('say nothing of lateness for an on-time start', () => {
		startAt(at('14:00'));
		expect(minutes().overview.actualNote).not.toContain('遅れ');
	});

	it('carry their date when the meeting ran on another day than planned', () => {
		startAt(Date.parse(zonedToIso('2021-06-07', '10:00', TZ)));
		meeting.now = Date.parse(zonedToIso('2021-06-07', '10:30', TZ));
		org({ type: 'agenda.finish' });
		const m = minutes();
		expect(m.overview.dateTime).toContain('2021年6月4日');
		expect(m.overview.actualNote).toBe('（実績時刻 2021年6月7日（月） 10:00〜10:30）');
		expect(m.programme[0].actual).toBe('6/7 10:00〜10:30');
		// No lateness is claimed against a plan of another day.
		expect(m.overview.actualNote).not.toContain('遅れ');
	});
});

describe('questions and replies (4. 質問と回答)', () => {
	it('label each reply by its writer’s side, the ministry’s own follow-up included', () => {
		const ministry = meeting.actorOf(memberWhere((m) => m.role === 'ministry').id);
		const city = meeting.actorOf(memberWhere((m) => m.category === 'municipality').id);
		const agency = meeting.actorOf(memberWhere((m) => m.category === 'agency' && m.role === 'participant').id);
		const q = meeting.ask(ministry, '通信環境のない相談者にどう対応していますか', { direction: 'from_ministry' });
		meeting.must(city, { type: 'question.reply', questionId: q, text: '窓口での貸出端末で対応しています' });
		meeting.must(agency, { type: 'question.reply', questionId: q, text: '訪問で対応しています' });
		meeting.must(ministry, { type: 'question.reply', questionId: q, text: '端末貸出の事例を集めて共有します' });
		const [item] = minutes().questions.fromMinistry;
		expect(item.replies.map((r) => r.from)).toEqual(['自治体より', '支援機関より', '厚労省より']);
		const md = renderMarkdown(minutes());
		expect(md).toContain('  - 自治体より: 窓口での貸出端末で対応しています');
		expect(md).toContain('  - 厚労省より: 端末貸出の事例を集めて共有します');
		expect(md).not.toContain('現場からの回答');
	});

	it('number each question and print the room it came from', () => {
		const inRoom2 = meeting.actorOf(memberWhere((m) => m.roomId === roomIds[1] && m.role === 'participant').id);
		meeting.ask(inRoom2, '級地区分の見直しは検討されていますか', { department: '保護課' });
		meeting.ask(meeting.actorOf(memberWhere((m) => m.roomId === null && m.role === 'ministry').id), '現場の声をどう集めていますか', { direction: 'from_ministry' });
		const m = minutes();
		const q = m.questions.toMinistry[0].open[0];
		expect(q).toMatchObject({ no: 'Q1', room: 'ルーム2' });
		expect(m.questions.fromMinistry[0]).toMatchObject({ no: 'Q2', room: null });
		expect(renderMarkdown(m)).toContain('- Q1　〈支援機関〉級地区分の見直しは検討されていますか（ルーム2）');
	});
});

describe('the speaker style (発言者の表記)', () => {
	const ask = () => {
		const city = meeting.actorOf(memberWhere((m) => m.name === '藤井 紗季').id);
		meeting.ask(city, '一時生活支援の広域実施の例はありますか');
		meeting.ask(city, '匿名で聞きたいことがあります', { anonymous: true });
	};
	const speakers = (m: MinutesModel) => m.questions.toMinistry.flatMap((d) => d.open.map((q) => q.speaker));

	it('labels statements by side by default, as the ministry’s summaries do, and never an anonymous one', () => {
		ask();
		expect(speakers(minutes())).toEqual(['自治体', null]);
	});

	it('offers organisation and name, per meeting', () => {
		ask();
		org({ type: 'meeting.update', speakerStyle: 'organisation' });
		expect(speakers(minutes())).toEqual(['千歳市', null]);
		org({ type: 'meeting.update', speakerStyle: 'name' });
		expect(speakers(minutes())).toEqual(['藤井 紗季（千歳市）', null]);
		expect(renderMarkdown(minutes())).toContain('〈藤井 紗季（千歳市）〉一時生活支援の広域実施の例はありますか');
	});

	it('never prints names in the public version', () => {
		ask();
		org({ type: 'meeting.update', speakerStyle: 'name' });
		expect(speakers(minutes({ version: 'public' }))).toEqual(['千歳市', null]);
	});
});

describe('shared lines (?shared=1 and the display)', () => {
	const board = () =>
		outline([
			{ heading: '住居喪失者への対応', items: [['正式に依頼できる仕組みがほしい', 'request', true]] },
			{ heading: '一時生活支援の広域実施', items: [['都道府県が主導すべきか議論した', 'info', true], ['個別の相談の話', null, false]] }
		]);

	it('print a shared line of an unshared section under its own heading, never the previous one', () => {
		const m = minutes({ sharedOnly: true }, { [roomIds[0]]: board() });
		expect(m.rooms[0].sections.map((s) => [s.heading, s.items.map((i) => i.text)])).toEqual([
			['住居喪失者への対応', ['正式に依頼できる仕組みがほしい']],
			['一時生活支援の広域実施', ['都道府県が主導すべきか議論した']]
		]);
	});

	it('reach the display with their section heading as context', () => {
		expect(projectRoom(roomIds[0], board()).sections.map((s) => s.heading)).toEqual(['住居喪失者への対応', '一時生活支援の広域実施']);
	});

	it('do not carry an unshared heading that may hold personal information to the display', () => {
		const o = outline([{ heading: '佐藤花子さんの件', items: [['住まいの確保は制度の狭間', 'issue', true]] }]);
		expect(projectRoom(roomIds[0], o).sections).toEqual([{ heading: null, items: [expect.objectContaining({ text: '住まいの確保は制度の狭間' })] }]);
	});
});

describe('the description, item notes and remarks', () => {
	it('print the grouping rationale and the themes with the rooms, and item notes with their item', () => {
		org({ type: 'meeting.update', description: '話を深めやすいよう、同じ立場の機関どうしでルームを分けました。\n各ルーム共通のテーマ：事前ヒアリングシートの内容' });
		org({ type: 'agenda.update', itemId: agendaIds[3], notes: '【ブレイクアウトルーム】' });
		org({ type: 'agenda.update', itemId: agendaIds[4], notes: '【3ルーム】' });
		const m = minutes();
		expect(m.roomsIntro).toEqual(['話を深めやすいよう、同じ立場の機関どうしでルームを分けました。', '各ルーム共通のテーマ：事前ヒアリングシートの内容']);
		const md = renderMarkdown(m);
		expect(md).toContain('| 4 | グループ討議：コロナ禍での支援のあり方　【ブレイクアウトルーム】 |');
		expect(md).toContain('ルームの話の共有と質疑応答　【3ルーム】');
		// The rationale stands in block 3, before the first room.
		expect(md.indexOf('同じ立場の機関どうし')).toBeGreaterThan(md.indexOf('## 3.'));
		expect(md.indexOf('同じ立場の機関どうし')).toBeLessThan(md.indexOf('### ルーム1'));
	});

	it('print an item’s remark in the programme and where the report tells of the item', () => {
		org({ type: 'agenda.update', itemId: agendaIds[5], remark: '発表の後の意見交換は時間切れのため行わず' });
		org({ type: 'agenda.update', itemId: agendaIds[3], remark: 'ルーム3は10分早く終了' });
		const m = minutes();
		expect(m.programme[5].remarks).toContain('発表の後の意見交換は時間切れのため行わず');
		expect(m.summary.remarks).toEqual(['※各ルームからの発表：発表の後の意見交換は時間切れのため行わず']);
		expect(m.roomsIntro).toEqual(['※グループ討議：コロナ禍での支援のあり方：ルーム3は10分早く終了']);
		const md = renderMarkdown(m);
		expect(md.indexOf('※各ルームからの発表')).toBeGreaterThan(md.indexOf('## 5.'));
	});
});

describe('rooms and attendance', () => {
	it('list a room’s organisations in roster order, the ministry’s with their department', () => {
		expect(minutes().rooms[2].organisations).toEqual(['厚生労働省【保護課】', '後志振興局 自立相談支援機関', '室蘭市 自立相談支援機関', '札幌市', '千歳市', '苫小牧市']);
		expect(minutes().rooms[0].organisations[0]).toBe('厚生労働省【生活困窮者自立支援室】');
	});

	it('word the categories as the meeting sets them, with a note per category', () => {
		org({ type: 'meeting.update', categoryLabels: { agency: '生活困窮者支援機関' }, categoryNotes: { municipality: '北海道・直営含む' } });
		const m = minutes();
		expect(m.overview.counts.map((c) => [c.label, c.note])).toEqual([
			['厚生労働省', ''],
			['生活困窮者支援機関', ''],
			['自治体', '北海道・直営含む'],
			['運営', '']
		]);
		expect(renderMarkdown(m)).toContain('生活困窮者支援機関 10名、自治体 5名（北海道・直営含む）');
		// A later change of one category keeps the others; an empty text restores the default.
		org({ type: 'meeting.update', categoryLabels: { ministry: '厚労省' } });
		org({ type: 'meeting.update', categoryLabels: { agency: '' } });
		expect(minutes().overview.counts.map((c) => c.label)).toEqual(['厚労省', '支援機関', '自治体', '運営']);
	});

	it('refuse a category that does not exist', () => {
		const d = meeting.run(meeting.organiser, { type: 'meeting.update', categoryLabels: { press: '報道' } });
		expect(d.ok ? 'accepted' : d.code).toBe('invalid');
	});
});

describe('a question sent from a board (質問キューへ)', () => {
	const boardText = '一時生活支援事業の広域実施は都道府県が主導すべきか';
	const board = () => ({
		[roomIds[0]]: outline([{ heading: '住居喪失者への対応', items: [[boardText, 'q_to_ministry', false], ['民間団体の協力で対応している', 'info', false]] }])
	});
	const facilitator = () => meeting.actorOf(memberWhere((m) => m.role === 'facilitator' && m.roomId === roomIds[0]).id);
	const send = (who = facilitator()) => meeting.must(who, { type: 'question.fromBoard', roomId: roomIds[0], lines: [{ text: boardText, section: '住居喪失者への対応', line: 1 }] });

	it('becomes one queue item of its room that keeps a link to its line, once', () => {
		const first = send();
		expect(first.sent).toBe(1);
		const again = send();
		expect(again).toEqual({ ids: first.ids, sent: 0 });
		const q = meeting.q((first.ids as string[])[0]);
		expect(q).toMatchObject({ text: boardText, roomId: roomIds[0], direction: 'to_ministry', board: { roomId: roomIds[0], section: '住居喪失者への対応', line: 1, text: boardText } });
		expect(Object.values(meeting.state.questions.items)).toHaveLength(1);
	});

	it('goes to the department chosen beside it, one of the meeting’s; another is refused and nothing is sent', () => {
		const department = meeting.state.meeting.departments[0];
		expect(department).toBeTruthy();
		const bad = meeting.run(facilitator(), { type: 'question.fromBoard', roomId: roomIds[0], lines: [{ text: boardText, line: 1, department: '架空の部署' }] });
		expect(bad.ok ? 'accepted' : bad.code).toBe('invalid');
		expect(Object.values(meeting.state.questions.items)).toHaveLength(0);
		const first = meeting.must(facilitator(), { type: 'question.fromBoard', roomId: roomIds[0], lines: [{ text: boardText, line: 1, department }] });
		expect(meeting.q((first.ids as string[])[0]).department).toBe(department);
		// Left out, or empty, means no department.
		const other = meeting.must(facilitator(), { type: 'question.fromBoard', roomId: roomIds[0], lines: [{ text: '別の質問の行', line: 2, department: '' }] });
		expect(meeting.q((other.ids as string[])[0]).department).toBeNull();
	});

	it('may be sent only by who may write the board', () => {
		const other = meeting.actorOf(memberWhere((m) => m.role === 'facilitator' && m.roomId === roomIds[1]).id);
		const d = meeting.run(other, { type: 'question.fromBoard', roomId: roomIds[0], lines: [{ text: boardText, line: 0 }] });
		expect(d.ok ? 'accepted' : d.code).toBe('not_allowed');
		expect(Object.values(meeting.state.questions.items)).toHaveLength(0);
	});

	it('is printed once, in 4 with its room, and the room’s notes point to it', () => {
		send();
		const m = minutes({}, board());
		const md = renderMarkdown(m);
		expect(md.split(boardText)).toHaveLength(2);
		expect(md).toContain(`- Q1　${boardText}（ルーム1）`);
		expect(md).toContain('- 【厚労省への質問】→「4. 質問と回答」のQ1に掲載');
		// An unsent question line is printed in the notes as written.
		expect(renderMarkdown(minutes({}, { [roomIds[0]]: outline([{ heading: null, items: [['別の質問', 'q_to_ministry']] }]) }))).toContain('- 【厚労省への質問】別の質問');
	});

	it('points to the question it was merged into', () => {
		const [sent] = send().ids as string[];
		const asked = meeting.ask(meeting.actorOf(memberWhere((m) => m.category === 'agency' && m.role === 'participant').id), '広域実施は誰が主導するのか');
		org({ type: 'question.merge', questionId: sent, intoId: asked });
		const md = renderMarkdown(minutes({}, board()));
		expect(md).toContain('→「4. 質問と回答」のQ1に掲載');
		expect(md).not.toContain(`Q1　${boardText}`);
	});
});
