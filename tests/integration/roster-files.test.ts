/**
 * Roster files on a real server, on SQLite and on a real Redis, with real files: the reference
 * meeting's 27 people as CSV in UTF-8 with a BOM, in Shift_JIS (as Japanese Excel saves it) and as an
 * .xlsx written by a spreadsheet library, with Japanese headers. A preview changes nothing; applying
 * is one batch; a file with a broken row applies nothing until that row is dropped; a file over the
 * limit is refused; the export reads back unchanged.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/shared/csv.js';
import { DEMO_MEMBERS, DEMO_ROOMS } from '../../src/lib/shared/demo.js';
import { api, createMeeting, getView, mustCommand, serverForSuiteOn } from '../helpers/server.js';

const CATEGORY_JA = { ministry: '厚生労働省', municipality: '自治体', agency: '支援機関', organiser: '運営', other: 'その他' } as const;
const ROLE_JA = { participant: '参加者', ministry: '省庁回答者', facilitator: 'ファシリテーター', organiser: '主催者', display: '投影画面' } as const;
const HEADER = ['氏名', '所属', '区分', '部署', '役割', 'ルーム', 'メールアドレス'];

/** The reference meeting's 別紙 as a sheet: 27 people, Japanese headers and words. */
function referenceSheet(): string[][] {
	return [
		HEADER,
		...DEMO_MEMBERS.map((m, i) => [m.name, m.organisation, CATEGORY_JA[m.category], m.department, ROLE_JA[m.role], m.room === null ? '' : DEMO_ROOMS[m.room].name, `person${i + 1}@example.jp`])
	];
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('別紙');
	for (const r of rows) sheet.addRow(r);
	return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(['sqlite', 'redis'] as const)('roster files on %s', (store) => {
	const server = serverForSuiteOn(store);

	/** A meeting with the reference meeting's three rooms and nobody on the roster yet. */
	async function meetingWithRooms() {
		const m = await createMeeting(server.url);
		for (const r of DEMO_ROOMS) await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: r.name, purpose: r.purpose });
		return m;
	}

	function upload(m: { id: string; organiserToken: string }, body: Buffer, query = '', type = 'text/csv') {
		return fetch(`${server.url}/api/v1/meetings/${m.id}/roster/import${query}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${m.organiserToken}`, 'content-type': type },
			body: new Uint8Array(body)
		}).then(async (res) => ({ status: res.status, json: await res.json() }));
	}

	const files: [string, () => Promise<Buffer>][] = [
		['CSV in UTF-8 with a BOM', async () => Buffer.from('\uFEFF' + toCsv(referenceSheet()), 'utf8')],
		['CSV in Shift_JIS', async () => iconv.encode(toCsv(referenceSheet()), 'cp932')],
		['.xlsx', () => xlsxOf(referenceSheet())]
	];

	it.each(files)('%s: the preview lists all 27 and changes nothing; applying is one batch', async (_kind, make) => {
		const m = await meetingWithRooms();
		const file = await make();
		const before = await getView(server.url, m.id, m.organiserToken);
		const preview = await upload(m, file, '?dryRun=1');
		expect(preview.status).toBe(200);
		expect(preview.json.counts).toEqual({ rows: 27, add: 27, update: 0, errors: 0 });
		expect(preview.json.rows[0]).toMatchObject({ line: 2, name: '青木 誠', organisation: '厚生労働省', category: 'ministry', role: 'ministry', room: 'ルーム1', email: 'person1@example.jp', action: 'add', errors: [] });
		expect((await getView(server.url, m.id, m.organiserToken)).state.seq).toBe(before.state.seq);

		const applied = await upload(m, file);
		expect(applied).toMatchObject({ status: 200, json: { ok: true, added: 27, updated: 0 } });
		const after = await getView(server.url, m.id, m.organiserToken);
		expect(after.state.seq).toBe(before.state.seq + 27);
		const members = Object.values(after.state.members);
		expect(members).toHaveLength(27);
		const counts = members.reduce<Record<string, number>>((c, x) => ({ ...c, [x.category]: (c[x.category] ?? 0) + 1 }), {});
		expect(counts).toEqual({ ministry: 10, agency: 10, municipality: 5, organiser: 2 });
		const suzuki = members.find((x) => x.name === '鈴木 大輔')!;
		expect(suzuki).toMatchObject({ role: 'facilitator', organisation: '石狩振興局 受託機関', roomId: Object.values(after.state.rooms).find((r) => r.name === 'ルーム1')!.id });

		// The same file again updates the same 27 people (matched by email): no copies.
		expect((await upload(m, file)).json).toMatchObject({ ok: true, added: 0, updated: 27 });
		expect(Object.keys((await getView(server.url, m.id, m.organiserToken)).state.members)).toHaveLength(27);
	});

	it('a broken row is refused row by row with codes, nothing is applied until it is dropped', async () => {
		const m = await meetingWithRooms();
		const rows = referenceSheet();
		rows[3] = ['', '厚生労働省', '厚生労働省', '', '参加者', '', ''];
		rows[5] = ['大西 拓也', '厚生労働省', '国の機関', '', '来賓', 'ルーム9', 'not-an-email'];
		rows.push([...rows[1]]);
		const file = Buffer.from(toCsv(rows), 'utf8');
		const refused = await upload(m, file);
		expect(refused.status).toBe(400);
		expect(refused.json).toMatchObject({ ok: false, code: 'invalid', detail: 'rows' });
		expect(refused.json.rows.map((r: { line: number; errors: string[] }) => [r.line, r.errors])).toEqual([
			[4, ['name_missing']],
			[6, ['bad_category', 'bad_role', 'unknown_room', 'bad_email']],
			[29, ['duplicate_row']]
		]);
		expect(Object.keys((await getView(server.url, m.id, m.organiserToken)).state.members)).toHaveLength(0);
		const dropped = await upload(m, file, '?skip=4,6,29');
		expect(dropped.json).toMatchObject({ ok: true, added: 25 });
	});

	it('refuses files over the size limit, unreadable files and sheets without a name column', async () => {
		const m = await meetingWithRooms();
		const big = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
		expect((await upload(m, big)).json).toMatchObject({ ok: false, code: 'too_large' });
		const noName = Buffer.from(toCsv([['所属', 'メールアドレス'], ['厚生労働省', 'a@example.jp']]), 'utf8');
		expect((await upload(m, noName)).json).toMatchObject({ ok: false, code: 'invalid', detail: 'no name column' });
		const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
		expect((await upload(m, brokenZip)).json).toMatchObject({ ok: false, code: 'invalid', detail: 'unreadable file' });
		expect(Object.keys((await getView(server.url, m.id, m.organiserToken)).state.members)).toHaveLength(0);
	});

	it('exports CSV (UTF-8 with BOM, or Shift_JIS) and .xlsx that import back unchanged', async () => {
		const m = await meetingWithRooms();
		await upload(m, await xlsxOf(referenceSheet()));
		const get = (path: string) => fetch(`${server.url}/api/v1/meetings/${m.id}/${path}`, { headers: { authorization: `Bearer ${m.organiserToken}` } });
		const csvRes = await get('roster.csv');
		expect(csvRes.status).toBe(200);
		expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const csvBytes = Buffer.from(await csvRes.arrayBuffer());
		expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csvText = csvBytes.subarray(3).toString('utf8');
		expect(csvText.startsWith('氏名,所属,区分,部署,役割,ルーム,メールアドレス\r\n加藤 由美,厚生労働省,厚生労働省,生活困窮者自立支援室,省庁回答者,ルーム2,person6@example.jp\r\n')).toBe(true);
		const sjis = await get('roster.csv?encoding=shift_jis');
		expect(new TextDecoder('shift_jis').decode(await sjis.arrayBuffer())).toBe(csvText);
		const xlsx = Buffer.from(await (await get('roster.xlsx')).arrayBuffer());
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(xlsx as unknown as ArrayBuffer);
		const sheet = book.worksheets[0];
		expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER]);
		expect(sheet.rowCount).toBe(28);
		// Each export read back changes nobody.
		for (const [file, type] of [[csvBytes, 'text/csv'], [xlsx, 'application/octet-stream']] as const) {
			const preview = await upload(m, file, '?dryRun=1', type);
			expect(preview.json.counts).toEqual({ rows: 27, add: 0, update: 27, errors: 0 });
		}
		const other = await createMeeting(server.url);
		expect((await api(server.url, `/api/v1/meetings/${m.id}/roster.csv`, { token: other.organiserToken })).status).toBe(401);
	});

	it('exports the room plan as Zoom’s breakout pre-assignment CSV, telling how many have no email', async () => {
		const m = await meetingWithRooms();
		const rows = referenceSheet();
		rows[2][6] = '';
		await upload(m, Buffer.from(toCsv(rows), 'utf8'));
		const res = await fetch(`${server.url}/api/v1/meetings/${m.id}/zoom/breakout.csv`, { headers: { authorization: `Bearer ${m.organiserToken}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('x-missing-emails')).toBe('1');
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes[0]).not.toBe(0xef);
		const lines = bytes.toString('utf8').trimEnd().split('\r\n');
		expect(lines[0]).toBe('Pre-assign Room Name,Email Address');
		// 25 of the 27 have a room; 石田 恵 (line 3) has no email.
		expect(lines).toHaveLength(1 + 24);
		expect(lines).toContain('ルーム1,person1@example.jp');
		expect(lines.some((l) => l.endsWith('person2@example.jp'))).toBe(false);
	});

	it('imports a Zoom participant report with reconnects into attendance, shown in the minutes', async () => {
		const m = await meetingWithRooms();
		await upload(m, Buffer.from(toCsv(referenceSheet()), 'utf8'));
		const report = [
			['Meeting ID', 'Topic', 'Start Time', 'End Time', 'User Email', 'Duration (Minutes)', 'Participants'],
			['123 4567 8901', '生活困窮者支援 情報交換会', '06/04/2021 01:55:12 PM', '06/04/2021 03:47:40 PM', 'person26@example.jp', '113', '28'],
			['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)', 'Guest'],
			// Everyone but the last three on the roster, by email; 青木 誠 reconnects once.
			...DEMO_MEMBERS.slice(0, 24).map((x, i) => [x.name, `person${i + 1}@example.jp`, '06/04/2021 01:58:00 PM', '06/04/2021 03:45:00 PM', i === 0 ? '40' : '107', 'No']),
			['青木 誠', 'person1@example.jp', '06/04/2021 02:40:00 PM', '06/04/2021 03:45:00 PM', '65', 'No'],
			['電話参加者', '', '06/04/2021 02:00:00 PM', '06/04/2021 02:30:00 PM', '30', 'Yes']
		];
		const body = new Uint8Array(Buffer.from(toCsv(report), 'utf8'));
		const post = (query: string) =>
			fetch(`${server.url}/api/v1/meetings/${m.id}/zoom/participants${query}`, { method: 'POST', headers: { authorization: `Bearer ${m.organiserToken}` }, body }).then(async (r) => ({ status: r.status, json: await r.json() }));
		const preview = await post('?dryRun=1');
		expect(preview.json).toMatchObject({ ok: true, dryRun: true, connections: 26, unmatched: [{ name: '電話参加者', minutes: 30, joins: 1 }] });
		expect(preview.json.present).toHaveLength(24);
		expect(preview.json.present.find((p: { name: string }) => p.name === '青木 誠')).toMatchObject({ minutes: 105, joins: 2 });
		expect((await getView(server.url, m.id, m.organiserToken)).state.attendance).toBeUndefined();

		expect(await post('')).toMatchObject({ status: 200, json: { ok: true, present: 24, unmatched: 1 } });
		const md = await api(server.url, `/api/v1/meetings/${m.id}/minutes.md`, { token: m.organiserToken });
		// 24 of 27 attended (not 松本 隆, 森 優子, 山口 健); 青木 誠's two connections add up.
		expect(md.text).toContain('合計 27名（実参加 24名）');
		expect(md.text).toContain('| 参加時間 |');
		expect(md.text).toMatch(/青木 誠 \| ルーム1 \| 省庁回答者 \| 105分 \|/);
		// Participants never see anyone's minutes.
		const view = await getView(server.url, m.id, m.organiserToken);
		const shared = Object.values(view.state.links).find((l) => l.role === 'participant')!;
		const participant = await getView(server.url, m.id, view.linkUrls[shared.id].split('/j/')[1]);
		expect(participant.state.attendance).toBeUndefined();
		// A file that is not a participant report is refused and changes nothing.
		const notReport = await api(server.url, `/api/v1/meetings/${m.id}/zoom/participants`, { method: 'POST', token: m.organiserToken, body: '氏名,所属\n青木 誠,厚生労働省' });
		expect(notReport).toMatchObject({ status: 400, json: { ok: false, code: 'invalid', detail: 'not a participant report' } });
		expect((await getView(server.url, m.id, m.organiserToken)).state.attendance?.present).toEqual(view.state.attendance?.present);
	});
});
