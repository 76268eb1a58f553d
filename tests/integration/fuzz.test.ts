/**
 * Seeded fuzzing of every way in (issue 9, "never falls over, on any network"): HTTP command bodies,
 * headers, raw request lines, socket.io events over both transports, raw engine.io frames, and Yjs
 * frames on the boards. The seed is fixed (FUZZ_SEED overrides it) and the counts are bounded, so a
 * run is reproducible and short.
 *
 * The server is a real child process (tests/helpers/fuzz-server-main.ts) on SQLite, with a page
 * handler in SvelteKit's place, so a crash is observed instead of taking the test runner down, and
 * its memory is its own. After each batch: the process is alive, GET /healthz answers 200, and its
 * RSS grew by less than RSS_GROWTH_LIMIT. Every reply is checked as it comes: no 5xx but 503
 * `unavailable`; every JSON refusal is `{ ok: false, code }` with the status its code maps to, and
 * every command reply carries `ok`; after every accepted command and every batch, the fuzzed
 * meeting's view and minutes still answer 200 (an accepted command stays in its log for good). A category whose server died restarts it (same data) for the next
 * one, and the death is reported. Failures name the seed, the case and the input.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { ERROR_STATUS, type ErrorCode } from '../../src/lib/shared/errors.js';
import { PROTOCOL_VERSION } from '../../src/lib/shared/protocol.js';
import { LIMITS } from '../../src/lib/shared/schemas.js';
import { SERIES_COMMANDS } from '../../src/lib/shared/series/commands.js';
import { allExamples, exampleCommand, NO_SUCH_ID } from '../helpers/command-examples.js';
import { deepNesting, fuzzSeed, hugeString, mutateCommand, NASTY_STRINGS, randomString, randomValue, Rng } from '../helpers/fuzz.js';
import { rawHttp, startFuzzServer, socketIoBoard, websocketBoard, type BoardTransport, type FuzzServer, type RawResponse } from '../helpers/fuzz-wire.js';
import { createSeries } from '../helpers/series.js';
import { createMeeting, mustCommand } from '../helpers/server.js';

/** Ways to reach a board. The socket.io fallback joins this list with one line when it lands. */
const BOARD_TRANSPORTS: BoardTransport[] = [websocketBoard, socketIoBoard];

const SEED = fuzzSeed();
const COUNTS = {
	httpBodies: 400,
	seriesBodies: 200,
	headers: 200,
	rawLines: 150,
	headVsGet: 0, // fixed list, see below
	socketEvents: 150, // per socket.io transport
	enginePolling: 60,
	engineWebsocket: 80,
	yjsFrames: 60 // per board transport, plus the fixed huge updates
};
const RSS_GROWTH_LIMIT = 400 * 1024 * 1024;
const BATCH = 50;
/** Time for a crash that follows an input (e.g. a late write on a finished response) to happen. */
const SETTLE_MS = 300;
/** A category goes on after this many deaths of the server (each restart costs ~2 s). */
const MAX_DEATHS = 1;

let server: FuzzServer;
let baselineRss = 0;
let m: { id: string; organiserToken: string };
let roomId: string;
let participantLink: string;
let memberToken: string;
let displayToken: string;
let otherToken: string;
let revokedToken: string;
const examples = allExamples().filter((e) => e.example) as { spec: { type: string }; example: Record<string, unknown> }[];
const ran: Record<string, number> = {};

/** A fresh meeting for a category (so a state one category breaks does not fail the next one). */
async function setUpMeeting() {
	m = await createMeeting(server.url);
	roomId = String((await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' })).result!.id);
	participantLink = String((await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'participant' })).result!.token);
	displayToken = String((await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'display' })).result!.token);
	memberToken = String((await mustCommand(server.url, m.id, participantLink, { type: 'member.join', name: 'ファズ 太郎', organisation: '札幌市' })).result!.token);
	const revoked = (await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'organiser' })).result!;
	await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: revoked.id });
	revokedToken = String(revoked.token);
}

beforeAll(async () => {
	server = await startFuzzServer();
	otherToken = (await createMeeting(server.url)).organiserToken;
	baselineRss = server.rss();
}, 90_000);

// A category that killed the server reports it; the next one starts on a fresh process (same data).
beforeEach(async () => {
	if (await server.ensure()) baselineRss = server.rss();
	await setUpMeeting();
}, 90_000);

afterAll(async () => {
	console.log(`fuzz: FUZZ_SEED=${SEED} inputs per category ${JSON.stringify(ran)}`);
	if (server.deaths.length) console.log(`fuzz: the server died ${server.deaths.length} time(s):\n${server.deaths.join('\n---\n')}`);
	await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// Oracles

function preview(input: unknown, max = 300): string {
	let s: string;
	try {
		s = previewRaw(input);
	} catch {
		s = `<${typeof input} too deep to print>`;
	}
	return s === undefined ? String(input) : s.length > max ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)` : JSON.stringify(s);
}

function previewRaw(input: unknown): string {
	return typeof input === 'string' ? input : Buffer.isBuffer(input) || input instanceof Uint8Array ? `<${input.length} bytes ${Buffer.from(input.subarray(0, 24)).toString('hex')}…>` : JSON.stringify(input);
}

/** Collects failures of one category; each names the seed, the case and the input. */
class Findings {
	readonly failures: string[] = [];
	private recent: string[] = [];
	private dead = false;
	private deaths = 0;
	/** True once the meeting stopped rendering was reported (the state stays broken). */
	reportedBroken = false;
	count = 0;

	constructor(readonly category: string) {}

	/** Records that case `i` is about to send `input`. */
	sending(i: number, input: unknown): string {
		this.count++;
		const label = `FUZZ_SEED=${SEED} ${this.category}#${i} input=${preview(input)}`;
		this.recent.push(label);
		if (this.recent.length > 16) this.recent.shift(); // two groups of concurrent cases
		return label;
	}

	fail(label: string, what: string): void {
		this.failures.push(`${label}\n    → ${what}`);
	}

	/**
	 * After a batch: the process is alive, /healthz answers 200, memory is bounded. Answers false when
	 * the server is gone (the category stops there).
	 */
	async batch(): Promise<boolean> {
		if (this.dead) return false;
		await sleep(SETTLE_MS);
		if (!server.alive()) {
			this.dead = true;
			const { stderr } = server.proc.output();
			this.failures.push(
				`FUZZ_SEED=${SEED} ${this.category}: the server process died after one of these inputs:\n    ${this.recent.join('\n    ')}\n    stderr: ${stderr.trim().split('\n').slice(0, 8).join('\n    ')}`
			);
			return false;
		}
		const health = await rawHttp(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 5000);
		if (health.status !== 200) this.failures.push(`FUZZ_SEED=${SEED} ${this.category}: /healthz answered ${health.status || health.error || 'nothing'} after:\n    ${this.recent.join('\n    ')}`);
		const broken = await meetingRenders();
		if (broken && !this.reportedBroken) {
			this.reportedBroken = true;
			this.failures.push(`FUZZ_SEED=${SEED} ${this.category}: ${broken}, after:\n    ${this.recent.join('\n    ')}`);
		}
		const grown = server.rss() - baselineRss;
		if (grown > RSS_GROWTH_LIMIT) this.failures.push(`FUZZ_SEED=${SEED} ${this.category}: RSS grew by ${Math.round(grown / 1048576)} MB after:\n    ${this.recent.join('\n    ')}`);
		return true;
	}

	/**
	 * After a death: starts the server again (same data) so the category goes on, up to MAX_DEATHS
	 * times. Answers false when the category should stop.
	 */
	async revive(): Promise<boolean> {
		if (++this.deaths > MAX_DEATHS) return false;
		await server.ensure();
		baselineRss = server.rss();
		this.dead = false;
		this.recent = [];
		return true;
	}

	/** After a batch of cases: checks, and on a death restarts; false when the category must stop. */
	async checkpoint(): Promise<boolean> {
		return (await this.batch()) || this.revive();
	}

	assert(): void {
		ran[this.category] = this.count;
		expect(this.failures.length, `${this.failures.length} failure(s) (showing 25):\n${this.failures.slice(0, 25).join('\n')}`).toBe(0);
	}
}

