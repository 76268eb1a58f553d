/**
 * The minutes' Word file of a long meeting, every page rendered as a reader sees it: the real
 * server makes the .docx, LibreOffice turns it into a PDF and poppler into one PNG and one text per
 * page. Checked here: one PNG per PDF page, no heading is the last line of a page, 「No.」 is never
 * split. The same for a saved version's Word file. The PNGs (tests/e2e/screenshots/docx-*) are looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlocks, spansText } from '../../src/lib/shared/minutes/markdown-blocks.js';
import { SCREENSHOT_DIR } from '../helpers/browser.js';
import { renderDocxPages, type RenderedDocx } from '../helpers/docx-pages.js';
import { boardClient, createDemo, textEventually, type DemoMeeting } from '../helpers/notes.js';
import { api, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let demo: DemoMeeting;

/** Six sections of eight lines per room, in the reference meeting's topics (our own sentences). */
function longNotes(room: number): string {
	const topics = ['住まいの確保', '就労と社会参加', '家計の立て直し', '子どもの学習支援', '地域のつながり', '関係機関の連携'];
	return topics
		.map((topic, s) => {
			const lines = Array.from({ length: 8 }, (_, i) => `・${topic}について、ルーム${room + 1}の${i + 1}件目の意見。相談窓口での対応と、その後の支援機関へのつなぎ方を具体的に話し合った${s % 2 ? ' ★' : ''}`);
			return [`■${topic}（ルーム${room + 1}）`, ...lines].join('\n');
		})
		.join('\n');
}

beforeAll(async () => {
	server = await startTestServer();
	demo = await createDemo(server.url);
	for (let r = 0; r < demo.rooms.length; r++) {
		const board = boardClient(server.url, demo.id, `room/${demo.rooms[r]}`, demo.organiserToken);
		await board.synced;
		const text = `\n${longNotes(r)}\n`;
		board.text.insert(board.text.length, text);
		await textEventually(board, (t) => t.endsWith(text));
		// The server has it once a read sees it.
		for (let tries = 0; !(await server.realtime.yjs.readRoomText(demo.id, demo.rooms[r])).endsWith(text) && tries < 100; tries++) await new Promise((res) => setTimeout(res, 50));
		board.destroy();
	}
}, 60_000);
afterAll(() => server?.stop());

const get = (path: string) => fetch(`${server.url}/api/v1/meetings/${demo.id}${path}`, { headers: { authorization: `Bearer ${demo.organiserToken}` } });

/** Text without white space: pdftotext puts spaces between Japanese and digits (「ルーム 1」). */
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The headings of a Markdown text, as Word prints them (squeezed). */
function headings(md: string): Set<string> {
	return new Set(parseBlocks(md).flatMap((b) => (b.type === 'heading' ? [squeeze(spansText(b.spans))] : [])));
}

/** The last line with text on a page (squeezed). */
const lastLine = (page: string) => squeeze(page.split('\n').filter((l) => l.trim()).at(-1) ?? '');

function checkPages(rendered: RenderedDocx, heads: Set<string>) {
	expect(rendered.pngs).toHaveLength(rendered.pages);
	const strandedHeadings = rendered.texts.slice(0, -1).flatMap((t, i) => (heads.has(lastLine(t)) ? [`page ${i + 1}: ${lastLine(t)}`] : []));
	expect(strandedHeadings).toEqual([]);
	const all = rendered.texts.join('\n');
	// 「No.」 never wraps to 「No」 / 「.」 in its narrow column.
	expect(all.split('\n').some((l) => /^\s*No\s*$/.test(l) || /^\s*\.\s*$/.test(l))).toBe(false);
	expect(all).toMatch(/No\.\s+議題/);
}

describe("a long meeting's .docx, rendered page by page", () => {
	it('the generated minutes: no heading alone at a page bottom, 「No.」 on one line', async () => {
		const md = await (await get('/minutes.md')).text();
		const res = await get('/minutes.docx');
		expect(res.status).toBe(200);
		const rendered = await renderDocxPages(Buffer.from(await res.arrayBuffer()), SCREENSHOT_DIR, 'docx-minutes');
		console.log(`docx-minutes: ${rendered.pages} pages`);
		expect(rendered.pages).toBeGreaterThanOrEqual(5);
		checkPages(rendered, headings(md));
		// Every room's notes made it into the pages.
		const flat = squeeze(rendered.texts.join(''));
		for (let r = 0; r < 3; r++) expect(flat).toContain(`住まいの確保（ルーム${r + 1}）`);
	}, 240_000);

	it('a saved version: the edited text, with the same page rules', async () => {
		const md = await (await get('/minutes.md')).text();
		const text = md.replace(/^## 2\. .*$/m, (h) => `- 補足：関係機関の連携について、各ルームの意見を事務局で整理した\n\n${h}`);
		const saved = await api(server.url, `/api/v1/meetings/${demo.id}/minutes/versions`, { token: demo.organiserToken, method: 'POST', body: { text, basis: { version: 'internal' } } });
		expect(saved.status).toBe(201);
		const res = await get(`/minutes.docx?v=${saved.json.version.no}`);
		const rendered = await renderDocxPages(Buffer.from(await res.arrayBuffer()), SCREENSHOT_DIR, 'docx-version');
		console.log(`docx-version: ${rendered.pages} pages`);
		checkPages(rendered, headings(text));
		expect(squeeze(rendered.texts.join(''))).toContain('補足：関係機関の連携について、各ルームの意見を事務局で整理した');
	}, 240_000);
});

