/**
 * The shared store: one Redis server for several instances. Owns the key layout under a prefix
 * (`yoriai:` by default) and the Lua scripts that make appends, snapshots and compaction atomic.
 *
 * Keys, with P the prefix:
 *   P log:<meetingId>   list of JSON LoggedEvent; index i holds seq i + 1, so LLEN is the last seq
 *   P snap:<meetingId>  hash { seq, body }
 *   P token:<hash>      string, JSON TokenRecord
 *   P yjs:<docName>     list of raw Yjs updates (binary)
 *   P secret:<name>     string
 *   P mver:<meetingId>  list of JSON MinutesVersionHead; index i holds version no i + 1
 *   P mtext:<meetingId> hash { <no>: JSON { text, generated } }
 *   P slog:<seriesId>   list of JSON LoggedSeriesEvent (as log:, for a series)
 *   P stoken:<hash>     string, JSON SeriesTokenRecord
 *   P mseries:<meetingId> string, the series the meeting belongs to
 *   P rate:<bucket>     hash { tokens, at }: a token bucket shared by every instance (expires once full)
 */
import { createHash, randomBytes } from 'node:crypto';
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import type { Buckets } from '../rate-limit.js';
import { guardStore } from './unavailable.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { MinutesVersionHead, MinutesVersionRecord } from '../../src/lib/shared/minutes/versions.js';
import type { LoggedSeriesEvent } from '../../src/lib/shared/series/types.js';
import type { AppendResult, SeriesAppendResult, SeriesTokenRecord, Store, TokenRecord } from './types.js';

/** `text` with Redis glob characters escaped (meeting ids never hold them; a prefix might). */
function globEscape(text: string): string {
	return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Token buckets (server/rate-limit.ts, the same arithmetic) on Redis's clock, so every instance
 * shares them: `take(k, n, a)` takes from each of the n buckets KEYS[k..k+n-1] the tokens ARGV[a..]
 * say (capacity, refill per second, tokens to take: triples), or from none when any holds too few.
 */
const TAKE_FN = `
local function take(k, n, a)
	local t = redis.call('TIME')
	local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
	local levels = {}
	for i = 0, n - 1 do
		local cap, rate, cost = tonumber(ARGV[a + 3 * i]), tonumber(ARGV[a + 3 * i + 1]), tonumber(ARGV[a + 3 * i + 2])
		local b = redis.call('HMGET', KEYS[k + i], 'tokens', 'at')
		local tokens = tonumber(b[1]) or cap
		local at = tonumber(b[2]) or now
		tokens = math.min(cap, tokens + math.max(0, now - at) / 1000 * rate)
		if tokens < cost then return false end
		levels[i] = tokens - cost
	end
	for i = 0, n - 1 do
		local cap, rate = tonumber(ARGV[a + 3 * i]), tonumber(ARGV[a + 3 * i + 1])
		redis.call('HSET', KEYS[k + i], 'tokens', levels[i], 'at', now)
		redis.call('PEXPIRE', KEYS[k + i], math.ceil((cap - levels[i]) / rate * 1000) + 1000)
	end
	return true
end
`;

/** KEYS bucket keys; ARGV their rules and costs. Returns 1 when the tokens were taken from each, else 0. */
const TAKE = `${TAKE_FN}
if take(1, #KEYS, 1) then return 1 end
return 0
`;

/**
 * KEYS[1] log, KEYS[2..] buckets; ARGV[1] expected seq, ARGV[2] how many buckets (n), then their
 * rules and costs (3n), then the commit channel and the message's head (`<origin>\n<meetingId>\n`),
 * then the JSON events. Returns { 1, newSeq } after publishing the batch (head + JSON array) on the
 * channel, in the same round trip and in log order; { 2 } when a bucket is empty (nothing written);
 * or { 0, currentSeq, ...the events after the expected seq } (one round trip for a stale caller; no
 * token taken).
 */
/**
 * A series log's optimistic append: KEYS[1] the log, ARGV[1] the expected last seq, ARGV[2..] the
 * events. Answers {1, seq} when appended, {0, current seq} when the caller's view is stale.
 */
const SERIES_APPEND = `
local current = redis.call('LLEN', KEYS[1])
if current ~= tonumber(ARGV[1]) then return {0, current} end
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
return {1, current + #ARGV - 1}
`;

const APPEND = `${TAKE_FN}
local len = redis.call('LLEN', KEYS[1])
local expected = tonumber(ARGV[1])
if len ~= expected then
	if expected < len then return { 0, len, unpack(redis.call('LRANGE', KEYS[1], expected, -1)) } end
	return { 0, len }
end
local n = tonumber(ARGV[2])
if n > 0 and not take(2, n, 3) then return { 2 } end
local first = 5 + 3 * n
if #ARGV >= first then
	len = redis.call('RPUSH', KEYS[1], unpack(ARGV, first))
	local bodies = {}
	for i = first, #ARGV do bodies[#bodies + 1] = ARGV[i] end
	redis.call('PUBLISH', ARGV[3 + 3 * n], ARGV[4 + 3 * n] .. '[' .. table.concat(bodies, ',') .. ']')
end
return { 1, len }
`;

/** KEYS[1] snapshot hash; ARGV[1] seq, ARGV[2] body. Writes only if no newer snapshot is stored. */
const SAVE_SNAPSHOT = `
local current = redis.call('HGET', KEYS[1], 'seq')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'body', ARGV[2])
return 1
`;

/** KEYS[1] update list; ARGV[1] merged update, ARGV[2] how many head entries it replaces. */
const COMPACT = `
local n = math.min(tonumber(ARGV[2]), redis.call('LLEN', KEYS[1]))
if n <= 0 then return 0 end
redis.call('LTRIM', KEYS[1], n, -1)
redis.call('LPUSH', KEYS[1], ARGV[1])
return n
`;

/**
 * KEYS[1] version heads, KEYS[2] version texts; ARGV[1] the head as JSON without `no` (an object),
 * ARGV[2] JSON { text, generated }. Numbers the version LLEN + 1 and answers its head.
 */
const ADD_VERSION = `
local no = redis.call('LLEN', KEYS[1]) + 1
local head = '{"no":' .. no .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[1], head)
redis.call('HSET', KEYS[2], tostring(no), ARGV[2])
return head
`;

/** KEYS[1] version heads; ARGV[1] index, ARGV[2] the head read, ARGV[3] its replacement. Sets only if unchanged meanwhile. */
const REPLACE_HEAD = `
if redis.call('LINDEX', KEYS[1], tonumber(ARGV[1])) ~= ARGV[2] then return 0 end
redis.call('LSET', KEYS[1], tonumber(ARGV[1]), ARGV[3])
return 1
`;

/** Closes a node-redis client: politely when connected, at once when Redis is away (QUIT would wait for it). */
export async function closeRedisClient(client: { isOpen: boolean; isReady: boolean; close(): Promise<unknown>; destroy(): void }): Promise<void> {
	const destroy = () => {
		if (client.isOpen) client.destroy();
	};
	if (!client.isReady) return destroy();
	await client.close().catch(destroy);
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(invalid URL)';
	}
}