interface Reply {
	status: number;
	contentType: string;
	body: string;
}

/**
 * The reply oracle: not a 5xx (but 503 `unavailable`); a JSON refusal is `{ ok: false, code }` with
 * its code's status; a command reply always carries `ok`. engine.io's own replies under /socket.io/
 * are its protocol's (`{"code":1,"message":…}`), so only their status is checked.
 */
function checkReply(r: Reply, opts: { command?: boolean; engine?: boolean } = {}): string | null {
	let json: any;
	const isJson = /application\/json/i.test(r.contentType);
	if (isJson && r.body) {
		try {
			json = JSON.parse(r.body);
		} catch {
			return `status ${r.status}: body is not JSON although content-type says so: ${preview(r.body, 120)}`;
		}
	}
	if (r.status >= 500 && !(r.status === 503 && json?.code === 'unavailable')) return `status ${r.status} ${preview(r.body, 200)}`;
	if (opts.engine) return null;
	// Node's own parser answers malformed requests (400, 431) with no body before the app sees them.
	const fromNode = !r.contentType && !r.body;
	if (opts.command && !isJson && !fromNode) return `command reply is not JSON: ${r.status} ${r.contentType} ${preview(r.body, 120)}`;
	if (!isJson || !r.body) return null;
	if (r.status >= 400) {
		if (json?.ok !== false || typeof json?.code !== 'string') return `refusal ${r.status} without { ok: false, code }: ${preview(r.body, 200)}`;
		const want = ERROR_STATUS[json.code as ErrorCode];
		if (want === undefined) return `unknown refusal code ${json.code}`;
		if (want !== r.status) return `code ${json.code} with status ${r.status}, expected ${want}`;
	} else if (opts.command && typeof json?.ok !== 'boolean') return `command reply without ok: ${preview(r.body, 200)}`;
	return null;
}

/** Null when the fuzzed meeting's view and minutes still answer 200; else what they answered. */
async function meetingRenders(): Promise<string | null> {
	const auth = [`Authorization: Bearer ${m.organiserToken}`];
	for (const path of [`/api/v1/meetings/${m.id}`, `/api/v1/meetings/${m.id}/minutes.md`]) {
		const r = await rawHttp(server.port, request('GET', path, auth), 10_000);
		if (r.status !== 200) return `GET ${path.replace(m.id, ':id')} answers ${r.status || r.error} ${preview(r.body, 80)}`;
	}
	return null;
}

/**
 * Sends one fuzzed request and checks its reply; when it was accepted, `renders` must still answer
 * (reported once, at the input that broke it: every later one inherits the state). Answers the
 * status, `next` after a request that failed, or `stop` when the category cannot go on.
 */
async function sendFuzzed(
	f: Findings,
	label: string,
	url: string,
	init: RequestInit,
	opts: { command: boolean; accepted: (status: number) => boolean; renders: () => Promise<string | null> }
): Promise<number | 'next' | 'stop'> {
	try {
		const res = await fetch(url, init);
		const why = checkReply({ status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }, { command: opts.command });
		if (why) f.fail(label, why);
		if (opts.accepted(res.status) && !f.reportedBroken) {
			const broken = await opts.renders();
			if (broken) {
				f.fail(label, `accepted, and then ${broken}`);
				f.reportedBroken = true;
			}
		}
		return res.status;
	} catch (err) {
		await sleep(SETTLE_MS);
		if (server.alive()) {
			f.fail(label, `request failed: ${(err as Error).cause ?? (err as Error).message}`);
			return 'next';
		}
		return (await f.checkpoint()) ? 'next' : 'stop';
	}
}

/** Null when the series' view, ledger and ministry page still answer 200; else what they answered. */
async function seriesRenders(seriesId: string, token: string): Promise<string | null> {
	for (const path of [`/api/v1/series/${seriesId}`, `/api/v1/series/${seriesId}/ledger.json`, `/api/v1/series/${seriesId}/ledger.csv`]) {
		const r = await rawHttp(server.port, request('GET', path, [`Authorization: Bearer ${token}`]), 10_000);
		if (r.status !== 200) return `GET ${path.replace(seriesId, ':id')} answers ${r.status || r.error} ${preview(r.body, 80)}`;
	}
	return null;
}

