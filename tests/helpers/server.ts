/**
 * Real Yoriai servers for integration tests, and small clients for them: the HTTP API (fetch),
 * socket.io-client, and server child processes for restart, crash and multi-instance tests.
 * Nothing here mocks the server: every helper talks to it over its real ports. The lifecycle helpers
 * (`serverForSuite`, `teardownEach`, `teardownAll`) register vitest hooks, so call them at a file's or a
 * `describe`'s top level.
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { readConfig } from '../../server/config.js';
import { startYoriai, type PageHandler, type Running } from '../../server/start.js';
import { createLogger } from '../../server/log.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type CommandReply, type EventBatch, type ServerToClientEvents, type SessionView } from '../../src/lib/shared/protocol.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';

/** Repository root (where package.json and node_modules are). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh temporary directory; removed by the caller (or the server helper that created it). */
export function tempDir(prefix = 'yoriai-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

// ---------------------------------------------------------------------------------------------
// Teardown

/** Collects closers and runs them in reverse order; a failing closer does not stop the others. */
export class Teardown {
	private closers: (() => unknown)[] = [];

	/** Registers `fn` and returns `value`, so `const s = t.add(await startX(), (s) => s.stop())`. */
	add<T>(value: T, close: (value: T) => unknown): T {
		this.closers.push(() => close(value));
		return value;
	}

	async run(): Promise<void> {
		const errors: unknown[] = [];
		while (this.closers.length) {
			const close = this.closers.pop()!;
			try {
				await close();
			} catch (err) {
				errors.push(err);
			}
		}
		if (errors.length) throw errors[0];
	}
}

/** A Teardown run after each test of the file (or of the `describe` that calls this). */
export function teardownEach(): Teardown {
	const t = new Teardown();
	afterEach(() => t.run());
	return t;
}

/** A Teardown run after the last test of the file (or of the `describe` that calls this). */
export function teardownAll(): Teardown {
	const t = new Teardown();
	afterAll(() => t.run());
	return t;
}

// ---------------------------------------------------------------------------------------------
// In-process server

export interface TestServer {
	url: string;
	port: number;
	dataDir: string;
	/** The server's parts, for tests that drive a job (retention) or read a board directly. */
	realtime: Running['realtime'];
	stop(): Promise<void>;
}

/**
 * Starts Yoriai in this process on a free port (127.0.0.1), with no pages (API, /j/, socket.io and
 * /yjs/ only). Uses a fresh temporary DATA_DIR unless one is given; a temporary one is removed on stop.
 */
export async function startTestServer(
	opts: {
		dataDir?: string;
		redisUrl?: string;
		env?: Record<string, string>;
		/** Serves what the API does not (like SvelteKit in production); by default a 404. */
		pages?: PageHandler;
		/** Every log line (JSON) is pushed here, at LOG_LEVEL (default debug when given). */
		logs?: string[];
		/** The server's clock (default `Date.now`): a test that needs a given hour passes its own. */
		now?: () => number;
	} = {}
): Promise<TestServer> {
	const ownDir = !opts.dataDir;
	const dataDir = opts.dataDir ?? tempDir();
	const config = readConfig({
		...opts.env,
		...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
		PORT: '0',
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		LOG_LEVEL: opts.logs ? (opts.env?.LOG_LEVEL ?? 'debug') : 'silent'
	});
	const logs = opts.logs;
	const log = logs ? createLogger(config.logLevel, { write: (line) => void logs.push(line) }) : undefined;
	const running = await startYoriai(config, opts.pages ?? null, { log, now: opts.now });
	let stopped: Promise<void> | null = null;
	return {
		url: running.url,
		port: running.port,
		dataDir,
		realtime: running.realtime,
		stop: () =>
			(stopped ??= (async () => {
				await running.stop();
				if (ownDir) rmSync(dataDir, { recursive: true, force: true });
			})())
	};
}

/** A server started before the suite's first test by `start` and stopped after its last, then `after` runs. */
function suiteServer(name: string, start: () => Promise<TestServer>, after: () => Promise<void> = async () => {}): TestServer {
	let server: TestServer | null = null;
	beforeAll(async () => {
		server = await start();
	});
	afterAll(async () => {
		await server?.stop();
		await after();
	});
	const started = () => {
		if (!server) throw new Error(`${name}: read the server inside a test or hook`);
		return server;
	};
	return {
		get url() {
			return started().url;
		},
		get port() {
			return started().port;
		},
		get dataDir() {
			return started().dataDir;
		},
		get realtime() {
			return started().realtime;
		},
		stop: () => started().stop()
	};
}

/**
 * One in-process server for the whole file (or the `describe` that calls this): started before its
 * first test, stopped after its last. Read it inside tests and hooks only (it starts in `beforeAll`).
 */
export function serverForSuite(opts: Parameters<typeof startTestServer>[0] = {}): TestServer {
	return suiteServer('serverForSuite', () => startTestServer(opts));
}

/**
 * Like `serverForSuite`, on the store named: the embedded SQLite file, or a real redis-server of its
 * own (started before the server, stopped after it). For suites run on both stores with `describe.each`.
 */
export function serverForSuiteOn(store: 'sqlite' | 'redis'): TestServer {
	let redis: RedisServer | null = null;
	return suiteServer(
		'serverForSuiteOn',
		async () => {
			if (store === 'redis') redis = await startRedis();
			return startTestServer(redis ? { redisUrl: redis.url } : {});
		},
		async () => {
			await redis?.stop();
		}
	);
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse<T = any> {
	status: number;
	/** Parsed JSON body, or null when the body is not JSON. */
	json: T;
	text: string;
	headers: Headers;
	/** Every Set-Cookie header. */
	setCookies: string[];
}

export interface ApiOptions {
	method?: string;
	/** Sent as `Authorization: Bearer <token>`. */
	token?: string;
	/** An object is sent as JSON; a string is sent as is (for malformed bodies). */
	body?: unknown;
	/** Sent as the Cookie header. */
	cookie?: string;
	headers?: Record<string, string>;
}

/** One HTTP request to a test server; never follows redirects. */
export async function api<T = any>(url: string, path: string, opts: ApiOptions = {}): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
	if (opts.cookie !== undefined) headers.cookie = opts.cookie;
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['content-type'] ??= 'application/json';
	}
	const res = await fetch(url + path, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
	const text = await res.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	return { status: res.status, json, text, headers: res.headers, setCookies: res.headers.getSetCookie() };
}

export interface CreatedMeeting {
	id: string;
	organiserToken: string;
	links: { organiser: string };
}

/** A valid body for `POST /api/v1/meetings`. */
export function meetingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		title: '生活困窮者支援 情報交換会',
		startsAt: '2021-06-04T14:00:00+09:00',
		endsAt: '2021-06-04T15:45:00+09:00',
		timezone: 'Asia/Tokyo',
		method: 'Zoom',
		description: 'テスト用の会議',
		...overrides
	};
}

