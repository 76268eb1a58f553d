/**
 * Benchmark: a series' ledger at scale. 24 meetings × 300 questions to the ministry (a tenth of each
 * meeting's questions still open or deferred carried into the next, two thirds answered, supporters voting), stored in a real SQLite file and
 * served by a real server. Measures over HTTP the ledger page's data (ledger.json), the ministry's view,
 * and each export (.csv, .xlsx, Q&A集 .docx) — unchanged since the last request, and right after a new
 * vote — against the peer in the same run: rebuilding the ledger from the event logs (read every log
 * from the store, reduce each meeting, fold its trail, build) and rendering the same answer from it,
 * which is what serving without the kept states and trails would cost. Prints medians and the
 * ratios, with the load average.
 *
 *   npx tsx bench/ledger.ts            BENCH_QUICK=1 for a short run (4 meetings × 60 questions)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../server/config.js';
import { startYoriai } from '../server/start.js';
import { openSqliteStore } from '../server/storage/sqlite.js';
import { carryQuestions, runTrusted } from '../server/questions/carry-over.js';
import { createLogger } from '../server/log.js';
import { organiserClaims } from '../server/series/service.js';
import { buildLedger } from '../src/lib/shared/ledger/build.js';
import { emptyTrail, extendTrail } from '../src/lib/shared/ledger/trail.js';
import { emptyState, reduceAll } from '../src/lib/shared/meeting/reduce.js';
import { emptySeries } from '../src/lib/shared/series/types.js';
import { reduceSeriesAll } from '../src/lib/shared/series/reduce.js';
import type { TokenClaims } from '../server/storage/types.js';
import type { Ledger } from '../src/lib/shared/ledger/types.js';
import { ledgerTable } from '../src/lib/shared/ledger/table.js';
import { ministryView } from '../src/lib/shared/ledger/views.js';
import { csvBytes, xlsxBytes } from '../server/roster/files.js';
import { renderQaDocx } from '../server/series/qa-docx.js';

const QUICK = process.env.BENCH_QUICK === '1';
const MEETINGS = QUICK ? 4 : 24;
const QUESTIONS = QUICK ? 60 : 300;
const MEMBERS = 40;
const ROUNDS = QUICK ? 5 : 9;
const TOPICS = ['就労準備支援', '住居確保給付金', '一時生活支援', '家計改善支援', '子どもの学習支援', '扶養照会', '緊急小口資金', 'フードバンク', 'ひきこもり支援', '居住支援'];
const ASKS = ['の対象者要件を緩和してほしい', 'の様式を統一してほしい', 'の予算の考え方を示してほしい', 'について事例を共有してほしい', 'の委託先の選び方を教えてほしい'];

function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'yoriai-bench-ledger-'));
const config = readConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const running = await startYoriai(config, null, { log: createLogger('silent') });
const { meetings, series } = running.realtime;
const random = rng(42);

try {
	const seedStart = performance.now();
	const created = await series.create('ベンチ用 連続開催', '生活困窮者自立支援室');
	let prev: { state: Awaited<ReturnType<typeof meetings.load>>; claims: TokenClaims } | null = null;
	let lastMember: TokenClaims | null = null;
	let lastQuestion = '';
	for (let m = 0; m < MEETINGS; m++) {
		const made = await meetings.create({ title: `第${m + 1}回 情報交換会`, startsAt: new Date(Date.UTC(2021, 5 + m, 4, 5)).toISOString() });
		const org = (await meetings.authenticate(made.organiserToken))!.record;
		let state = (await meetings.load(made.id))!;
		if (prev?.state) await carryQuestions(meetings, running.log, prev.state, prev.claims, org);
		state = (await meetings.load(made.id))!;
		const link = Object.values(state.links).find((l) => l.role === 'participant')!;
		const members: TokenClaims[] = [];
		for (let i = 0; i < MEMBERS; i++) {
			const r = await runTrusted(meetings, { meetingId: made.id, role: 'participant', linkId: link.id, roomId: null, memberId: null }, { type: 'member.join', name: `参加者${i + 1}`, organisation: `${['秋田', '盛岡', '福岡', '熊本', '札幌'][i % 5]}市` });
			if (r.ok) members.push({ meetingId: made.id, role: 'participant', linkId: link.id, roomId: null, memberId: String(r.result!.memberId) });
		}
		const carriedIn = Object.keys((await meetings.load(made.id))!.questions.items).length;
		for (let q = carriedIn; q < QUESTIONS; q++) {
			const who = members[Math.floor(random() * members.length)];
			const text = `${TOPICS[q % TOPICS.length]}${ASKS[Math.floor(random() * ASKS.length)]}（第${m + 1}回・${q + 1}）`;
			const r = await runTrusted(meetings, who, { type: 'question.ask', text, department: random() < 0.7 ? '生活困窮者自立支援室' : '保護課', anonymous: random() < 0.3 });
			if (!r.ok) throw new Error(`ask: ${r.code}`);
		}
		const all = Object.keys((await meetings.load(made.id))!.questions.items);
		for (const qid of all) for (let v = 0; v < 3; v++) await runTrusted(meetings, members[Math.floor(random() * members.length)], { type: 'question.vote', questionId: qid });
		// Statuses for every question of the meeting, carried ones too, so what is carried stays about a third.
		for (const [i, qid] of all.entries()) {
			if (i % 10 === 0) await runTrusted(meetings, org, { type: 'question.status', questionId: qid, status: 'deferred' });
			else if (i % 3 !== 0) await runTrusted(meetings, org, { type: 'question.answer', questionId: qid, text: '通知でお示ししています。' });
		}
		await series.addMeeting(created.id, made.id, ['北海道・東北', '関東', '中部', '近畿', '中国・四国', '九州'][m % 6]);
		state = (await meetings.load(made.id))!;
		prev = { state, claims: organiserClaims(state)! };
		lastMember = members[0];
		lastQuestion = all[all.length - 1];
	}
	const seedSeconds = (performance.now() - seedStart) / 1000;

	const request = (path: string) => fetch(`${running.url}/api/v1/series/${created.id}${path}`, { headers: { authorization: `Bearer ${created.organiserToken}` } });
	const get = async (path: string) => {
		// The idle keep-alive connection may have been closed by the server while the peer rebuilt (seconds): open a new one then.
		await request('/').then((r) => r.arrayBuffer()).catch(() => undefined);
		const t = performance.now();
		const res = await request(path);
		const bytes = (await res.arrayBuffer()).byteLength;
		if (!res.ok) throw new Error(`${path}: ${res.status}`);
		return { ms: performance.now() - t, bytes };
	};
	const first = await get('/ledger.json');
	const rows = JSON.parse(await (await fetch(`${running.url}/api/v1/series/${created.id}/ledger.json`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).text()).ledger.rows.length;

	// The peer: the same ledger rebuilt from the event logs, read from the store's file.
	const reader = openSqliteStore(join(dir, 'yoriai.sqlite'));
	const rebuild = async () => {
		const t = performance.now();
		const seriesState = reduceSeriesAll(emptySeries(created.id), await reader.readSeriesEvents(created.id, 0));
		const inputs = [];
		for (const { meetingId } of seriesState.meetings) {
			const log = await reader.readEvents(meetingId, 0);
			inputs.push({ state: reduceAll(emptyState(meetingId), log), trail: extendTrail(emptyTrail(), log) });
		}
		const ledger = buildLedger(seriesState, inputs);
		return { ms: performance.now() - t, rows: ledger.rows.length, ledger };
	};
	/** What each request renders from the ledger (the peer renders the same from its rebuilt one). */
	const renderers: Record<string, (l: Ledger) => unknown> = {
		'/ledger.json': (l) => JSON.stringify(l),
		'/ministry': (l) => JSON.stringify(ministryView(l, Date.now())),
		'/ledger.csv': (l) => csvBytes(ledgerTable(l), 'utf-8'),
		'/ledger.xlsx': (l) => xlsxBytes(ledgerTable(l), '質問・要望台帳'),
		'/qa.docx': (l) => renderQaDocx(l, Date.now())
	};

	const paths = ['/ledger.json', '/ministry', '/ledger.csv', '/ledger.xlsx', '/qa.docx'];
	const warm: Record<string, number[]> = {};
	const changed: Record<string, number[]> = {};
	const sizes: Record<string, number> = {};
	const rebuilt: number[] = [];
	const peer: Record<string, number[]> = {};
	let voter = 0;
	for (let round = 0; round < ROUNDS; round++) {
		const rb = await rebuild();
		if (rb.rows !== rows) throw new Error(`rebuilt ${rb.rows} rows, served ${rows}`);
		rebuilt.push(rb.ms);
		for (const p of paths) {
			const t = performance.now();
			await renderers[p](rb.ledger);
			(peer[p] ??= []).push(rb.ms + performance.now() - t);
			// A new vote in the last meeting, then the request: the ledger is built again from the kept states and trails.
			await runTrusted(meetings, { ...lastMember!, memberId: null }, { type: 'member.join', name: `後から${round}-${voter++}` }).then(async (r) => {
				if (r.ok) await runTrusted(meetings, { ...lastMember!, memberId: String(r.result!.memberId) }, { type: 'question.vote', questionId: lastQuestion });
			});
			const c = await get(p);
			(changed[p] ??= []).push(c.ms);
			const w = await get(p);
			(warm[p] ??= []).push(w.ms);
			sizes[p] = w.bytes;
		}
	}
	await reader.close();

	const rb = median(rebuilt);
	console.log(`ledger: ${MEETINGS} meetings × ${QUESTIONS} questions → ${rows} rows (seeded in ${seedSeconds.toFixed(0)} s through the command path); ${ROUNDS} rounds, medians; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
	console.log(`  peer: rebuild from the event logs ${rb.toFixed(0)} ms; first ledger.json after start ${first.ms.toFixed(0)} ms`);
	console.log('  request         peer: rebuild+render (ms)   unchanged (ms)  ratio   after a vote (ms)  ratio   size');
	for (const p of paths) {
		const w = median(warm[p]);
		const c = median(changed[p]);
		const r = median(peer[p]);
		console.log(`  ${p.padEnd(15)} ${r.toFixed(0).padStart(25)}   ${w.toFixed(1).padStart(14)}  ${(w / r).toFixed(3)}   ${c.toFixed(1).padStart(17)}  ${(c / r).toFixed(3)}   ${(sizes[p] / 1024).toFixed(0)} KiB`);
	}
	console.log('  (ratio = served time / the peer’s time for the same answer; below 1 is faster than rebuilding from the logs)');
} finally {
	await running.stop();
	rmSync(dir, { recursive: true, force: true });
}