/** POSTs `body` with `token`; throws unless it is accepted (set-up steps of a fuzz case). */
async function mustOk(path: string, token: string, body: unknown): Promise<void> {
	const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

const fromRaw = (r: RawResponse): Reply => ({ status: r.status, contentType: r.headers['content-type'] ?? '', body: r.body });

/** A raw HTTP/1.1 request with Host and Connection: close unless given. */
function request(method: string, target: string, headers: string[] = [], body = ''): string {
	const h = [...headers];
	if (!h.some((x) => /^host:/i.test(x))) h.unshift(`Host: 127.0.0.1:${server.port}`);
	if (!h.some((x) => /^connection:/i.test(x))) h.push('Connection: close');
	if (body && !h.some((x) => /^(content-length|transfer-encoding):/i.test(x))) h.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
	return `${method} ${target} HTTP/1.1\r\n${h.join('\r\n')}\r\n\r\n${body}`;
}

/** A Node string as latin1 bytes of its UTF-8 encoding (what a client writes on the wire). */
const wire = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

// ---------------------------------------------------------------------------------------------
// HTTP


/**
 * Sends raw HTTP requests eight at a time and checks every reply: a server that died is left to the
 * checkpoint (after an error, and every 48 requests), a silent answer fails unless the case may hang.
 * `make(i)` builds request `i` when its group is sent, so seeded cases come in the same order.
 */
async function sendRawInGroups(f: Findings, total: number, make: (i: number) => { raw: string; label: string; mayHang?: boolean; check: Parameters<typeof checkReply>[1] }): Promise<void> {
	for (let i = 0; i < total; i += 8) {
		const group = Array.from({ length: Math.min(8, total - i) }, (_, k) => make(i + k));
		const replies = await Promise.all(group.map((c) => rawHttp(server.port, c.raw, c.mayHang ? 1500 : 5000)));
		replies.forEach((r, k) => {
			const c = group[k];
			if (r.error && !server.alive()) return; // the checkpoint reports the death and its inputs
			if (r.timedOut && r.empty && !c.mayHang) return f.fail(c.label, 'no answer within 5 s');
			const why = checkReply(fromRaw(r), c.check);
			if (why) f.fail(c.label, why);
		});
		if ((replies.some((r) => r.error) || (i + 8) % 48 === 0) && !(await f.checkpoint())) break;
	}
}
/**
 * One fuzz case: `body` sends its inputs through `f` with a generator forked from the seed as `fork`;
 * then the last batch is checked (the server alive and healthy) and every failure is reported.
 */
function fuzzIt(name: string, fork: string, category: string, body: (rng: Rng, f: Findings) => Promise<void>): void {
	it(name, async () => {
		const f = new Findings(category);
		await body(new Rng(SEED).fork(fork), f);
		await f.batch();
		f.assert();
	}, 60_000);
}

describe('HTTP', () => {
	fuzzIt('mutated command bodies', 'httpBodies', 'httpBodies', async (rng, f) => {
		const senders = () => [m.organiserToken, memberToken, participantLink, displayToken];
		for (let i = 0; i < COUNTS.httpBodies; i++) {
			const { example } = rng.pick(examples);
			const body = mutateCommand(rng, example, LIMITS.messageBytes);
			const token = rng.pick(senders());
			const label = f.sending(i, `${body.how}: ${body.text}`);
			const init = { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body.text };
			// An accepted command must leave a meeting that still renders (its log is replayed forever).
			const sent = await sendFuzzed(f, label, `${server.url}/api/v1/meetings/${m.id}/commands`, init, { command: true, accepted: (st) => st === 200, renders: meetingRenders });
			if (sent === 'stop') break;
			if (sent === 'next') continue;
			if ((i + 1) % BATCH === 0 && !(await f.checkpoint())) break;
		}
		// A polluted Object.prototype in the server would show on every view; it must not.
		if (!server.alive()) return; // the batch reports the death
		const view = await fetch(`${server.url}/api/v1/meetings/${m.id}`, { headers: { authorization: `Bearer ${m.organiserToken}` } }).then((r) => r.text());
		if (/"polluted"/.test(view)) f.fail(`FUZZ_SEED=${SEED} httpBodies`, 'a prototype key reached the state');
	});

	fuzzIt('mutated series bodies: a new series, its next meeting, its commands', 'seriesBodies', 'seriesBodies', async (rng, f) => {
		// A series holding the fuzzed meeting, with one question on its ledger, so real ids are in reach.
		const s = await createSeries(server.url);
		await mustOk(`/api/v1/series/${s.id}/meetings`, s.organiserToken, { meetingToken: m.organiserToken, region: '北海道' });
		const questionId = String((await mustCommand(server.url, m.id, memberToken, { type: 'question.ask', text: '住居確保給付金の再支給について' })).result!.id);
		const rowId = `${m.id}.${questionId}`;
		const session = (await fetch(`${server.url}/j/${encodeURIComponent(m.organiserToken)}`, { redirect: 'manual' })).headers.getSetCookie()[0]?.split(';')[0] ?? '';
		const real = (v: unknown) => (v === NO_SUCH_ID ? m.id : v === `${NO_SUCH_ID}.${NO_SUCH_ID}` ? rowId : v);
		const commandExamples = SERIES_COMMANDS.map((spec) => Object.fromEntries(Object.entries(exampleCommand(spec as never)).map(([k, v]) => [k, rng.bool(0.8) ? real(v) : v])));
		const targets: { path: string; examples: Record<string, unknown>[]; command: boolean }[] = [
			{ path: '/api/v1/series', examples: [{ title: '連続開催', ministryLabel: '生活困窮者自立支援室' }, { title: '連続開催', meetingId: m.id, region: '東北' }], command: false },
			{
				path: `/api/v1/series/${s.id}/meetings`,
				examples: [{ title: '第2回', startsAt: '2021-07-02T14:00:00+09:00', region: '九州', copy: { programme: true, rooms: false, roster: true }, carry: true }, { meetingToken: otherToken }, { meetingId: m.id }],
				command: false
			},
			{ path: `/api/v1/series/${s.id}/commands`, examples: commandExamples, command: true }
		];
		// Mostly the series' own links, so mutated bodies reach the commands' decisions.
		const tokens = [s.organiserToken, s.organiserToken, s.organiserToken, s.ministryToken, s.ministryToken, m.organiserToken, revokedToken, ''];
		// Creations pay from this client's allowance (20 at once), which the next categories' meetings need.
		let creationsLeft = 6;
		for (let i = 0; i < COUNTS.seriesBodies; i++) {
			const target = rng.pick(creationsLeft > 0 ? targets : targets.filter((t) => t.command));
			const body = mutateCommand(rng, rng.pick(target.examples), LIMITS.messageBytes);
			const token = rng.pick(tokens);
			const cookie = rng.bool(0.3) ? session : '';
			const label = f.sending(i, `${target.path.replace(s.id, ':id')} ${token ? 'token' : 'no token'}${cookie ? ' +session' : ''} ${body.how}: ${body.text}`);
			const init = {
				method: 'POST',
				headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(cookie ? { cookie, origin: server.url } : {}), 'content-type': 'application/json' },
				body: body.text
			};
			const sent = await sendFuzzed(f, label, `${server.url}${target.path}`, init, { command: target.command, accepted: (st) => st < 300, renders: () => seriesRenders(s.id, s.organiserToken) });
			if (sent === 'stop') break;
			if (sent === 'next') continue;
			if (sent === 201) creationsLeft--;
			if ((i + 1) % BATCH === 0 && !(await f.checkpoint())) break;
		}
	});

	fuzzIt('hostile headers (raw TCP)', 'headers', 'headers', async (rng, f) => {
		await sendRawInGroups(f, COUNTS.headers, (i) => {
			const c = headerCase(rng);
			return { raw: c.raw, label: f.sending(i, `${c.how}: ${c.raw}`), mayHang: c.mayHang, check: { command: c.command, engine: c.engine } };
		});
	});

	fuzzIt('raw request lines: odd methods, targets and versions', 'rawLines', 'rawLines', async (rng, f) => {
		const lines = [...fixedRequestLines(), ...Array.from({ length: COUNTS.rawLines }, () => randomRequestLine(rng))];
		await sendRawInGroups(f, lines.length, (i) => ({
			raw: `${lines[i]}\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
			label: f.sending(i, lines[i]),
			check: { engine: /^\S+ \/socket\.io\//.test(lines[i]) }
		}));
	});

	fuzzIt('HEAD answers what GET answers, without a body', 'headVsGet', 'headVsGet', async (_rng, f) => {
		const auth = [`Authorization: Bearer ${m.organiserToken}`];
		const targets: [string, string[]][] = [
			['/healthz', []],
			['/api/v1/config', []],
			[`/api/v1/meetings/${m.id}`, auth],
			[`/api/v1/meetings/${m.id}`, []],
			[`/api/v1/meetings/${m.id}/rooms/${roomId}/notes`, auth],
			[`/api/v1/meetings/${m.id}/minutes.md`, auth],
			[`/j/${participantLink}`, []],
			[`/j/${m.organiserToken}`, []],
			['/j/not-a-token', []],
			['/', []],
			['/no/such/page', []]
		];
		for (const [i, [target, headers]] of targets.entries()) {
			const label = f.sending(i, `HEAD vs GET ${target}`);
			const get = await rawHttp(server.port, request('GET', target, headers));
			const head = await rawHttp(server.port, request('HEAD', target, headers));
			if (head.status !== get.status) f.fail(label, `HEAD answered ${head.status || head.error}, GET answered ${get.status || get.error}`);
			else if (head.body.length) f.fail(label, `HEAD answered a body of ${head.body.length} bytes`);
			const why = checkReply(fromRaw(head)) ?? checkReply(fromRaw(get));
			if (why) f.fail(label, why);
		}
	});
});

interface HeaderCase {
	raw: string;
	how: string;
	/** True when the body is shorter than declared, so the server may rightly wait for the rest. */
	mayHang: boolean;
	command: boolean;
	/** engine.io answers its own path with its own JSON. */
	engine: boolean;
}

function headerCase(rng: Rng): HeaderCase {
	const validCommand = JSON.stringify({ type: 'summary.theme.add', text: 'テーマ' });
	const targets: [string, string, string, boolean][] = [
		['GET', '/healthz', '', false],
		['GET', `/api/v1/meetings/${m.id}`, '', false],
		['POST', `/api/v1/meetings/${m.id}/commands`, validCommand, true],
		['GET', `/j/${participantLink}`, '', false],
		['POST', '/api/v1/meetings', JSON.stringify({ title: 'ファズ', startsAt: '2021-06-04T14:00:00+09:00' }), false],
		['GET', `/api/v1/meetings/${m.id}/rooms/${roomId}/notes`, '', false],
		['POST', `/api/v1/meetings/${m.id}/rooms/${roomId}/notes/comments`, JSON.stringify({ text: 'コメント' }), false],
		['GET', `/api/v1/meetings/${m.id}/minutes.md`, '', false],
		['GET', `/api/v1/meetings/${m.id}/next.ics`, '', false],
		['GET', '/socket.io/?EIO=4&transport=websocket', '', false],
		['GET', `/yjs/${m.id}/room/${roomId}`, '', false]
	];
	const [method, target, body, command] = rng.pick(targets);
	const cookie = (name: string) => `yoriai_${name}_${m.id}`;
	const headers: string[] = [];
	const hows: string[] = [];
	let mayHang = false;
	let sendBody = body;
	if (rng.bool(0.7)) headers.push(`Authorization: Bearer ${m.organiserToken}`);
	for (let n = rng.range(1, 3); n > 0; n--) {
		const kind = rng.int(12);
		switch (kind) {
			case 0: {
				const v = rng.pick([
					'',
					'Bearer',
					'Bearer ',
					`Bearer ${m.organiserToken} extra`,
					`bearer ${m.organiserToken}`,
					`BEARER\t${m.organiserToken}`,
					`Basic ${Buffer.from('a:b').toString('base64')}`,
					`Bearer ${'x'.repeat(rng.pick([201, 5000, 15000]))}`,
					`Bearer ${otherToken}`,
					`Bearer ${revokedToken}`,
					`Bearer ${m.organiserToken}\u0000`,
					`Bearer ${wire(randomString(rng, 30))}`,
					`Bearer ${displayToken}`
				]);
				headers.unshift(`Authorization: ${v}`);
				hows.push(`authorization ${preview(v, 60)}`);
				break;
			}
			case 1: {
				const v = rng.pick([
					`${cookie('organiser')}=garbage`,
					`${cookie('organiser')}=${m.organiserToken}.forged`,
					`${cookie('organiser')}=%E0%A4%A`,
					`${cookie('participant')}=${encodeURIComponent(participantLink)}`,
					';;;;=;=;',
					'__proto__=1; constructor=2; toString=3',
					`${cookie('__proto__')}=x`,
					`a=${'x'.repeat(rng.pick([4000, 15000]))}`,
					Array.from({ length: 500 }, (_, k) => `k${k}=v`).join('; '),
					wire(`${cookie('organiser')}=${randomString(rng, 40)}`)
				]);
				headers.push(`Cookie: ${v}`);
				hows.push(`cookie ${preview(v, 60)}`);
				break;
			}
			case 2: {
				const v = rng.pick(['null', 'http://evil.example', `http://127.0.0.1:${server.port}`, 'http://127.0.0.1:1', '', 'file://', `http://${'a'.repeat(3000)}`, wire('http://例え.テスト')]);
				headers.push(`Origin: ${v}`);
				hows.push(`origin ${preview(v, 60)}`);
				break;
			}
			case 3: {
				const v = rng.pick(['-1', 'abc', '99999999999', '0', '1, 2', ' 5 ', '1e3', '18446744073709551617', String(Buffer.byteLength(sendBody) + 10)]);
				headers.push(`Content-Length: ${v}`);
				if (rng.bool(0.3)) headers.push(`Content-Length: ${Buffer.byteLength(sendBody)}`);
				hows.push(`content-length ${v}`);
				mayHang = true;
				break;
			}
			case 4: {
				const v = rng.pick(['chunked', 'gzip', 'chunked, identity', 'identity']);
				headers.push(`Transfer-Encoding: ${v}`);
				if (v.includes('chunked') && rng.bool()) sendBody = rng.pick(['zz\r\nxx\r\n0\r\n\r\n', `${Buffer.byteLength(sendBody).toString(16)}\r\n${sendBody}\r\n0\r\n\r\n`, 'ffffffffffffffff\r\n']);
				hows.push(`transfer-encoding ${v}`);
				mayHang = true;
				break;
			}
			case 5: {
				const v = rng.pick(['text/plain', 'application/json; charset=shift_jis', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'x'.repeat(3000), '']);
				headers.push(`Content-Type: ${v}`);
				hows.push(`content-type ${preview(v, 40)}`);
				break;
			}
			case 6: {
				const v = rng.pick(['', 'evil.example', '[::1', 'a'.repeat(3000), '127.0.0.1:99999', `127.0.0.1:${server.port}\r\nHost: evil.example`]);
				headers.unshift(`Host: ${v}`);
				hows.push(`host ${preview(v, 40)}`);
				break;
			}
			case 7: {
				const v = rng.pick(['https', 'javascript', 'http, https', '']);
				headers.push(`X-Forwarded-Proto: ${v}`, `X-Forwarded-For: ${rng.pick(['1.2.3.4', 'unknown', '::1, ::ffff:1.2.3.4', '', 'x'.repeat(1000)])}`);
				hows.push(`x-forwarded-proto ${v}`);
				break;
			}
			case 8: {
				const n = rng.pick([8000, 17_000, 70_000]);
				headers.push(`X-Big: ${'x'.repeat(n)}`);
				hows.push(`header of ${n} bytes`);
				break;
			}
			case 9: {
				const n = rng.pick([200, 2500]);
				for (let k = 0; k < n; k++) headers.push(`X-H${k}: ${k}`);
				hows.push(`${n} headers`);
				break;
			}
			case 10: {
				const v = rng.pick(['\xff\xfe\xfd', '\u0000', ' leading space', 'a\tb', wire('日本語')]);
				headers.push(`${rng.pick(['X-Odd', 'Accept-Language', 'User-Agent', 'If-None-Match'])}: ${v}`);
				hows.push(`odd header value ${preview(v, 20)}`);
				break;
			}
			default: {
				const name = rng.pick(['Bad Header', ':authority', 'X-Ümlaut', '', 'X-\u0000']);
				headers.push(`${wire(name)}: x`);
				hows.push(`bad header name ${preview(name, 20)}`);
			}
		}
	}
	if (sendBody && !headers.some((h) => /^(content-length|transfer-encoding):/i.test(h))) headers.push(`Content-Length: ${Buffer.byteLength(sendBody)}`);
	if (sendBody && !headers.some((h) => /^content-type:/i.test(h))) headers.push('Content-Type: application/json');
	return { raw: request(method, target, headers, wire(sendBody)), how: `${method} ${target} with ${hows.join(', ')}`, mayHang, command, engine: target.startsWith('/socket.io/') };
}

function fixedRequestLines(): string[] {
	return [
		'GET /\\evil%2500 HTTP/1.1',
		'GET /\\\\evil HTTP/1.1',
		'GET http://[::1/ HTTP/1.1',
		'GET http://[::1]/healthz HTTP/1.1',
		'GET http://evil.example/healthz HTTP/1.1',
		'GET //evil.example/ HTTP/1.1',
		'GET * HTTP/1.1',
		'OPTIONS * HTTP/1.1',
		'CONNECT 127.0.0.1:22 HTTP/1.1',
		'GET /% HTTP/1.1',
		'GET /j/% HTTP/1.1',
		'GET /j/%ff%fe HTTP/1.1',
		`HEAD /j/${participantLink} HTTP/1.1`,
		`GET /j/${participantLink}/../../etc/passwd HTTP/1.1`,
		'GET /socket.io/?EIO=4&transport=polling HTTP/1.1',
		'GET /socket.io/?EIO=3&transport=polling HTTP/1.1',
		'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
		'GET /socket.io/?EIO=4&transport=unknown HTTP/1.1',
		'POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1',
		'GET /socket.io/socket.io.js HTTP/1.1',
		`GET /yjs/${m.id}/room/${roomId} HTTP/1.1`,
		'GET /api/v1/../../etc/passwd HTTP/1.1',
		'GET /api/v1/meetings/%2e%2e%2f%2e%2e HTTP/1.1',
		`GET /api/v1/meetings/${m.id}?as=__proto__&as=constructor HTTP/1.1`,
		`GET /api/v1/meetings/${m.id}/rooms/${'r'.repeat(65)}/notes HTTP/1.1`,
		`GET /${'a/'.repeat(3000)} HTTP/1.1`,
		`GET /?${'a=1&'.repeat(3000)} HTTP/1.1`,
		'GET /healthz?%zz HTTP/1.1',
		'GET /healthz#frag HTTP/1.1',
		'GET /\u0000 HTTP/1.1',
		'GET / HTTP/0.9',
		'GET / HTTP/2.0',
		'GET / HTTP/1.1 extra',
		'GET /',
		'',
		'PRI * HTTP/2.0',
		'BREW /coffee HTCPCP/1.0',
		`${'A'.repeat(2000)} / HTTP/1.1`,
		'get /healthz HTTP/1.1',
		'DELETE /api/v1/meetings HTTP/1.1',
		'TRACE / HTTP/1.1',
		'PROPFIND / HTTP/1.1'
	];
}

function randomRequestLine(rng: Rng): string {
	const method = rng.pick(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'CONNECT', 'GETT', 'M-SEARCH', 'LINK', 'PURGE', wire('GÉT'), 'A'.repeat(rng.range(1, 300)), '']);
	const prefix = rng.pick(['/', '/api/v1/', `/api/v1/meetings/${m.id}/`, '/j/', '/socket.io/', `/yjs/${m.id}/`, '//', '\\', 'http://127.0.0.1/', '*', '']);
	const segs = Array.from({ length: rng.range(0, 4) }, () => {
		const s = randomString(rng, 20);
		let encoded: string;
		try {
			encoded = encodeURIComponent(s);
		} catch {
			encoded = '%ED%A0%80'; // a lone surrogate, as UTF-8 bytes
		}
		return rng.pick([encoded, wire(s), s.replace(/[^\x21-\x7e]/g, '%'), '%25' + s.length, '..', '%2e%2e', '%00']);
	});
	let target = prefix + segs.join(rng.pick(['/', '\\', '%2f', '//']));
	if (rng.bool(0.3)) target += '?' + rng.pick(['EIO=4&transport=polling', 'token=' + m.organiserToken, `as=${rng.pick(NASTY_STRINGS)}`, '%', '&&&', 'a'.repeat(500)]);
	const version = rng.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'HTTP/9.9', 'http/1.1', 'HTTP/1.1 ', '']);
	return `${method} ${target} ${version}`.replace(/\r|\n/g, '');
}