/** Creates a meeting over HTTP; throws unless the server answers 201. */
export async function createMeeting(url: string, body: Record<string, unknown> = meetingBody(), opts: { adminToken?: string } = {}): Promise<CreatedMeeting> {
	const res = await api<CreatedMeeting>(url, '/api/v1/meetings', { method: 'POST', body, token: opts.adminToken });
	if (res.status !== 201) throw new Error(`create meeting: ${res.status} ${res.text}`);
	return res.json;
}

/** Sends one command over HTTP with a Bearer token. */
export function postCommand(url: string, meetingId: string, token: string, command: unknown): Promise<ApiResponse> {
	return api(url, `/api/v1/meetings/${meetingId}/commands`, { method: 'POST', token, body: command });
}

/** Sends one command over HTTP and throws unless it is accepted; answers the reply. */
export async function mustCommand(url: string, meetingId: string, token: string, command: unknown): Promise<{ ok: true; seq: number; result?: any }> {
	const res = await postCommand(url, meetingId, token, command);
	if (res.status !== 200 || !res.json?.ok) throw new Error(`${(command as { type?: string }).type}: ${res.status} ${res.text}`);
	return res.json;
}

export interface JoinedMember {
	memberId: string;
	token: string;
	name: string;
}

/**
 * Joins `count` members with `role` through real shared links (a new link every 50 joins, as the
 * join rate limit is per link), each with their own member token.
 */
export async function joinMembers(url: string, meetingId: string, organiserToken: string, count: number, role: Role = 'participant', prefix = '参加者'): Promise<JoinedMember[]> {
	const out: JoinedMember[] = [];
	let linkToken = '';
	for (let i = 0; i < count; i++) {
		if (i % 50 === 0) linkToken = (await mustCommand(url, meetingId, organiserToken, { type: 'link.create', role })).result.token;
		const name = `${prefix}${i + 1}`;
		const joined = await mustCommand(url, meetingId, linkToken, { type: 'member.join', name, organisation: '支援機関' });
		out.push({ memberId: joined.result.memberId, token: joined.result.token, name });
	}
	return out;
}

/** The role view of a meeting (GET /api/v1/meetings/:id) for a token; throws unless 200. */
export async function getView(url: string, meetingId: string, token: string): Promise<SessionView> {
	const res = await api<SessionView>(url, `/api/v1/meetings/${meetingId}`, { token });
	if (res.status !== 200) throw new Error(`get meeting: ${res.status} ${res.text}`);
	return res.json;
}

