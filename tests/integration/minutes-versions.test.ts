/**
 * Saved versions of the minutes, on both stores: an organiser saves an edited text (a draft),
 * lists and reads it, finalises it once; minutes.md / .docx / .json render the chosen version
 * (`?v=`); the privacy gate holds for the public version; every other role is refused; bodies are
 * schema-checked and size-limited; an acknowledged save survives kill -9 of the server.
 */
import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_VERSION_BODY_BYTES } from '../../src/lib/shared/minutes/versions.js';
import { createDemo, type DemoMeeting } from '../helpers/notes.js';
import { startRedis } from '../helpers/redis-server.js';
import { api, serverForSuiteOn, spawnServerProcess, Teardown, type ApiResponse } from '../helpers/server.js';

const v = (id: string) => `/api/v1/meetings/${id}`;

async function docxXml(res: Response): Promise<string> {
	const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
	return zip.file('word/document.xml')!.async('string');
}

describe.each(['sqlite', 'redis'] as const)('minutes versions on %s', (store) => {
	const server = serverForSuiteOn(store);
	let demo: DemoMeeting;
	let generated = '';
	let edited = '';
	const get = (path: string, token = demo.organiserToken) => api(server.url, `${v(demo.id)}${path}`, { token });
	const post = (path: string, body: unknown, token = demo.organiserToken) => api(server.url, `${v(demo.id)}${path}`, { token, method: 'POST', body });

	it('saves an edited internal text as draft 1, lists it and reads it back with the generated text', async () => {
		demo = await createDemo(server.url);
		generated = (await get('/minutes.md?version=internal')).text;
		expect(generated).toContain('## 1.');
		edited = generated.replace(/^## 1\. .*$/m, (h) => `${h}\n\n- 補足：議事録の確定前に各機関へ確認を依頼した`);
		const saved = await post('/minutes/versions', { text: edited, basis: { version: 'internal' } });
		expect(saved.status).toBe(201);
		expect(saved.json).toMatchObject({ ok: true, text: edited, version: { no: 1, state: 'draft', savedBy: 'organiser', finalisedBy: null, basis: { version: 'internal', includeConfidential: false, sharedOnly: false, lang: 'ja' }, maskedLines: 0 } });
		const list = await get('/minutes/versions');
		expect(list.json.versions).toEqual([saved.json.version]);
		expect(list.json.versions[0]).not.toHaveProperty('text');
		const one = await get('/minutes/versions/1');
		expect(one.json.text).toBe(edited);
		// What the diff compares with: the minutes generated on the server at save time.
		expect(one.json.generated.split('\n').slice(0, 20)).toEqual(generated.split('\n').slice(0, 20));
		expect(one.json.generated).not.toContain('補足：議事録の確定前に');
	});

	it('renders the chosen version as Markdown, Word and JSON; the generated minutes stay the default', async () => {
		const md = await get('/minutes.md?v=1');
		expect(md.status).toBe(200);
		expect(md.text).toBe(edited);
		expect(decodeURIComponent(md.headers.get('content-disposition')!)).toContain('第1版.md');
		expect((await get('/minutes.md')).text).not.toContain('補足：議事録の確定前に');
		const docx = await fetch(`${server.url}${v(demo.id)}/minutes.docx?v=1`, { headers: { authorization: `Bearer ${demo.organiserToken}` } });
		expect(docx.status).toBe(200);
		const xml = await docxXml(docx);
		expect(xml).toContain('補足：議事録の確定前に各機関へ確認を依頼した');
		// Headings keep with the next paragraph; table rows are not split; fixed column widths.
		expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/><w:keepNext\/><w:keepLines\/>/);
		expect(xml).toContain('<w:cantSplit/>');
		expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
		expect((await get('/minutes.json?v=1')).json).toMatchObject({ no: 1, text: edited });
	});

	it('never serves an internal edit as the public version, and refuses a query that contradicts its basis', async () => {
		expect((await get('/minutes.md?v=1&version=public')).json).toEqual({ ok: false, code: 'internal_only', detail: 'version' });
		expect((await get('/minutes.docx?v=1&version=public')).status).toBe(409);
		expect((await get('/minutes.md?v=1&confidential=1')).json.code).toBe('invalid');
		expect((await get('/minutes.md?v=1&version=internal')).status).toBe(200);
		for (const bad of ['0', 'x', '1.5', '-1']) expect((await get(`/minutes.md?v=${bad}`)).json.code, bad).toBe('invalid');
		expect((await get('/minutes.md?v=99')).status).toBe(404);
	});

	it('masks personal information added to a public edit on save, and serves it as the public version', async () => {
		const pub = (await get('/minutes.md?version=public')).text;
		const text = `${pub}\n- 追記：田中さん（090-1234-5678）から連絡あり\n`;
		const saved = await post('/minutes/versions', { text, basis: { version: 'public' } });
		expect(saved.status).toBe(201);
		expect(saved.json.version).toMatchObject({ no: 2, maskedLines: 1, basis: { version: 'public' } });
		expect(saved.json.text).toContain('- 追記：〇〇さん（〇〇）から連絡あり');
		const md = await get('/minutes.md?v=2&version=public');
		expect(md.text).toContain('- 追記：〇〇さん（〇〇）から連絡あり');
		expect(md.text).not.toContain('田中さん');
		expect(md.text).not.toContain('090-1234-5678');
		expect((await get('/minutes.md?v=2&version=internal')).json.code).toBe('invalid');
	});

	it('finalises a draft once; a final version stays as it was', async () => {
		const done = await post('/minutes/versions/1/finalise', {});
		expect(done.status).toBe(200);
		expect(done.json.version).toMatchObject({ no: 1, state: 'final', finalisedBy: 'organiser' });
		expect(typeof done.json.version.finalisedAt).toBe('number');
		expect((await post('/minutes/versions/1/finalise', {})).json).toEqual({ ok: false, code: 'wrong_state', detail: 'version' });
		expect((await post('/minutes/versions/42/finalise', {})).status).toBe(404);
		expect((await get('/minutes/versions')).json.versions.map((x: { no: number; state: string }) => [x.no, x.state])).toEqual([[1, 'final'], [2, 'draft']]);
		expect((await get('/minutes.md?v=1')).text).toBe(edited);
	});

	it('refuses bad bodies with coded refusals and oversize ones with too_large', async () => {
		const cases: [unknown, string][] = [
			[{ text: '' , basis: { version: 'internal' } }, 'invalid'],
			[{ text: 'x' }, 'invalid'],
			[{ text: 'x', basis: { version: 'public', includeConfidential: true } }, 'invalid'],
			[{ text: 'x', basis: { version: 'internal' }, no: 7 }, 'invalid'],
			['{not json', 'invalid']
		];
		for (const [body, code] of cases) expect((await post('/minutes/versions', body)).json.code, JSON.stringify(body)).toBe(code);
		const huge = await post('/minutes/versions', { text: 'あ'.repeat(MAX_VERSION_BODY_BYTES / 2), basis: { version: 'internal' } });
		expect([huge.status, huge.json?.code]).toEqual([413, 'too_large']);
		expect((await get('/minutes/versions')).json.versions).toHaveLength(2);
	});

	it('refuses every other role on every version route, and other meetings', async () => {
		const member = await demo.joinMember('試験 参加者', 0);
		const ministry = await demo.joinMember('試験 回答者', 1, 'ministry');
		const callers: [string, string, number, string][] = [
			['participant', member.token, 403, 'not_allowed'],
			['ministry', ministry.token, 403, 'not_allowed'],
			['facilitator', demo.facilitatorToken(0), 403, 'not_allowed'],
			['display', demo.displayToken(), 403, 'not_allowed']
		];
		const other = await createDemo(server.url);
		callers.push(["another meeting's organiser", other.organiserToken, 401, 'unauthorized']);
		for (const [name, token, status, code] of callers) {
			const replies: ApiResponse[] = [
				await get('/minutes/versions', token),
				await get('/minutes/versions/1', token),
				await get('/minutes.md?v=1', token),
				await post('/minutes/versions', { text: '改ざん', basis: { version: 'internal' } }, token),
				await post('/minutes/versions/2/finalise', {}, token)
			];
			for (const r of replies) expect([r.status, r.json?.code], name).toEqual([status, code]);
		}
		// The other meeting's organiser reads its own (empty) versions, never this meeting's.
		expect((await api(server.url, `${v(other.id)}/minutes/versions`, { token: other.organiserToken })).json.versions).toEqual([]);
		expect((await api(server.url, `${v(other.id)}/minutes/versions/1`, { token: other.organiserToken })).status).toBe(404);
		expect((await get('/minutes/versions/2')).json.state).toBe('draft');
	});
});

