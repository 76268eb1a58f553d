/**
 * The minutes model on a meeting built from the reference meeting's facts: attendance counts per
 * category, the programme planned vs actual with overruns and the dropped item, rooms' notes (all or
 * shared only), the summary fields, the Markdown, the .ics of the next date, and the DOCX parsed back.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMinutes, type MinutesModel } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { nextMeetingEvent, renderIcs } from '../../src/lib/shared/minutes/ics.js';
import { renderDocx } from '../../server/minutes/docx.js';
import { zonedToIso } from '../../src/lib/shared/time/zoned.js';
import { REFERENCE_RUN, TZ, UNSHARED_TEXTS, at, outline, referenceMeeting, referenceOutlines } from '../fixtures/reference-meeting.js';
import type { World } from '../helpers/world.js';

/** Plays the reference run through the agenda commands: start, next (skipping item 7), one extension, finish. */
function playRun(meeting: World, agendaIds: string[]) {
	const [first, ...rest] = REFERENCE_RUN;
	meeting.now = at(first.start);
	meeting.must(meeting.organiser, { type: 'agenda.start', itemId: agendaIds[first.item] });
	for (const r of rest) {
		if (r.item === 7) {
			meeting.now = at('15:38');
			meeting.must(meeting.organiser, { type: 'agenda.extend', minutes: 5 });
		}
		meeting.now = at(r.start);
		meeting.must(meeting.organiser, { type: 'agenda.next', itemId: agendaIds[r.item] });
	}
	meeting.now = at('15:47');
	meeting.must(meeting.organiser, { type: 'agenda.finish' });
}

let built: ReturnType<typeof referenceMeeting>;
let model: MinutesModel;

beforeAll(() => {
	built = referenceMeeting();
	const { meeting, roomIds, agendaIds } = built;
	playRun(meeting, agendaIds);
	meeting.now = at('15:40');
	const theme = meeting.must(meeting.organiser, { type: 'summary.theme.add', text: '緊急時の給付金のあり方' });
	meeting.must(meeting.organiser, { type: 'summary.theme.add', text: '各地域をつなぐプラットフォーム' });
	const member = Object.values(meeting.state.members).find((m) => m.role === 'participant')!;
	meeting.must(meeting.actorOf(member.id), { type: 'summary.theme.vote', id: theme.id });
	meeting.must(meeting.organiser, { type: 'summary.nextDate.set', startsAt: null, tentative: '7月中旬予定' });
	meeting.must(meeting.organiser, { type: 'summary.link.add', title: '支援情報ナビ', url: 'https://corona.go.jp/info-navi/' });
	// Questions: two to 生活困窮者自立支援室 (one answered, one deferred), one to 保護課 left open, one from the ministry.
	const members = Object.values(meeting.state.members);
	const field = meeting.actorOf(members.find((m) => m.category === 'agency')!.id);
	const ministry = meeting.actorOf(members.find((m) => m.role === 'ministry' && m.department === '生活困窮者自立支援室')!.id);
	const ask = (text: string, department: string | null, actor = field, direction = 'to_ministry') =>
		String(meeting.must(actor, { type: 'question.ask', text, department, direction }).id);
	const q1 = ask('一時生活支援事業の広域実施は都道府県が主導すべきか', '生活困窮者自立支援室');
	const q2 = ask('緊急時の給付金の運用を見直す予定はあるか', '生活困窮者自立支援室');
	ask('地方での車の保有要件を緩和できないか', '保護課');
	ask('通信環境のない相談者にどう対応しているか', null, ministry, 'from_ministry');
	meeting.must(ministry, { type: 'question.vote', questionId: q2 });
	meeting.must(ministry, { type: 'question.answer', questionId: q1, text: '協定による広域実施の例を紹介します' });
	meeting.must(ministry, { type: 'question.status', questionId: q2, status: 'deferred' });
	const summary = outline([{ heading: null, items: [['意見交換の場は今後も必要', null, false], ['全道をまとめる場があると国も声を聞きやすい', 'request', false]] }]);
	model = buildMinutes(meeting.state, referenceOutlines(roomIds), summary, { now: at('16:00') });
});