/** The names of a meeting's rooms, as its organiser reads them over HTTP. */
export async function roomNames(url: string, meetingId: string, token: string): Promise<string[]> {
	return Object.values((await getView(url, meetingId, token)).state.rooms).map((r) => r.name);
}

/** The token of a link URL (`…/j/<token>`). */
export function tokenOfUrl(linkUrl: string): string {
	const m = /\/j\/([^/?#]+)$/.exec(linkUrl);
	if (!m) throw new Error(`not a link URL: ${linkUrl}`);
	return decodeURIComponent(m[1]);
}

/** `name=value` of a Set-Cookie header. */
export function cookiePair(setCookie: string): string {
	return setCookie.split(';')[0].trim();
}

// ---------------------------------------------------------------------------------------------
// socket.io

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestSocket {
	socket: ClientSocket;
	/** The first view the server sent. */
	view: SessionView;
	/** Every `events` batch received so far, in order. */
	batches: EventBatch[];
	/** True once the server sent `revoked`. */
	readonly revoked: boolean;
	/** Resolves with the disconnect reason. */
	disconnected: Promise<string>;
	/** Resolves with the first batch (already received or coming) that satisfies `pred`. */
	waitForBatch(pred: (batch: EventBatch) => boolean, timeoutMs?: number): Promise<EventBatch>;
	close(): void;
}

export interface ConnectOptions {
	meetingId: string;
	token?: string;
	role?: Role;
	cookie?: string;
	protocol?: number;
}

/** An error from the socket.io handshake, with the server's refusal code. */
export class ConnectError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined
	) {
		super(message);
	}
}

/**
 * Connects a socket.io client (websocket transport only, no reconnection) and resolves once the
 * server sent the first `view`; rejects with ConnectError when the handshake is refused.
 */