// ---------------------------------------------------------------------------------------------
// socket.io

const SOCKET_TRANSPORTS: { name: string; opts: Record<string, unknown> }[] = [
	{ name: 'websocket', opts: { transports: ['websocket'] } },
	{ name: 'polling first (default options)', opts: {} }
];

function openSocket(opts: Record<string, unknown>, token: string): Promise<Socket | string> {
	return new Promise((resolve) => {
		const s = io(server.url, { ...opts, reconnection: false, forceNew: true, timeout: 5000, auth: { meetingId: m.id, token, protocol: PROTOCOL_VERSION } });
		const timer = setTimeout(() => {
			s.close();
			resolve('no view within 5 s');
		}, 5000);
		s.once('view', () => {
			clearTimeout(timer);
			resolve(s);
		});
		s.once('connect_error', (err: Error & { data?: { code?: string } }) => {
			clearTimeout(timer);
			s.close();
			resolve(`connect_error ${err.data?.code ?? err.message}`);
		});
	});
}

describe('socket.io events', () => {
	for (const transport of SOCKET_TRANSPORTS) {
		fuzzIt(`random events and payloads over ${transport.name}`, `socket:${transport.name}`, `socketEvents(${transport.name})`, async (rng, f) => {
			let socket: Socket | null = null;
			const token = () => rng.pick([m.organiserToken, memberToken, participantLink]);
			for (let i = 0; i < COUNTS.socketEvents; i++) {
				if (!socket?.connected) {
					socket?.close();
					const s = await openSocket(transport.opts, token());
					if (typeof s === 'string') {
						f.fail(f.sending(i, `connect over ${transport.name}`), s);
						if (!(await f.checkpoint())) break;
						continue;
					}
					socket = s;
				}
				const raw = socket as unknown as { emit(ev: string, ...a: unknown[]): void; timeout(ms: number): { emitWithAck(ev: string, ...a: unknown[]): Promise<any> } };
				const kind = rng.int(8);
				const ackWait = 3000;
				if (kind <= 2) {
					const { example } = rng.pick(examples);
					const body = mutateCommand(rng, example, LIMITS.messageBytes);
					let payload: unknown = body.text;
					try {
						payload = JSON.parse(body.text);
						JSON.stringify(payload); // too deep for this client to encode: send the text instead
					} catch {
						payload = body.text;
					}
					const label = f.sending(i, { event: 'command', how: body.how, payload: preview(payload, 200) });
					let big = true;
					try {
						big = Buffer.byteLength(JSON.stringify(payload)) > LIMITS.messageBytes - 100;
					} catch {
						/* too deep to measure: treat as over the limit */
					}
					try {
						const reply = await raw.timeout(ackWait).emitWithAck('command', payload);
						if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') f.fail(label, `ack is not a reply: ${preview(reply)}`);
						else if (!reply.ok && typeof reply.code !== 'string') f.fail(label, `refusal without code: ${preview(reply)}`);
						else if (!reply.ok && reply.code === 'internal') f.fail(label, `internal error: ${preview(reply)}`);
					} catch (err) {
						// Only a message over the size limit may go unanswered (the server drops that socket).
						if (err instanceof RangeError) continue; // the client could not encode it: nothing was sent
						if (!big) f.fail(label, `no ack within ${ackWait} ms (connected: ${socket.connected})`);
					}
				} else if (kind === 3) {
					const args = rng.bool() ? [] : [randomValue(rng, 2)];
					const label = f.sending(i, { event: 'clock.ping', args });
					try {
						const reply = await raw.timeout(args.length ? 150 : ackWait).emitWithAck('clock.ping', ...args);
						if (typeof reply !== 'number') f.fail(label, `clock.ping answered ${preview(reply)}`);
					} catch {
						// With an argument before the ack the server sees no ack function: silence is right.
						if (!args.length) f.fail(label, 'clock.ping: no ack');
					}
				} else if (kind === 4) {
					const event = rng.pick(['resync', 'plenary.sync']);
					const args = rng.bool(0.7) ? [] : [randomValue(rng, 2)];
					const label = f.sending(i, { event, args });
					try {
						const reply = await raw.timeout(args.length ? 150 : ackWait).emitWithAck(event, ...args);
						const isRefusal = reply && reply.ok === false;
						if (isRefusal && typeof reply.code !== 'string') f.fail(label, `refusal without code: ${preview(reply)}`);
						if (!isRefusal && (typeof reply !== 'object' || reply === null)) f.fail(label, `${event} answered ${preview(reply)}`);
						if (event === 'resync' && !isRefusal && !reply?.state) f.fail(label, `resync answered no view: ${preview(reply, 100)}`);
					} catch {
						if (!args.length) f.fail(label, `${event}: no ack`);
					}
				} else if (kind === 5) {
					// Fire and forget: known events without an ack, and with junk where the ack goes.
					const event = rng.pick(['command', 'clock.ping', 'resync', 'plenary.sync']);
					const args = Array.from({ length: rng.int(3) }, () => randomValue(rng, 2));
					f.sending(i, { event, args, ack: false });
					raw.emit(event, ...args);
				} else {
					const event = rng.pick([randomString(rng, 30) || 'x', 'connect', 'disconnect', 'error', 'newListener', '__proto__', 'constructor', 'hasOwnProperty', 'view', 'events', 'revoked']);
					const args = Array.from({ length: rng.int(3) }, () => randomValue(rng, 3));
					const withAck = rng.bool();
					const label = f.sending(i, { event, args, withAck });
					if (['connect', 'disconnect', 'error', 'newListener', 'connect_error', 'disconnecting', 'removeListener'].includes(event)) {
						// socket.io-client refuses to emit reserved names; that is the client, not the server.
						continue;
					}
					if (withAck) await raw.timeout(100).emitWithAck(event, ...args).then(
						(reply) => f.fail(label, `unknown event answered ${preview(reply)}`),
						() => undefined
					);
					else raw.emit(event, ...args);
				}
				if ((i + 1) % BATCH === 0 && !(await f.checkpoint())) break;
			}
			// Still serving on this transport: a fresh socket connects and runs a command.
			if (server.alive()) {
				const s = await openSocket(transport.opts, m.organiserToken);
				if (typeof s === 'string') f.fail(`FUZZ_SEED=${SEED} socketEvents(${transport.name}): final connect`, s);
				else {
					const reply = await s.timeout(5000).emitWithAck('clock.ping').catch(() => null);
					if (typeof reply !== 'number') f.fail(`FUZZ_SEED=${SEED} socketEvents(${transport.name}): final clock.ping`, `answered ${preview(reply)}`);
					s.close();
				}
			}
			socket?.close();
		});
	}
});

