// A series and its ledger on real servers (SQLite file and a real redis-server): a question of
// meeting 1 deferred, carried, supported again in meeting 2, merged with a near-duplicate raised in
// another region, answered in meeting 3 from the ministry's view — one ledger row with its whole
// history, support counted once per person; the exports; who sees what across two series.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { api, createMeeting, getView, mustCommand, serverForSuiteOn } from '../helpers/server.js';
import { createSeries, enter, nextMeeting, seriesCommand } from '../helpers/series.js';

const DEPT = '生活困窮者自立支援室';
const ORIGINAL = '就労準備支援事業の対象者要件を、年齢に関わらず利用できるよう緩和してほしい';
const NEAR_DUPLICATE = '就労準備支援事業の対象者要件について、年齢に関わらず利用できるよう緩和をお願いしたい';
const ANONYMOUS_ASKER = '秋田ハナ';

describe.each(['sqlite', 'redis'] as const)('series ledger on %s', (store) => {
	const server = serverForSuiteOn(store);

	it('follows one matter across three meetings, regions and a merge, until the ministry answers it', async () => {
		const url = server.url;
		const s = await createSeries(url);
		const m1 = await nextMeeting(url, s, { title: '第1回 情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00', region: '東北' });
		await mustCommand(url, m1.id, m1.organiserToken, { type: 'room.add', name: 'ルームA 自治体' });
		await mustCommand(url, m1.id, m1.organiserToken, { type: 'agenda.add', title: '意見交換', durationMinutes: 40 });
		const asker = await enter(url, m1.id, m1.organiserToken, 'participant', ANONYMOUS_ASKER, '秋田市');
		const b1 = await enter(url, m1.id, m1.organiserToken, 'participant', '盛岡タロウ', '盛岡市');
		const c1 = await enter(url, m1.id, m1.organiserToken, 'participant', '仙台ジロウ', '仙台市社協');
		const ministry1 = await enter(url, m1.id, m1.organiserToken, 'ministry', '厚労ミカ', '厚生労働省');
		const q1 = (await mustCommand(url, m1.id, asker.token, { type: 'question.ask', text: ORIGINAL, department: DEPT, anonymous: true })).result.id;
		await mustCommand(url, m1.id, b1.token, { type: 'question.vote', questionId: q1 });
		await mustCommand(url, m1.id, c1.token, { type: 'question.vote', questionId: q1 });
		await mustCommand(url, m1.id, ministry1.token, { type: 'question.status', questionId: q1, status: 'deferred' });

		// Meeting 2 (another region) from the series: rooms, programme and roster copied, open items carried.
		const m2 = await nextMeeting(url, s, { region: '九州', startsAt: '2021-07-16T14:00:00+09:00', endsAt: '2021-07-16T15:45:00+09:00' });
		expect(m2.carried).toBe(1);
		const v2 = await getView(url, m2.id, m2.organiserToken);
		expect(Object.values(v2.state.rooms).map((r) => r.name)).toEqual(['ルームA 自治体']);
		expect(Object.values(v2.state.agenda.items).map((i) => i.title)).toEqual(['意見交換']);
		expect(Object.values(v2.state.members).map((m) => m.name).sort()).toEqual([ANONYMOUS_ASKER, '仙台ジロウ', '厚労ミカ', '盛岡タロウ'].sort());
		const carried = Object.values(v2.state.questions.items).find((q) => q.origin?.questionId === q1)!;
		expect(carried).toMatchObject({ status: 'deferred', tags: ['carried'], votes: 0, authorId: null });
		const b2 = await enter(url, m2.id, m2.organiserToken, 'participant', '盛岡タロウ', '盛岡市'); // claims the copied entry
		const d2 = await enter(url, m2.id, m2.organiserToken, 'participant', '福岡サブロウ', '福岡市');
		const e2 = await enter(url, m2.id, m2.organiserToken, 'participant', '熊本シロウ', '熊本県');
		const f2 = await enter(url, m2.id, m2.organiserToken, 'participant', '大分ゴロウ', '大分市');
		await mustCommand(url, m2.id, b2.token, { type: 'question.vote', questionId: carried.id }); // 盛岡 again: counted once
		await mustCommand(url, m2.id, d2.token, { type: 'question.vote', questionId: carried.id });
		const dup = (await mustCommand(url, m2.id, e2.token, { type: 'question.ask', text: NEAR_DUPLICATE, department: DEPT })).result.id;
		await mustCommand(url, m2.id, b2.token, { type: 'question.vote', questionId: dup });
		await mustCommand(url, m2.id, f2.token, { type: 'question.vote', questionId: dup });

		const rowId = `${m1.id}.${q1}`;
		const dupRow = `${m2.id}.${dup}`;
		const before = await api(url, `/api/v1/series/${s.id}/ledger.json?hints=${encodeURIComponent(rowId)}`, { token: s.organiserToken });
		expect(before.status).toBe(200);
		expect(before.json.ledger.rows).toHaveLength(2);
		expect(before.json.hints[0]).toMatchObject({ id: dupRow, text: NEAR_DUPLICATE });
		expect(await seriesCommand(url, s.id, s.ministryToken, { type: 'ledger.merge', rowId: dupRow, intoId: rowId })).toMatchObject({ status: 403 });
		expect((await seriesCommand(url, s.id, s.organiserToken, { type: 'ledger.merge', rowId: dupRow, intoId: rowId })).json).toMatchObject({ ok: true });

		const m3 = await nextMeeting(url, s, { region: '関東', startsAt: '2021-09-10T14:00:00+09:00', copy: { roster: false } });
		expect(m3.carried).toBe(2);
		const answered = await seriesCommand(url, s.id, s.ministryToken, { type: 'ledger.answer', rowId, text: '令和4年度から年齢要件を撤廃する方向で検討しています。' });
		expect(answered.json).toMatchObject({ ok: true, result: { meetingId: m3.id } });
		// The meeting where it was asked now holds the answer, as its own command path recorded it.
		const v3 = await getView(url, m3.id, m3.organiserToken);
		const inM3 = v3.state.questions.items[answered.json.result.questionId];
		expect(inM3).toMatchObject({ text: ORIGINAL, status: 'answered', answer: { text: '令和4年度から年齢要件を撤廃する方向で検討しています。' } });

		const { json } = await api(url, `/api/v1/series/${s.id}/ledger`, { token: s.organiserToken });
		expect(json.ledger.rows).toHaveLength(1);
		const row = json.ledger.rows[0];
		expect(row).toMatchObject({ id: rowId, number: 1, text: ORIGINAL, department: DEPT, status: 'answered', supporters: 4, published: false });
		expect(row.raised).toMatchObject({ meetingId: m1.id, region: '東北', anonymous: true, asker: null, organisation: null, side: null });
		expect(row.regions).toEqual(['東北', '九州', '関東']);
		expect(row.merged).toEqual([{ id: dupRow, number: 2, text: NEAR_DUPLICATE }]);
		expect(row.appearances.map((a: { meetingId: string }) => a.meetingId)).toEqual([m1.id, m2.id, m2.id, m3.id, m3.id]);
		const own = row.history.filter((h: { status: string; meetingId: string }) => h.status !== 'open' || h.meetingId === m1.id);
		expect(own.map((h: { status: string; meetingId: string }) => `${h.status}@${[m1.id, m2.id, m3.id].indexOf(h.meetingId) + 1}`)).toEqual([
			'open@1',
			'deferred@1',
			'carried@1',
			'deferred@2',
			'carried@2', // the original, carried on
			'carried@2', // the near-duplicate, carried with it
			'deferred@3',
			'answered@3'
		]);
		expect(row.history.find((h: { status: string }) => h.status === 'deferred').by).toEqual({ name: '厚労ミカ（厚生労働省）', role: 'ministry' });
		expect(row.answers).toEqual([{ text: '令和4年度から年齢要件を撤廃する方向で検討しています。', at: expect.any(Number), by: { name: DEPT, role: 'series_ministry' }, meetingId: m3.id }]);
		expect(JSON.stringify(json)).not.toContain(ANONYMOUS_ASKER);
		expect(JSON.stringify(json)).not.toContain('秋田市');

		// The ministry's view: by department, answered, raised in three regions.
		const ministry = await api(url, `/api/v1/series/${s.id}/ministry`, { token: s.ministryToken });
		expect(ministry.json.departments).toEqual([expect.objectContaining({ department: DEPT, waiting: 0, answered: 1, rows: [expect.objectContaining({ id: rowId, regions: 3, supporters: 4, status: 'answered' })] })]);

		// Undo the merge: two rows again, each with its own supporters.
		expect((await seriesCommand(url, s.id, s.organiserToken, { type: 'ledger.unmerge', rowId: dupRow })).json).toMatchObject({ ok: true });
		const split = (await api(url, `/api/v1/series/${s.id}/ledger`, { token: s.organiserToken })).json.ledger.rows;
		expect(split.map((r: { id: string; supporters: number; status: string }) => [r.id, r.supporters, r.status])).toEqual([
			[rowId, 3, 'answered'],
			[dupRow, 2, 'open'] // 熊本's request stands alone again, carried on and still open
		]);

		// Exports: the 一覧表 as CSV and .xlsx, the Q&A集 as .docx; the anonymous asker in none of them.
		const csv = await fetch(`${url}/api/v1/series/${s.id}/ledger.csv`, { headers: { authorization: `Bearer ${s.organiserToken}` } });
		const csvText = (await csv.text()).replace(/^\uFEFF/, '');
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csvText.split('\r\n')[0]).toBe('番号,案件,提起された会議,ルーム,地域,提起者,担当部署,状況,回答,提起日,回答日,賛同者数,取り上げた会議数');
		expect(csvText).toContain(`1,${ORIGINAL},第1回 情報交換会（2021/06/04）,,東北・九州・関東,匿名,${DEPT},回答済み,令和4年度から年齢要件を撤廃する方向で検討しています。`);
		expect(csvText).not.toContain(ANONYMOUS_ASKER);
		const xlsx = await fetch(`${url}/api/v1/series/${s.id}/ledger.xlsx`, { headers: { authorization: `Bearer ${s.organiserToken}` } });
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
		const sheet = book.worksheets[0];
		expect(sheet.name).toBe('質問・要望台帳');
		expect(sheet.getRow(2).getCell(2).value).toBe(ORIGINAL);
		// Counts are numbers a spreadsheet can sum and sort, not text (番号, 賛同者数, 取り上げた会議数).
		expect([1, 12, 13].map((c) => typeof sheet.getRow(2).getCell(c).value)).toEqual(['number', 'number', 'number']);
		expect(sheet.getRow(2).getCell(1).value).toBe(1);
		expect(sheet.getRow(3).getCell(6).value).toBe('参加者・自治体・熊本県'); // signed: side, category, organisation
		const docx = await fetch(`${url}/api/v1/series/${s.id}/qa.docx`, { headers: { authorization: `Bearer ${s.ministryToken}` } });
		expect(docx.status).toBe(200);
		const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file('word/document.xml')!.async('string');
		expect(xml).toContain(ORIGINAL);
		expect(xml).toContain('令和4年度から年齢要件を撤廃する方向で検討しています。');
		expect(xml).toContain('引き続き検討中の事項');
		expect(xml).not.toContain(ANONYMOUS_ASKER);
		expect(xml).not.toContain('熊本シロウ');
	});

	it('keeps series apart, and shows a meeting’s participants only their rows and what is published', async () => {
		const url = server.url;
		const s1 = await createSeries(url, '連続開催A');
		const s2 = await createSeries(url, '連続開催B');
		const a1 = await nextMeeting(url, s1, { startsAt: '2021-06-04T14:00:00+09:00', region: '東北' });
		const someone = await enter(url, a1.id, a1.organiserToken, 'participant', '青森イチロウ', '青森市');
		const inA1 = (await mustCommand(url, a1.id, someone.token, { type: 'question.ask', text: '住居確保給付金の再支給の要件を教えてください', department: DEPT })).result.id;
		const a2 = await nextMeeting(url, s1, { startsAt: '2021-07-16T14:00:00+09:00', region: '九州', carry: false });
		const other = await enter(url, a2.id, a2.organiserToken, 'participant', '長崎ナナ', '長崎市');
		const inA2 = (await mustCommand(url, a2.id, other.token, { type: 'question.ask', text: '一時生活支援事業の委託先の選び方', department: DEPT })).result.id;

		// Another series' links open nothing here, and do not even tell whether it exists.
		expect((await api(url, `/api/v1/series/${s1.id}/ledger`, { token: s2.organiserToken })).status).toBe(401);
		expect((await api(url, `/api/v1/series/${s2.id}/ledger`, { token: someone.token })).status).toBe(401);
		expect((await api(url, `/api/v1/series/${s1.id}/ledger`)).status).toBe(401);
		expect((await api(url, `/api/v1/series/nosuchseries/ledger`)).status).toBe(404);

		// A participant of meeting 1 sees meeting 1's rows, without names; not meeting 2's until published.
		const seen = async () => (await api(url, `/api/v1/series/${s1.id}/ledger`, { token: someone.token })).json.ledger.rows.map((r: { id: string }) => r.id);
		expect(await seen()).toEqual([`${a1.id}.${inA1}`]);
		const mine = (await api(url, `/api/v1/series/${s1.id}/ledger`, { token: someone.token })).json.ledger.rows[0];
		expect(mine.raised).toMatchObject({ asker: null, organisation: null });
		expect((await seriesCommand(url, s1.id, someone.token, { type: 'ledger.publish', rowId: `${a2.id}.${inA2}` })).status).toBe(403);
		expect((await api(url, `/api/v1/series/${s1.id}/ministry`, { token: someone.token })).status).toBe(403);
		expect((await seriesCommand(url, s1.id, s1.organiserToken, { type: 'ledger.publish', rowId: `${a2.id}.${inA2}` })).json).toMatchObject({ ok: true });
		expect(await seen()).toEqual([`${a1.id}.${inA1}`, `${a2.id}.${inA2}`]);
		// A row id of another series is no row here.
		expect((await seriesCommand(url, s2.id, s2.organiserToken, { type: 'ledger.publish', rowId: `${a1.id}.${inA1}` })).json).toMatchObject({ ok: false, code: 'not_found' });

		// Moving a meeting in needs its organiser's token; a meeting is in one series at most.
		const loose = await createMeeting(url);
		expect((await api(url, `/api/v1/series/${s2.id}/meetings`, { token: s2.organiserToken, body: { meetingToken: someone.token } })).status).toBe(403);
		expect((await api(url, `/api/v1/series/${s2.id}/meetings`, { token: s2.organiserToken, body: { meetingToken: loose.organiserToken, region: '関東' } })).json).toMatchObject({ ok: true, id: loose.id, moved: true });
		expect((await api(url, `/api/v1/series/${s1.id}/meetings`, { token: s1.organiserToken, body: { meetingToken: loose.organiserToken } })).json).toMatchObject({ ok: false, code: 'already_exists' });
		// From a meeting's console: this browser's organiser session of that meeting stands for its token.
		const consoleMeeting = await createMeeting(url);
		const sessionOf = async (token: string) => (await fetch(`${url}/j/${encodeURIComponent(token)}`, { redirect: 'manual' })).headers.getSetCookie()[0].split(';')[0];
		const organiserCookie = await sessionOf(consoleMeeting.organiserToken);
		const participantCookie = await sessionOf((await mustCommand(url, consoleMeeting.id, consoleMeeting.organiserToken, { type: 'link.create', role: 'participant' })).result.token as string);
		const moveIn = (cookie: string, extra: Record<string, string> = {}) =>
			api(url, `/api/v1/series/${s2.id}/meetings`, { token: s2.organiserToken, cookie, headers: extra, body: { meetingId: consoleMeeting.id } });
		expect((await moveIn(participantCookie)).status).toBe(403); // a participant's session is not the organiser's
		expect((await moveIn(organiserCookie.replace(consoleMeeting.id, loose.id))).status).toBe(403); // only a cookie named for this meeting counts
		expect((await moveIn(organiserCookie, { origin: 'https://elsewhere.example' })).status).toBe(403);
		expect((await api(url, `/api/v1/series/${s2.id}/meetings`, { token: s2.organiserToken, body: { meetingId: consoleMeeting.id, meetingToken: loose.organiserToken } })).status).toBe(400);
		expect((await moveIn(organiserCookie)).json).toMatchObject({ ok: true, id: consoleMeeting.id, moved: true });
		const view2 = await api(url, `/api/v1/series/${s2.id}`, { token: s2.organiserToken });
		expect(view2.json).toMatchObject({ title: '連続開催B', access: 'organiser', meetings: [{ meetingId: loose.id, region: '関東' }, { meetingId: consoleMeeting.id }] });
		const view1 = await api(url, `/api/v1/series/${s1.id}`, { token: s1.organiserToken });
		expect(view1.json.meetings.map((m: { meetingId: string }) => m.meetingId)).toEqual([a1.id, a2.id]);

		// A series started from a console takes its meeting in one request, checked before anything is made:
		// a meeting already in a series, or a session that is not its organiser's, is refused and no series is created.
		const startFrom = (cookie: string, meetingId: string, extra: Record<string, string> = {}) =>
			api(url, '/api/v1/series', { cookie, headers: extra, body: { title: '連続開催C', ministryLabel: DEPT, meetingId, region: '北海道' } });
		const inAnother = await startFrom(organiserCookie, consoleMeeting.id);
		expect(inAnother.status).toBe(409);
		expect(inAnother.json).toMatchObject({ ok: false, code: 'already_exists' });
		expect(inAnother.setCookies).toEqual([]);
		const fresh = await createMeeting(url);
		const freshCookie = await sessionOf(fresh.organiserToken);
		expect((await startFrom(participantCookie, fresh.id)).status).toBe(403);
		expect((await startFrom(freshCookie, fresh.id, { origin: 'https://elsewhere.example' })).status).toBe(403);
		expect((await startFrom(freshCookie.replace(fresh.id, consoleMeeting.id), fresh.id)).status).toBe(403); // only a cookie named for this meeting counts
		const started = await startFrom(freshCookie, fresh.id);
		expect(started.status).toBe(201);
		const view3 = await api(url, `/api/v1/series/${started.json.id}`, { token: started.json.organiserToken });
		expect(view3.json).toMatchObject({ title: '連続開催C', meetings: [{ meetingId: fresh.id, region: '北海道' }] });
		expect((await startFrom(freshCookie, fresh.id)).json).toMatchObject({ ok: false, code: 'already_exists' });

		// A series link opened in a browser binds it to the series and opens the ledger page.
		const open = await fetch(s1.links.ministry, { redirect: 'manual' });
		expect(open.status).toBe(303);
		expect(open.headers.get('location')).toBe(`/series/${s1.id}?view=ministry`);
		const cookie = open.headers.getSetCookie()[0].split(';')[0];
		expect((await api(url, `/api/v1/series/${s1.id}/ministry`, { cookie })).status).toBe(200);
		expect((await api(url, `/api/v1/series/${s2.id}/ministry`, { cookie })).status).toBe(401);
	});
});