export function connectSocket(url: string, opts: ConnectOptions, timeoutMs = 10_000): Promise<TestSocket> {
	const socket: ClientSocket = io(url, {
		path: '/socket.io/',
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		timeout: timeoutMs,
		auth: { meetingId: opts.meetingId, token: opts.token, role: opts.role, protocol: opts.protocol ?? PROTOCOL_VERSION },
		...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {})
	});
	const batches: EventBatch[] = [];
	const waiters = new Set<{ pred: (b: EventBatch) => boolean; resolve: (b: EventBatch) => void }>();
	let revoked = false;
	socket.on('events', (batch) => {
		batches.push(batch);
		for (const w of [...waiters])
			if (w.pred(batch)) {
				waiters.delete(w);
				w.resolve(batch);
			}
	});
	socket.on('revoked', () => {
		revoked = true;
	});
	const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

	return new Promise<TestSocket>((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.close();
			reject(new Error(`socket: no view within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
			clearTimeout(timer);
			socket.close();
			reject(new ConnectError(err.message, err.data?.code));
		});
		socket.once('view', (view) => {
			clearTimeout(timer);
			resolve({
				socket,
				view,
				batches,
				get revoked() {
					return revoked;
				},
				disconnected,
				waitForBatch(pred, ms = 10_000) {
					const found = batches.find(pred);
					if (found) return Promise.resolve(found);
					return new Promise<EventBatch>((res, rej) => {
						const w = {
							pred,
							resolve: (b: EventBatch) => {
								clearTimeout(t);
								res(b);
							}
						};
						const t = setTimeout(() => {
							waiters.delete(w);
							rej(new Error(`socket: no matching events batch within ${ms} ms (got ${JSON.stringify(batches.map((b) => b.seq))})`));
						}, ms);
						waiters.add(w);
					});
				},
				close: () => socket.close()
			});
		});
	});
}

/**
 * How one socket.io handshake with `opts` ends (no reconnection): `'connected'` on connect, or with
 * `until: 'view'` `'view'` once the first view arrives; else the refusal code (or the error message).
 */
export function handshakeOutcome(url: string, opts: Partial<ManagerOptions & SocketOptions>, until: 'connect' | 'view' = 'connect'): Promise<string> {
	return new Promise((resolve) => {
		const s: ClientSocket = io(url, { reconnection: false, forceNew: true, ...opts });
		const done = (outcome: string) => {
			s.close();
			resolve(outcome);
		};
		if (until === 'view') s.once('view', () => done('view'));
		else s.once('connect', () => done('connected'));
		s.once('connect_error', (err: Error & { data?: { code?: string } }) => done(err.data?.code ?? err.message));
	});
}

/** Sends a command over socket.io and resolves with the server's ack. */
export function sendCommand(socket: ClientSocket, command: unknown, timeoutMs = 10_000): Promise<CommandReply> {
	return socket.timeout(timeoutMs).emitWithAck('command', command);
}

// ---------------------------------------------------------------------------------------------
// Polling

/** Retries `check` until it stops throwing (returns its value), or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (err) {
			if (Date.now() > deadline) throw err;
			await sleep(intervalMs);
		}
	}
}

/** Polls `check` until it is true; throws with `what` after `timeoutMs` (generous: never a speed test). */
export async function waitFor(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
	await eventually(() => {
		if (!check()) throw new Error(`timed out waiting for ${what}`);
	}, timeoutMs, 20);
}

// ---------------------------------------------------------------------------------------------
// Child processes

export interface ServerProcess {
	url: string;
	port: number;
	pid: number;
	dataDir: string;
	child: ChildProcess;
	/** Everything the process wrote so far. */
	output(): { stdout: string; stderr: string };
	/** Resolves when the process has exited. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Sends `signal` (SIGTERM by default) and waits for the exit; SIGKILLs after `graceMs`. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment variables a test must set itself rather than inherit from the shell. */
const HERMETIC_UNSET = ['PORT', 'HOST', 'DATA_DIR', 'REDIS_URL', 'PUBLIC_URL', 'SESSION_SECRET', 'ADMIN_TOKEN', 'LOG_LEVEL', 'TRUST_PROXY', 'TEST_PAGES'];

/**
 * Starts a process from `args` (run by this Node with tsx's loader) in the repository root, with a
 * hermetic environment, and collects its output. Answers the child and its exit promise.
 */
export function spawnNode(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => { stdout: string; stderr: string }; exited: ServerProcess['exited'] } {
	const base: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !HERMETIC_UNSET.includes(k)) base[k] = v;
	// node --import tsx rather than `npx tsx`: one process, so signals (and SIGKILL) reach the server itself.
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
	child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
		child.once('exit', (code, signal) => res({ code, signal }));
		child.once('error', () => res({ code: null, signal: null }));
	});
	return { child, output: () => ({ stdout, stderr }), exited };
}

/**
 * Runs the server as a real child process (tests/helpers/server-main.ts) on a free port and resolves
 * once it prints `LISTENING <port>`. `env` adds to PORT=0, HOST=127.0.0.1, LOG_LEVEL=silent and a
 * DATA_DIR: the one given (kept, so another process can reopen it) or a fresh temporary one that
 * is removed when the process exits.
 */
export async function spawnServerProcess(opts: { env?: Record<string, string>; dataDir?: string; startTimeoutMs?: number } = {}): Promise<ServerProcess> {
	const ownDir = !(opts.dataDir ?? opts.env?.DATA_DIR);
	const dataDir = opts.dataDir ?? opts.env?.DATA_DIR ?? tempDir();
	const { child, output, exited } = spawnNode(['tests/helpers/server-main.ts'], {
		PORT: '0',
		HOST: '127.0.0.1',
		LOG_LEVEL: 'silent',
		...opts.env,
		DATA_DIR: dataDir
	});
	let exitedEarly = false;
	void exited.then(() => {
		exitedEarly = true;
		if (ownDir) rmSync(dataDir, { recursive: true, force: true });
	});
	const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
	let port = 0;
	while (!port) {
		const m = /LISTENING (\d+)/.exec(output().stdout);
		if (m) port = Number(m[1]);
		else if (exitedEarly) throw new Error(`server process exited before listening:\n${output().stderr}`);
		else if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server process did not listen in time:\n${output().stderr}`);
		} else await sleep(25);
	}
	const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			const result = await exited;
			clearTimeout(timer);
			return result;
		}
		return exited;
	};
	return { url: `http://127.0.0.1:${port}`, port, pid: child.pid!, dataDir, child, output, exited, stop };
}

/**
 * Two in-process instances sharing one real Redis (store and socket.io adapter), torn down by `t`:
 * for scale-out tests.
 */
export async function startTwoInstancesOnRedis(t: Teardown): Promise<{ a: Running; b: Running; redisUrl: string }> {
	const redis = t.add(await startRedis(), (r) => r.stop());
	const config = readConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, LOG_LEVEL: 'silent', DATA_DIR: tempDir('yoriai-redis-') });
	const a = t.add(await startYoriai(config, null), (r) => r.stop());
	const b = t.add(await startYoriai(config, null), (r) => r.stop());
	return { a, b, redisUrl: redis.url };
}

/** Tries a WebSocket upgrade at `url` + `path`; answers the HTTP status of a refusal, or 101 when it opened. */
export function upgradeStatus(url: string, path: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`, { headers });
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.once('error', reject);
	});
}