describe('minutes model of the reference meeting', () => {
	it('counts attendance per category and in total, like 開催概要', () => {
		expect(model.overview.counts.map((c) => [c.label, c.count])).toEqual([
			['厚生労働省', 10],
			['支援機関', 10],
			['自治体', 5],
			['運営', 2]
		]);
		expect(model.overview.total).toBe(27);
		expect(model.overview.dateTime).toBe('2021年6月4日（金） 14:00〜15:40');
		expect(model.overview.actual).toBe('14:00〜15:47');
		expect(model.overview.method).toBe('オンライン（Zoom）');
		expect(model.overview.notes).toEqual(['厚労省はこの議題から参加（本日の流れ・資料の説明・14:30〜）']);
		expect(model.roster).toHaveLength(27);
		expect(model.roster[0].category).toBe('厚生労働省');
	});

	it('lists the 8 programme items in order with planned and actual times, overruns and the dropped item', () => {
		const rows = model.programme;
		expect(rows.map((r) => r.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(rows[0].title).toContain('説明');
		expect(rows.map((r) => r.planned)).toEqual(['14:00〜14:30', '14:30〜14:35', '14:35〜14:40', '14:40〜15:20', '15:20〜15:30', '15:30〜15:40', '15:40〜15:43', '15:43〜15:45']);
		expect(rows.map((r) => r.actual)).toEqual(['14:00〜14:32', '14:32〜14:36', '14:36〜14:42', '14:42〜15:22', '15:22〜15:30', '15:30〜15:45', '未実施', '15:45〜15:47']);
		expect(rows.map((r) => r.mark)).toEqual(['overran', 'done', 'overran', 'done', 'done', 'overran', 'cut', 'done']);
		expect(rows[0].overrunMinutes).toBe(2);
		expect(rows[5].overrunMinutes).toBe(5);
		expect(rows[5].remarks).toBe('5分超過。5分延長');
		expect(rows[0].remarks).toBe('2分超過');
		expect(rows[6].remarks).toBe('時間切れのため実施せず');
		expect(rows[6].actual).toBe('未実施');
		// Item 2 is pinned to 14:30 and began at 14:32.
		expect(rows[1].remarks).toBe('2分遅れで開始。厚労省はこの議題から参加');
	});

	it('describes each room: composition, organisations, facilitator, and every note by section', () => {
		expect(model.rooms.map((r) => r.name)).toEqual(['ルーム1', 'ルーム2', 'ルーム3']);
		const [r1, r2, r3] = model.rooms;
		expect(r1.purpose).toContain('北海道');
		expect(r1.memberCount).toBe(9);
		expect(r1.organisations).toContain('北海道庁');
		expect(r1.facilitators).toEqual(['鈴木 大輔（石狩振興局 受託機関）']);
		expect(r2.facilitators).toEqual(['土屋 里奈（空知振興局 受託機関）']);
		expect(r3.organisations).toEqual(expect.arrayContaining(['札幌市', '千歳市', '苫小牧市']));
		expect(r1.sections.map((s) => s.heading)).toEqual(['住まいを失った人への対応', 'オンライン相談']);
		const texts = model.rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.text)));
		for (const t of UNSHARED_TEXTS) expect(texts).toContain(t);
		expect(r1.sections[0].items[1]).toMatchObject({ kind: 'q_to_ministry', kindLabel: '厚労省への質問' });
		expect(r1.sections[1].items[1].depth).toBe(1);
	});

	it('keeps only shared notes, each under its own section heading, when the organiser ticks "shared only"', () => {
		const { meeting, roomIds } = built;
		const shared = buildMinutes(meeting.state, referenceOutlines(roomIds), null, { now: at('16:00'), sharedOnly: true });
		const texts = shared.rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.text)));
		for (const t of UNSHARED_TEXTS) expect(texts).not.toContain(t);
		expect(texts).toContain('住居喪失した方を正式に受け入れてもらえる仕組みがほしい');
		// The housing section is not shared as a whole, but its shared line keeps the heading as context.
		expect(shared.rooms[0].sections.map((s) => s.heading)).toEqual(['住まいを失った人への対応', 'オンライン相談']);
		expect(shared.rooms[0].sections[0].items.map((i) => i.text)).toEqual(['住居喪失した方を正式に受け入れてもらえる仕組みがほしい', '一時生活支援事業を広域で行うなら道が主導すべきか']);
		expect(shared.sharedOnly).toBe(true);
	});

	it('ends with the summary, next themes by votes, the tentative next date and shared links', () => {
		expect(model.summary.themes).toEqual([
			{ text: '緊急時の給付金のあり方', votes: 2 },
			{ text: '各地域をつなぐプラットフォーム', votes: 1 }
		]);
		expect(model.summary.nextDate).toBe('');
		expect(model.summary.nextDateNote).toBe('7月中旬予定');
		expect(model.summary.links).toEqual([{ title: '支援情報ナビ', url: 'https://corona.go.jp/info-navi/' }]);
		expect(model.summary.sections[0].items.map((i) => i.text)).toContain('意見交換の場は今後も必要');
	});

	it('renders Markdown with the five numbered parts in order and the roster annex', () => {
		const md = renderMarkdown(model);
		const order = ['## 1. 開催概要', '## 2. 当日プログラム', '## 3. ブレイクアウトルーム', '## 4. 質問と回答', '## 5. まとめ・次回について', '## 別紙　参加者名簿'].map((h) => md.indexOf(h));
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(md).toContain('厚生労働省 10名、支援機関 10名、自治体 5名、運営 2名、合計 27名');
		expect(md).toContain('| 7 | 次回のテーマについて | 15:40〜15:43 | 未実施 | 時間切れのため実施せず |');
		expect(md).toContain('- 【要望】住居喪失した方を正式に受け入れてもらえる仕組みがほしい');
		expect(md).toContain('1. 緊急時の給付金のあり方（賛同2）');
		expect(md).toContain('7月中旬予定');
		expect(md).toContain('[支援情報ナビ](https://corona.go.jp/info-navi/)');
	});

	it('escapes Markdown and HTML in user text', () => {
		const { meeting, roomIds } = built;
		const tricky = { [roomIds[0]]: outline([{ heading: '# 見出し <script>', items: [['*強調* [リンク](javascript:x) | 表', null, true]] }]) };
		const md = renderMarkdown(buildMinutes(meeting.state, tricky, null, { now: at('16:00') }));
		expect(md).toContain('#### \\# 見出し \\<script\\>');
		expect(md).toContain('- \\*強調\\* \\[リンク\\](javascript:x) \\| 表');
		expect(md).not.toContain('<script>');
	});

	it('speaks English when asked', () => {
		const { meeting, roomIds } = built;
		const en = buildMinutes(meeting.state, referenceOutlines(roomIds), null, { now: at('16:00'), lang: 'en' });
		expect(renderMarkdown(en)).toContain('## 1. Overview');
		expect(en.programme[6].remarks).toBe('dropped: out of time');
	});
});