/**
 * Connects to Redis at `url` and returns the Store on it. Rejects with a clear Error when the
 * first connection fails; after that, lost connections are retried in the background and
 * every call fails at once with StoreUnavailable until the reconnect.
 */
export async function openRedisStore(url: string, opts: { prefix?: string } = {}): Promise<Store> {
	const prefix = opts.prefix ?? 'yoriai:';
	let connectedOnce = false;
	let lastError: Error | null = null;

	const client = createClient({
		url,
		// While Redis is away, commands fail at once instead of waiting in a queue to be applied later.
		disableOfflineQueue: true,
		socket: {
			// Fail the first connect instead of retrying forever; back off on later blips.
			reconnectStrategy: (retries) => (connectedOnce ? Math.min(50 * 2 ** retries, 2000) : false)
		}
	});
	// Without a listener an 'error' event would crash the process; keep it for ping() instead.
	client.on('error', (err: unknown) => {
		lastError = err instanceof Error ? err : new Error(String(err));
	});

	try {
		await client.connect();
	} catch (err) {
		client.destroy();
		const reason = err instanceof Error ? err.message : String(err);
		throw new Error(`cannot connect to Redis at ${redact(url)}: ${reason}`);
	}
	connectedOnce = true;

	// Same connection, but bulk strings come back as Buffers: Yjs updates are binary.
	const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });

	const key = (kind: string, id: string) => `${prefix}${kind}:${id}`;
	/** Every append is published here (by the append script); `origin` tells this store's own apart. */
	const commitChannel = `${prefix}committed`;
	const origin = randomBytes(8).toString('hex');
	const subscribers = new Set<() => Promise<void>>();
	/** Every key matching `pattern` (SCAN, never KEYS: the server keeps serving meanwhile). */
	const scanKeys = async (pattern: string): Promise<string[]> => {
		const found: string[] = [];
		for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) found.push(...(Array.isArray(batch) ? batch : [batch]));
		return [...new Set(found)];
	};
	/** The script's keys and arguments for `buckets`, a bucket named twice (a batch of commands) paying twice. */
	const bucketArgs = (buckets: Buckets) => {
		const costs = new Map<string, { rule: (typeof buckets)[number][1]; cost: number }>();
		for (const [name, rule] of buckets) {
			const c = costs.get(name);
			if (c) c.cost++;
			else costs.set(name, { rule, cost: 1 });
		}
		return {
			keys: [...costs.keys()].map((name) => key('rate', name)),
			args: [...costs.values()].flatMap(({ rule, cost }) => [String(rule.capacity), String(rule.refillPerSecond), String(cost)])
		};
	};
	/** Runs a script by its SHA (the text crosses the wire only when Redis does not have it yet). */
	const shas = new Map<string, string>();
	const run = async (script: string, opts: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown> => {
		let sha = shas.get(script);
		if (!sha) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
		try {
			return await client.evalSha(sha, opts);
		} catch (err) {
			if (err instanceof ErrorReply && err.message.startsWith('NOSCRIPT')) return client.eval(script, opts);
			throw err;
		}
	};
	let closed = false;

	const store: Store = {
		kind: 'redis',
		async ping() {
			if (!client.isReady) throw new Error(`Redis not ready: ${lastError?.message ?? 'disconnected'}`);
			await client.ping();
		},
		async append(meetingId, expectedSeq, events, limits = []): Promise<AppendResult> {
			// The script only writes when LLEN === expectedSeq, so the seqs can be assigned here.
			const bodies = events.map((e, i) =>
				JSON.stringify({ seq: expectedSeq + i + 1, at: e.at, actor: e.actor, event: e.event } satisfies LoggedEvent)
			);
			const buckets = bucketArgs(limits);
			const reply = (await run(APPEND, {
				keys: [key('log', meetingId), ...buckets.keys],
				arguments: [String(expectedSeq), String(buckets.keys.length), ...buckets.args, commitChannel, `${origin}\n${meetingId}\n`, ...bodies]
			})) as [number, number, ...string[]];
			const [ok, seq, ...missed] = reply;
			if (Number(ok) === 1) return { ok: true, seq: Number(seq) };
			if (Number(ok) === 2) return { ok: false, code: 'rate_limited' };
			return { ok: false, code: 'conflict', currentSeq: Number(seq), missed: missed.map((s) => JSON.parse(s) as LoggedEvent) };
		},
		async subscribeCommits(listener) {
			const sub = client.duplicate();
			sub.on('error', () => undefined); // reconnects by itself; the store reports health
			await sub.connect();
			const stop = async () => {
				subscribers.delete(stop);
				await closeRedisClient(sub);
			};
			subscribers.add(stop);
			await sub.subscribe(commitChannel, (message: string) => {
				const a = message.indexOf('\n');
				const b = message.indexOf('\n', a + 1);
				if (a < 0 || b < 0 || message.slice(0, a) === origin) return;
				listener(message.slice(a + 1, b), JSON.parse(message.slice(b + 1)) as LoggedEvent[]);
			});
			return stop;
		},
		async takeTokens(buckets) {
			if (buckets.length === 0) return true;
			const { keys, args } = bucketArgs(buckets);
			return Number(await run(TAKE, { keys, arguments: args })) === 1;
		},
		async readEvents(meetingId, afterSeq) {
			const items = await client.lRange(key('log', meetingId), Math.max(0, afterSeq), -1);
			return items.map((s) => JSON.parse(s) as LoggedEvent);
		},
		async saveSnapshot(meetingId, state: MeetingState) {
			await run(SAVE_SNAPSHOT, {
				keys: [key('snap', meetingId)],
				arguments: [String(state.seq), JSON.stringify(state)]
			});
		},
		async loadSnapshot(meetingId) {
			const body = await client.hGet(key('snap', meetingId), 'body');
			return body == null ? null : (JSON.parse(body) as MeetingState);
		},
		async putTokens(records: TokenRecord[]) {
			if (records.length === 0) return;
			await client.mSet(records.map((r) => [key('token', r.hash), JSON.stringify(r)] as [string, string]));
		},
		async findToken(hash) {
			const body = await client.get(key('token', hash));
			return body == null ? null : (JSON.parse(body) as TokenRecord);
		},
		async appendUpdate(docName, update) {
			await client.rPush(key('yjs', docName), Buffer.from(update.buffer, update.byteOffset, update.byteLength));
		},
		async readUpdates(docName) {
			const items = await binary.lRange(key('yjs', docName), 0, -1);
			return items.map((b) => new Uint8Array(b));
		},
		async compactUpdates(docName, merged, replacedCount) {
			await run(COMPACT, {
				keys: [key('yjs', docName)],
				arguments: [Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength), String(replacedCount)]
			});
		},
		async purgeDocs(docPrefix) {
			const keys = await scanKeys(`${key('yjs', globEscape(docPrefix))}*`);
			if (keys.length) await client.unlink(keys);
			return keys.length;
		},
		async addMinutesVersion(meetingId, version) {
			const { text, generated, ...rest } = version;
			const head = { ...rest, state: 'draft', finalisedBy: null, finalisedAt: null } satisfies Omit<MinutesVersionHead, 'no'>;
			const reply = await client.eval(ADD_VERSION, { keys: [key('mver', meetingId), key('mtext', meetingId)], arguments: [JSON.stringify(head), JSON.stringify({ text, generated })] });
			return JSON.parse(String(reply)) as MinutesVersionHead;
		},
		async listMinutesVersions(meetingId) {
			return (await client.lRange(key('mver', meetingId), 0, -1)).map((s) => JSON.parse(s) as MinutesVersionHead);
		},
		async readMinutesVersion(meetingId, no): Promise<MinutesVersionRecord | null> {
			if (no < 1) return null;
			const [head, texts] = await Promise.all([client.lIndex(key('mver', meetingId), no - 1), client.hGet(key('mtext', meetingId), String(no))]);
			if (head == null || texts == null) return null;
			return { ...(JSON.parse(head) as MinutesVersionHead), ...(JSON.parse(texts) as Pick<MinutesVersionRecord, 'text' | 'generated'>) };
		},
		async finaliseMinutesVersion(meetingId, no, by, at) {
			// Compare and set: a finalise that lost a race reads the head again and finds it final.
			for (;;) {
				const raw = no >= 1 ? await client.lIndex(key('mver', meetingId), no - 1) : null;
				if (raw == null) return 'not_found';
				const head = JSON.parse(raw) as MinutesVersionHead;
				if (head.state === 'final') return 'wrong_state';
				const final: MinutesVersionHead = { ...head, state: 'final', finalisedBy: by, finalisedAt: at };
				const set = await client.eval(REPLACE_HEAD, { keys: [key('mver', meetingId)], arguments: [String(no - 1), raw, JSON.stringify(final)] });
				if (Number(set) === 1) return final;
			}
		},
		async purgeMinutesVersions(meetingId) {
			const n = await client.lLen(key('mver', meetingId));
			await client.unlink([key('mver', meetingId), key('mtext', meetingId)]);
			return n;
		},
		async meetingIds() {
			const logPrefix = key('log', '');
			return (await scanKeys(`${logPrefix}*`)).map((k) => k.slice(logPrefix.length));
		},
		async appendSeries(seriesId, expectedSeq, events): Promise<SeriesAppendResult> {
			const bodies = events.map((e, i) => JSON.stringify({ seq: expectedSeq + i + 1, at: e.at, actor: e.actor, event: e.event } satisfies LoggedSeriesEvent));
			const reply = (await run(SERIES_APPEND, { keys: [key('slog', seriesId)], arguments: [String(expectedSeq), ...bodies] })) as [number, number];
			return Number(reply[0]) === 1 ? { ok: true, seq: Number(reply[1]) } : { ok: false, code: 'conflict', currentSeq: Number(reply[1]) };
		},
		async readSeriesEvents(seriesId, afterSeq) {
			const items = await client.lRange(key('slog', seriesId), Math.max(0, afterSeq), -1);
			return items.map((s) => JSON.parse(s) as LoggedSeriesEvent);
		},
		async putSeriesTokens(records: SeriesTokenRecord[]) {
			if (records.length === 0) return;
			await client.mSet(records.map((r) => [key('stoken', r.hash), JSON.stringify(r)] as [string, string]));
		},
		async findSeriesToken(hash) {
			const body = await client.get(key('stoken', hash));
			return body == null ? null : (JSON.parse(body) as SeriesTokenRecord);
		},
		async joinSeries(meetingId, seriesId) {
			await client.set(key('mseries', meetingId), seriesId, { condition: 'NX' });
			return (await client.get(key('mseries', meetingId))) ?? seriesId;
		},
		async seriesOf(meetingId) {
			return client.get(key('mseries', meetingId));
		},
		async secret(name, create) {
			// SET NX then GET: whichever instance comes first decides, the others read its value.
			await client.set(key('secret', name), create(), { condition: 'NX' });
			const value = await client.get(key('secret', name));
			if (value == null) throw new Error(`secret ${name} vanished from Redis`);
			return value;
		},
		async close() {
			if (closed) return;
			closed = true;
			await Promise.all([...subscribers].map((stop) => stop()));
			await closeRedisClient(client);
		}
	};
	// Any failure but a reply from Redis itself (a script error) means Redis is not reachable.
	return guardStore(store, (err) => !(err instanceof ErrorReply), () => client.isReady);
}
