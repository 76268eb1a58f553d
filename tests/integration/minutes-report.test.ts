/**
 * The minutes as the report of record, end to end on a real server (SQLite, real Yjs boards, a
 * server clock set to the reference day): a meeting shaped like the reference one is built and run
 * through the public API only — 8 items with pinned starts and notes, 3 rooms, the 27-person roster,
 * a 5-minute late start, a dropped item and a remark, a board question sent to the queue, replies
 * from both sides — and every block of its minutes is checked in the .md and in the .docx XML.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENDA, DEMO_DEPARTMENTS, DEMO_MEMBERS, DEMO_ROOMS } from '../../src/lib/shared/demo.js';
import { zonedToIso } from '../../src/lib/shared/time/zoned.js';
import { boardClient } from '../helpers/notes.js';
import { api, createMeeting, eventually, meetingBody, mustCommand, serverForSuite, teardownAll } from '../helpers/server.js';

const DATE = '2021-06-04';
const at = (hhmm: string) => Date.parse(zonedToIso(DATE, hhmm, 'Asia/Tokyo'));
let clock = at('13:00');
const server = serverForSuite({ now: () => clock });
const teardown = teardownAll();

const RATIONALE = '話し合いを深めやすいよう、立場の近い機関どうしでルームを分けました。';
const THEMES = '各ルーム共通の話題：事前ヒアリングシートのテーマ／厚労省から現場への質問';
const BOARD_QUESTION = '一時生活支援事業を広域で行う場合、都道府県が主導すべきか';
const REMARK = '発表の後に予定していた意見交換は時間切れのため行わず';

let md = '';
let sharedMd = '';
let docText = '';
let meeting: { id: string; organiserToken: string };

beforeAll(async () => {
	const m = await createMeeting(
		server.url,
		meetingBody({ startsAt: zonedToIso(DATE, '14:00', 'Asia/Tokyo'), endsAt: zonedToIso(DATE, '15:40', 'Asia/Tokyo'), method: 'オンライン（Zoom）', description: `${RATIONALE}\n${THEMES}`, departments: DEMO_DEPARTMENTS })
	);
	meeting = m;
	// Each command moves the server clock on by a second, so the per-member rate limit refills as in life.
	const org = (command: Record<string, unknown>) => {
		clock += 1000;
		return mustCommand(server.url, m.id, m.organiserToken, command);
	};
	await org({ type: 'meeting.update', categoryLabels: { agency: '生活困窮者支援機関' }, categoryNotes: { municipality: '北海道・直営含む' } });
	const items: string[] = [];
	for (const item of DEMO_AGENDA)
		items.push(
			(
				await org({
					type: 'agenda.add',
					title: item.title,
					durationMinutes: item.durationMinutes,
					kind: item.kind,
					...(item.start ? { startsAt: zonedToIso(DATE, item.start, 'Asia/Tokyo') } : {}),
					...(item.attendance ? { attendance: item.attendance } : {}),
					...(item.notes ? { notes: item.notes } : {})
				})
			).result.id
		);
	const rooms: string[] = [];
	for (const r of DEMO_ROOMS) rooms.push((await org({ type: 'room.add', ...r })).result.id);
	const ids: string[] = [];
	for (const p of DEMO_MEMBERS)
		ids.push((await org({ type: 'member.add', name: p.name, organisation: p.organisation, category: p.category, department: p.department, roomId: p.room === null ? null : rooms[p.room], role: p.role })).result.id);
	// People act through their personal invitations.
	const tokenOf = async (name: string) => {
		const i = DEMO_MEMBERS.findIndex((p) => p.name === name);
		return (await org({ type: 'link.create', role: DEMO_MEMBERS[i].role, memberId: ids[i] })).result.token as string;
	};
	const ministry = await tokenOf('久保 綾');
	const city = await tokenOf('藤井 紗季');
	const facilitator = await tokenOf('鈴木 大輔');
	const as = (token: string, command: Record<string, unknown>) => {
		clock += 1000;
		return mustCommand(server.url, m.id, token, command);
	};

	// The run: five minutes late, the breakout four minutes after its pinned 14:40, item 7 dropped.
	clock = at('14:05');
	await org({ type: 'agenda.start', itemId: items[0] });
	for (const [i, t] of [[1, '14:32'], [2, '14:36'], [3, '14:44'], [4, '15:22'], [5, '15:30'], [7, '15:45']] as const) {
		clock = at(t);
		await org({ type: 'agenda.next', itemId: items[i] });
	}
	clock = at('15:47');
	await org({ type: 'agenda.finish' });
	await org({ type: 'agenda.update', itemId: items[5], remark: REMARK });

	// Room 1's facilitator writes the board: a shared line in an unshared section, and a question line.
	const board = boardClient(server.url, m.id, `room/${rooms[0]}`, facilitator);
	teardown.add(board, (b) => b.destroy());
	await board.synced;
	board.text.insert(0, `■住居を失った方への対応\n★● 要望：正式に依頼できる受け入れ先の仕組みがほしい\n■一時生活支援の広域実施\n★● 情報：町村部は実施している\n● 質問：${BOARD_QUESTION}\n`);
	await eventually(async () => {
		const json = (await api(server.url, `/api/v1/meetings/${m.id}/minutes.json`, { token: m.organiserToken })).json;
		expect(JSON.stringify(json)).toContain('町村部は実施している');
	});
	const sent = await as(facilitator, { type: 'question.fromBoard', roomId: rooms[0], lines: [{ text: BOARD_QUESTION, section: '一時生活支援の広域実施', line: 4 }] });
	expect(sent.result.sent).toBe(1);
	const again = await as(facilitator, { type: 'question.fromBoard', roomId: rooms[0], lines: [{ text: BOARD_QUESTION, section: '一時生活支援の広域実施', line: 4 }] });
	expect(again.result).toEqual({ ids: sent.result.ids, sent: 0 });

	// The ministry asks the field; a city answers, and the ministry follows up.
	const asked = await as(ministry, { type: 'question.ask', text: '通信手段のない相談者にどう支援を届けていますか', direction: 'from_ministry' });
	await as(city, { type: 'question.reply', questionId: asked.result.id, text: '窓口で端末を貸し出しています' });
	await as(ministry, { type: 'question.reply', questionId: asked.result.id, text: '端末貸出の事例を集めて共有します' });
	await as(ministry, { type: 'question.answer', questionId: sent.result.ids[0], text: '協定を結んで広域で実施している例を紹介します' });

	const get = (q: string) => api(server.url, `/api/v1/meetings/${m.id}/minutes.${q}`, { token: m.organiserToken });
	md = (await get('md')).text;
	sharedMd = (await get('md?shared=1')).text;
	const docx = await get('docx');
	expect(docx.status).toBe(200);
	const zip = await JSZip.loadAsync(Buffer.from(await (await fetch(`${server.url}/api/v1/meetings/${m.id}/minutes.docx`, { headers: { authorization: `Bearer ${m.organiserToken}` } })).arrayBuffer()));
	docText = (await zip.file('word/document.xml')!.async('string')).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
});

/** Both renderings of the minutes, to check each block in each. */
const both = () => [
	['md', md.replace(/\\/g, '')],
	['docx', docText]
];