// ---------------------------------------------------------------------------------------------
// engine.io

/** Random engine.io / socket.io packet text (or not). */
function engineGarbage(rng: Rng): string {
	return rng.pick([
		() => randomString(rng, 60),
		() => `${rng.int(10)}${randomString(rng, 40)}`,
		() => `40${JSON.stringify(randomValue(rng, 2))}`,
		() => `40{"meetingId":"${m.id}","token":"${m.organiserToken}","protocol":${PROTOCOL_VERSION}}`,
		() => `42${JSON.stringify(['command', randomValue(rng, 2)])}`,
		() => `421${JSON.stringify(['clock.ping'])}`,
		() => `43${rng.int(1000)}${JSON.stringify([randomValue(rng, 1)])}`,
		() => `45${rng.range(0, 5)}-${JSON.stringify(['command', { _placeholder: true, num: rng.int(5) }])}`,
		() => `b${Buffer.from(rng.bytes(rng.int(64))).toString('base64')}`,
		() => Array.from({ length: rng.range(2, 6) }, () => `4${randomString(rng, 10)}`).join('\x1e'),
		() => '2probe',
		() => '5',
		() => '6',
		() => '1',
		() => `42${deepNesting(rng, 2000)}`,
		() => hugeString(rng, rng.pick([1000, LIMITS.messageBytes + 10]))
	])();
}