describe('an acknowledged save survives kill -9', () => {
	const t = new Teardown();
	afterAll(() => t.run());

	it.each(['sqlite', 'redis'] as const)('on %s', async (store) => {
		const dir = t.add(mkdtempSync(join(tmpdir(), 'yoriai-versions-')), (d) => rmSync(d, { recursive: true, force: true }));
		mkdirSync(join(dir, 'redis'));
		let redis = store === 'redis' ? await startRedis({ dir: join(dir, 'redis') }) : null;
		const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
		const first = await spawnServerProcess({ dataDir: join(dir, 'data'), env });
		const demo = await createDemo(first.url);
		const text = '# 第1回 開催報告（内部資料）\n\n- 保存直後に落ちても残る稿\n';
		const saved = await api(first.url, `${v(demo.id)}/minutes/versions`, { token: demo.organiserToken, method: 'POST', body: { text, basis: { version: 'internal' } } });
		expect(saved.status).toBe(201);
		first.child.kill('SIGKILL');
		expect((await first.exited).signal).toBe('SIGKILL');
		if (redis) {
			const port = redis.port;
			await redis.stop();
			redis = await startRedis({ port, dir: join(dir, 'redis') });
		}
		const second = await spawnServerProcess({ dataDir: join(dir, 'data'), env });
		try {
			const read = await api(second.url, `${v(demo.id)}/minutes/versions/1`, { token: demo.organiserToken });
			expect(read.json).toMatchObject({ no: 1, state: 'draft', text });
			expect((await api(second.url, `${v(demo.id)}/minutes.md?v=1`, { token: demo.organiserToken })).text).toBe(text);
		} finally {
			await second.stop('SIGKILL');
			await redis?.stop();
		}
	});
});
