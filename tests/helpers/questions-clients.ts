/**
 * Real servers and real clients for the question tests and the votes benchmark: an in-process Yoriai
 * on port 0, HTTP calls, members joined through real links, and socket.io clients that keep a replica
 * of the meeting with the shared `reduce`, exactly as a browser tab does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { readConfig } from '../../server/config.js';
import { startYoriai, type Running } from '../../server/start.js';
import { MeetingClient } from '../../src/lib/client/meeting-client.js';
import type { MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import {
	type ClientToServerEvents,
	type CommandReply,
	type EventBatch,
	type ServerToClientEvents,
	type SessionView
} from '../../src/lib/shared/protocol.js';

export interface Server {
	url: string;
	dataDir: string;
	running: Running;
	stop(): Promise<void>;
}

/** Starts Yoriai in this process (no pages). A temporary DATA_DIR is removed on stop unless one was given. */
export async function startServer(opts: { dataDir?: string; redisUrl?: string } = {}): Promise<Server> {
	const own = !opts.dataDir;
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'yoriai-q-'));
	const config = readConfig({
		PORT: '0',
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		LOG_LEVEL: 'silent',
		...(opts.redisUrl ? { REDIS_URL: opts.redisUrl, SESSION_SECRET: 'a-shared-secret-for-both-instances-0123456789' } : {})
	});
	const running = await startYoriai(config, null);
	return {
		url: running.url,
		dataDir,
		running,
		async stop() {
			await running.stop();
			if (own) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** One JSON request; answers status and parsed body. */
export async function call(url: string, path: string, opts: { token?: string; body?: unknown; method?: string } = {}): Promise<{ status: number; json: any }> {
	const res = await fetch(url + path, {
		method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
		headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
	});
	return { status: res.status, json: await res.json().catch(() => null) };
}

/** Sends one command over HTTP with a token. */
export function command(url: string, meetingId: string, token: string, body: Record<string, unknown>) {
	return call(url, `/api/v1/meetings/${meetingId}/commands`, { token, body });
}

/** Creates a meeting; answers its id and organiser token. */
export async function createMeeting(url: string, body: Record<string, unknown> = {}): Promise<{ id: string; organiserToken: string }> {
	const res = await call(url, '/api/v1/meetings', {
		body: { title: '生活困窮者支援 情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00', ...body }
	});
	if (res.status !== 201) throw new Error(`create meeting: ${res.status} ${JSON.stringify(res.json)}`);
	return { id: res.json.id, organiserToken: res.json.organiserToken };
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
		if (i % 50 === 0) {
			const link = await command(url, meetingId, organiserToken, { type: 'link.create', role });
			if (!link.json?.ok) throw new Error(`link.create: ${JSON.stringify(link.json)}`);
			linkToken = link.json.result.token;
		}
		const name = `${prefix}${i + 1}`;
		const joined = await command(url, meetingId, linkToken, { type: 'member.join', name, organisation: '支援機関' });
		if (!joined.json?.ok) throw new Error(`member.join: ${JSON.stringify(joined.json)}`);
		out.push({ memberId: joined.json.result.memberId, token: joined.json.result.token, name });
	}
	return out;
}

/** A socket.io client with a replica of the meeting: the browser's own `MeetingClient` over a real socket. */
export class Replica {
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private readonly client: MeetingClient;

	constructor(url: string, meetingId: string, token: string) {
		let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
		this.client = new MeetingClient({
			meetingId,
			token,
			ackTimeoutMs: 30_000,
			open: (auth) => (socket = io(url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true }))
		});
		this.client.connect();
		this.socket = socket!;
	}

	get view(): SessionView | null {
		return this.client.view;
	}

	get state(): MeetingState {
		if (!this.client.state) throw new Error('no view yet');
		return this.client.state;
	}

	/** Calls `fn` after each applied batch. */
	onBatch(fn: (batch: EventBatch) => void): () => void {
		return this.client.onBatch(fn);
	}

	send(cmd: Record<string, unknown>): Promise<CommandReply> {
		return this.client.send(cmd);
	}

	/** Waits for the first view. */
	async ready(timeoutMs = 20_000): Promise<this> {
		await waitFor(() => this.client.view !== null, timeoutMs, 'view');
		return this;
	}

	close() {
		this.client.close();
	}
}

/** Polls `check` until it is true; throws with `what` after `timeoutMs` (generous: never a speed test). */
export async function waitFor(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}