describe('engine.io frames', () => {
	fuzzIt('polling: garbage POST bodies on a session, and on no session', 'enginePolling', 'enginePolling', async (rng, f) => {
		let sid: string | null = null;
		for (let i = 0; i < COUNTS.enginePolling; i++) {
			if (!sid) {
				const label = f.sending(i, 'GET /socket.io/?EIO=4&transport=polling (no auth)');
				const r = await rawHttp(server.port, request('GET', '/socket.io/?EIO=4&transport=polling'));
				const why = checkReply(fromRaw(r), { engine: true });
				if (why) f.fail(label, why);
				sid = /"sid":"([^"]+)"/.exec(r.body)?.[1] ?? null;
				if (!sid) {
					f.fail(label, `no engine.io session: ${r.status || r.error} ${preview(r.body, 100)}`);
					if (!(await f.checkpoint())) break;
					continue;
				}
				const pid = server.proc.pid;
				if (!(await f.checkpoint())) break;
				if (server.proc.pid !== pid) {
					sid = null; // died after the handshake: that session is gone
					continue;
				}
			}
			const body = engineGarbage(rng);
			const query = rng.bool(0.85) ? `sid=${sid}` : rng.pick(['sid=nope', `sid=${sid}&EIO=3`, '', `sid=${sid}&sid=x`]);
			const label = f.sending(i, `POST polling ${query}: ${body}`);
			const r = await rawHttp(server.port, request('POST', `/socket.io/?EIO=4&transport=polling&${query}`, ['Content-Type: text/plain;charset=UTF-8'], wire(body)));
			if (r.error && !server.alive()) {
				if (!(await f.checkpoint())) break;
				sid = null;
				continue;
			}
			const why = checkReply(fromRaw(r), { engine: true });
			if (why) f.fail(label, why);
			if (r.status !== 200) sid = null; // the session is gone (or never was): start another
			if ((i + 1) % 20 === 0 && !(await f.checkpoint())) break;
		}
	});

	fuzzIt('websocket: garbage frames on /socket.io/?EIO=4&transport=websocket', 'engineWebsocket', 'engineWebsocket', async (rng, f) => {
		let ws: WebSocket | null = null;
		for (let i = 0; i < COUNTS.engineWebsocket; i++) {
			if (!ws || ws.readyState !== WebSocket.OPEN) {
				ws?.terminate();
				const opened = await new Promise<WebSocket | string>((resolve) => {
					const w = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
					w.once('open', () => resolve(w));
					w.once('unexpected-response', (_q, res) => resolve(`upgrade refused ${res.statusCode}`));
					w.once('error', (err) => resolve(`error ${err.message}`));
				});
				if (typeof opened === 'string') {
					f.fail(f.sending(i, 'open engine.io websocket'), opened);
					if (!(await f.checkpoint())) break;
					continue;
				}
				ws = opened;
				ws.on('error', () => undefined);
			}
			const binary = rng.bool(0.25);
			const frame = binary ? Buffer.from(rng.bytes(rng.int(200))) : engineGarbage(rng);
			f.sending(i, binary ? frame : `text ${frame}`);
			ws.send(frame, { binary });
			if (rng.bool(0.2)) await sleep(20);
			if ((i + 1) % 20 === 0 && !(await f.checkpoint())) break;
		}
		ws?.terminate();
	});
});