describe('the reference-shaped meeting’s minutes, block by block (.md and .docx)', () => {
	it('1 開催概要: actual times with the late start, categories worded and qualified as set', () => {
		for (const [what, text] of both()) {
			expect(text, what).toContain('（実績時刻 14:05〜15:47・5分遅れで開始）');
			expect(text, what).toContain('生活困窮者支援機関 10名');
			expect(text, what).toContain('自治体 5名（北海道・直営含む）');
		}
	});

	it('2 当日プログラム: item notes with their item, lateness at the pinned item, the remark', () => {
		for (const [what, text] of both()) {
			expect(text, what).toContain('グループ討議：コロナ禍での支援のあり方　【ブレイクアウトルーム】');
			expect(text, what).toContain('4分遅れで開始');
			expect(text, what).toContain('ルームの話の共有と質疑応答　【3ルーム】');
			expect(text, what).toContain('時間切れのため実施せず');
			expect(text, what).toContain(REMARK);
		}
	});

	it('3 ブレイクアウトルーム: the grouping and themes before the rooms, organisations in roster order with departments, a pointer for the sent question', () => {
		for (const [what, text] of both()) {
			const block3 = text.slice(text.indexOf('3. ブレイクアウトルーム'), text.indexOf('4. 質問と回答\n'));
			expect(block3.indexOf(RATIONALE), what).toBeGreaterThan(-1);
			expect(block3.indexOf(THEMES), what).toBeLessThan(block3.indexOf('ルーム1'));
			expect(block3, what).toContain('厚生労働省【保護課】、後志振興局 自立相談支援機関、室蘭市 自立相談支援機関、札幌市、千歳市、苫小牧市');
			expect(block3, what).toContain('→「4. 質問と回答」のQ1に掲載');
			expect(block3, what).not.toContain(BOARD_QUESTION);
		}
	});

	it('4 質問と回答: the board question once, numbered, with its room; replies labelled by side', () => {
		for (const [what, text] of both()) {
			expect(text.split(BOARD_QUESTION), what).toHaveLength(2);
			expect(text, what).toContain(`Q1　${BOARD_QUESTION}（ルーム1）`);
			expect(text, what).toContain('協定を結んで広域で実施している例を紹介します');
			expect(text, what).toContain('自治体より: 窓口で端末を貸し出しています');
			expect(text, what).toContain('厚労省より: 端末貸出の事例を集めて共有します');
			expect(text, what).not.toContain('現場からの回答');
		}
	});

	it('5 まとめ: the remark of an item after the breakout stands there too', () => {
		for (const [what, text] of both()) expect(text.slice(text.indexOf('5. まとめ')), what).toContain(`※各ルームからの発表：${REMARK}`);
	});

	it('shared only (?shared=1): every shared line under its own section heading', () => {
		const text = sharedMd.replace(/\\/g, '');
		const room1 = text.slice(text.indexOf('### ルーム1'), text.indexOf('### ルーム2'));
		expect(room1).toContain('#### 住居を失った方への対応\n\n- 【要望】正式に依頼できる受け入れ先の仕組みがほしい');
		expect(room1).toContain('#### 一時生活支援の広域実施\n\n- 【情報提供】町村部は実施している');
	});

	it('a saved version’s .docx carries the timeline figure under its programme, as the generated one does', async () => {
		const edited = md.replace(/^## 1\. .*$/m, (h) => `${h}\n\n- 補足：確定前に各機関へ確認済み`);
		clock += 1000;
		const saved = await api(server.url, `/api/v1/meetings/${meeting.id}/minutes/versions`, { token: meeting.organiserToken, method: 'POST', body: { text: edited, basis: { version: 'internal' } } });
		expect(saved.status).toBe(201);
		for (const query of ['', `?v=${saved.json.version.no}`]) {
			const res = await fetch(`${server.url}/api/v1/meetings/${meeting.id}/minutes.docx${query}`, { headers: { authorization: `Bearer ${meeting.organiserToken}` } });
			const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
			const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
			expect(media.some((f) => f.endsWith('.svg')) && media.some((f) => f.endsWith('.png')), query || 'generated').toBe(true);
			const xml = await zip.file('word/document.xml')!.async('string');
			const text = xml.replace(/<[^>]+>/g, '');
			const drawing = xml.indexOf('<w:drawing>');
			// Between the programme's heading and section 3, with the figure's summary as its description.
			expect(drawing, query || 'generated').toBeGreaterThan(xml.indexOf('2. 当日プログラム'));
			expect(drawing, query || 'generated').toBeLessThan(xml.indexOf('3. ブレイクアウトルーム'));
			expect(xml).toMatch(/descr="議題\d+件。/);
			if (query) expect(text).toContain('補足：確定前に各機関へ確認済み');
		}
	});
});