describe('questions in the minutes', () => {
	it('lists questions to the ministry by department, answered (with the answer), deferred and open, and those from the ministry', () => {
		const q = model.questions;
		expect(q.toMinistry.map((d) => d.department)).toEqual(['生活困窮者自立支援室', '保護課']);
		const [support, protection] = q.toMinistry;
		expect(support.answered).toEqual([expect.objectContaining({ text: '一時生活支援事業の広域実施は都道府県が主導すべきか', answer: '協定による広域実施の例を紹介します', status: 'answered' })]);
		expect(support.deferred.map((x) => x.text)).toEqual(['緊急時の給付金の運用を見直す予定はあるか']);
		expect(support.deferred[0].votes).toBe(1);
		expect(support.open).toEqual([]);
		expect(protection.open.map((x) => x.text)).toEqual(['地方での車の保有要件を緩和できないか']);
		expect(q.fromMinistry.map((x) => x.text)).toEqual(['通信環境のない相談者にどう対応しているか']);
		const md = renderMarkdown(model);
		expect(md).toContain('#### 生活困窮者自立支援室');
		expect(md).toContain('  - 回答: 協定による広域実施の例を紹介します');
		expect(md.indexOf('**回答済み**')).toBeLessThan(md.indexOf('**後日回答**'));
		expect(md).toContain('### 厚労省からの質問');
	});
});

describe('the next date as .ics', () => {
	it('is absent while the date is only tentative, and a valid folded VEVENT once fixed', () => {
		const { meeting } = built;
		expect(nextMeetingEvent(meeting.state, at('16:00'))).toBeNull();
		meeting.must(meeting.organiser, { type: 'summary.nextDate.set', startsAt: zonedToIso('2021-07-16', '14:00', TZ), tentative: '会場はZoom（URLは後日）' });
		const event = nextMeetingEvent(meeting.state, at('16:00'))!;
		const ics = renderIcs(event);
		expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(ics).toContain('DTSTART:20210716T050000Z\r\n');
		expect(ics).toContain('DTEND:20210716T064000Z\r\n'); // as long as this meeting was planned: 1 h 40
		expect(ics).toContain('UID:ref-meeting-next@yoriai');
		for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		const unfolded = ics.replace(/\r\n /g, '');
		expect(unfolded).toContain('SUMMARY:生活困窮者支援 情報交換会（次回）');
		expect(unfolded).toContain('DESCRIPTION:会場はZoom（URLは後日）\\n次回のテーマ\\n・緊急時の給付金のあり方');
		meeting.must(meeting.organiser, { type: 'summary.nextDate.set', startsAt: null, tentative: '7月中旬予定' });
	});
});

describe('the minutes as .docx', () => {
	it('opens as a zip whose document has the headings, the counts and the notes', async () => {
		const bytes = await renderDocx(model);
		expect(bytes.subarray(0, 2).toString()).toBe('PK');
		const zip = await JSZip.loadAsync(bytes);
		const xml = await zip.file('word/document.xml')!.async('string');
		const text = xml.replace(/<[^>]+>/g, '');
		for (const h of ['1. 開催概要', '2. 当日プログラム', '3. ブレイクアウトルーム（グループ討議）', '4. 質問と回答', '5. まとめ・次回について', '別紙　参加者名簿'])
			expect(text).toContain(h);
		const counts = ['厚生労働省 10名', '支援機関 10名', '自治体 5名', '運営 2名', '合計: 27名'];
		const notes = ['時間切れのため実施せず', '住居喪失した方を正式に受け入れてもらえる仕組みがほしい', '7月中旬予定'];
		expect([...counts, ...notes].filter((s) => !text.includes(s))).toEqual([]);
		expect(xml).toContain('w:val="Heading2"');
		expect(await zip.file('word/styles.xml')!.async('string')).toContain('Yu Gothic');
	});
});