// ---------------------------------------------------------------------------------------------
// Yjs boards

const MSG_SYNC = 0;
const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
	const e = encoding.createEncoder();
	for (const p of parts) p(e);
	return encoding.toUint8Array(e);
};
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const isStep2 = (msg: Uint8Array) => msg[0] === MSG_SYNC && msg[1] === 1;
/** Our probe: sync step 1 with an empty state vector; the server answers step 2 unless it closed. */
const PROBE = frame(uint(MSG_SYNC), uint(0), bytes(Y.encodeStateVector(new Y.Doc())));

/** A valid Yjs update inserting `text` at the start of a board's `text`. */
function insertUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

interface YjsCase {
	how: string;
	/** The frame as bytes, or a text frame. */
	data: Uint8Array | string;
	/** What must happen: the connection stays and answers the probe, closes with one of these codes, or either. */
	expect: 'stays' | number[] | 'any';
}

function yjsCase(rng: Rng): YjsCase {
	const garbage = () => rng.bytes(rng.int(80));
	switch (rng.int(11)) {
		case 0:
			return { how: 'random bytes', data: garbage(), expect: 'any' };
		case 1:
			return { how: 'truncated varint', data: new Uint8Array(rng.pick([[0x80], [0xff, 0xff], [0, 0x80, 0x80], [0, 0, 0xff, 0xff, 0xff, 0xff, 0x7f], [0, 2, 0x85], [1, 0xff], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]])), expect: [1007] };
		case 2:
			return { how: 'sync step 1 with a garbage state vector', data: frame(uint(MSG_SYNC), uint(0), bytes(garbage())), expect: 'any' };
		case 3:
			return { how: 'sync update of garbage', data: frame(uint(MSG_SYNC), uint(2), bytes(new Uint8Array([0xff, ...garbage()]))), expect: 'any' };
		case 4:
			return { how: 'text frame', data: rng.pick([randomString(rng, 40) || 'x', '{"type":"sync"}', hugeString(rng, 5000)]), expect: [1003] };
		case 5:
			return { how: 'unknown message type', data: frame(uint(rng.range(4, 2 ** 31)), bytes(garbage())), expect: [1007] };
		case 6:
			return { how: 'awareness of garbage', data: frame(uint(1), bytes(garbage())), expect: 'any' };
		case 7: {
			// An awareness update whose state is not JSON, or is huge.
			const state = rng.pick(['{', 'null', JSON.stringify({ user: { name: randomString(rng) } }), JSON.stringify({ name: 'x'.repeat(100_000) })]);
			const upd = frame(uint(1), uint(rng.int(2 ** 30)), uint(rng.int(10)), (e) => encoding.writeVarString(e, state));
			return { how: `awareness state ${preview(state, 40)}`, data: frame(uint(1), bytes(upd)), expect: 'any' };
		}
		case 8:
			return { how: 'valid small update', data: frame(uint(MSG_SYNC), uint(2), bytes(insertUpdate(randomString(rng, 30) || 'x'))), expect: 'stays' };
		case 9:
			return { how: 'auth message (ignored)', data: frame(uint(2), bytes(garbage())), expect: 'stays' };
		default:
			return { how: 'sync step 2 with an empty update', data: frame(uint(MSG_SYNC), uint(1), bytes(new Uint8Array([0, 0]))), expect: 'stays' };
	}
}

describe('Yjs frames', () => {
	for (const transport of BOARD_TRANSPORTS) {
		fuzzIt(`garbage, truncated, text and huge frames on a room board over ${transport.name}`, `yjs:${transport.name}`, `yjsFrames(${transport.name})`, async (rng, f) => {
			const marker = `巨大な更新-${SEED}-`;
			const huge: YjsCase[] = [
				{ how: 'valid update of 300 KB', data: frame(uint(MSG_SYNC), uint(2), bytes(insertUpdate(marker + 'あ'.repeat(100_000)))), expect: 'stays' },
				// Fits a message, but not the board (MAX_BOARD_BYTES): refused whole, the board unchanged.
				{ how: 'valid update just under the message limit', data: frame(uint(MSG_SYNC), uint(2), bytes(insertUpdate(marker + 'x'.repeat(LIMITS.yjsMessageBytes - 1000)))), expect: [1009] },
				{ how: 'valid update over the limit', data: frame(uint(MSG_SYNC), uint(2), bytes(insertUpdate('y'.repeat(LIMITS.yjsMessageBytes + 10)))), expect: [1009] },
				{ how: 'frame far over the limit', data: new Uint8Array(LIMITS.yjsMessageBytes + 128 * 1024), expect: [transport.oversizeClose] }
			];
			// Each transport on a board of its own: the 300 KB update must fit each time.
			const roomId = String((await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: `ルーム ${transport.name}` })).result!.id);
			const cases = [...Array.from({ length: COUNTS.yjsFrames }, () => yjsCase(rng)), ...huge];
			for (const [i, c] of cases.entries()) {
				const label = f.sending(i, `${c.how}: ${preview(c.data, 80)}`);
				let peer;
				try {
					peer = await transport.open(server.url, m.id, roomId, m.organiserToken);
				} catch (err) {
					f.fail(label, `could not open the board: ${(err as Error).message}`);
					if (!(await f.checkpoint())) break;
					continue;
				}
				if (typeof c.data === 'string') {
					if (!peer.sendText) {
						peer.close(); // this transport has no text frames
						continue;
					}
					peer.sendText(c.data);
				}
				else peer.sendBinary(c.data);
				peer.sendBinary(PROBE);
				const answer = await peer.waitFor(isStep2, 5000);
				if (answer === 'timeout') f.fail(label, 'neither answered the probe nor closed within 5 s');
				else if (answer === 'closed') {
					const { code } = await peer.closed;
					if (c.expect === 'stays') f.fail(label, `closed with ${code}; a valid frame must keep the connection`);
					else if (Array.isArray(c.expect) && !c.expect.includes(code)) f.fail(label, `closed with ${code}, expected ${c.expect.join(' or ')}`);
					else if (![1003, 1007, 1009, transport.oversizeClose].includes(code)) f.fail(label, `closed with ${code}, not one of the protocol's codes (1003, 1007, 1009)`);
				} else if (Array.isArray(c.expect)) f.fail(label, `stayed open, expected a close with ${c.expect.join(' or ')}`);
				peer.close();
				if ((i + 1) % 20 === 0 && !(await f.checkpoint())) break;
			}
			// The update that fits reached the board, the one that does not never did, and the notes API still reads it.
			if (server.alive()) {
				const notes = await fetch(`${server.url}/api/v1/meetings/${m.id}/rooms/${roomId}/notes`, { headers: { authorization: `Bearer ${m.organiserToken}` } });
				const body = (await notes.json().catch(() => null)) as { text?: string } | null;
				const found = body?.text?.split(marker).length ?? 0;
				if (notes.status !== 200 || found - 1 !== 1) f.fail(`FUZZ_SEED=${SEED} yjsFrames(${transport.name}): notes`, `status ${notes.status}, the board holds ${Math.max(found - 1, 0)} of the huge updates; only the one that fits the board belongs there`);
			}
		});
	}
});
