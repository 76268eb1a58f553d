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
 */
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
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
 * KEYS[1] log; ARGV[1] expected seq, ARGV[2..] JSON events. Returns { 1, newSeq }, or
 * { 0, currentSeq, ...the events after the expected seq } (one round trip for a stale caller).
 */
const APPEND = `
local len = redis.call('LLEN', KEYS[1])
local expected = tonumber(ARGV[1])
if len ~= expected then
	if expected < len then return { 0, len, unpack(redis.call('LRANGE', KEYS[1], expected, -1)) } end
	return { 0, len }
end
if #ARGV > 1 then len = redis.call('RPUSH', KEYS[1], unpack(ARGV, 2)) end
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
	/** Every key matching `pattern` (SCAN, never KEYS: the server keeps serving meanwhile). */
	const scanKeys = async (pattern: string): Promise<string[]> => {
		const found: string[] = [];
		for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) found.push(...(Array.isArray(batch) ? batch : [batch]));
		return [...new Set(found)];
	};
	let closed = false;

	const store: Store = {
		kind: 'redis',
		async ping() {
			if (!client.isReady) throw new Error(`Redis not ready: ${lastError?.message ?? 'disconnected'}`);
			await client.ping();
		},
		async append(meetingId, expectedSeq, events): Promise<AppendResult> {
			// The script only writes when LLEN === expectedSeq, so the seqs can be assigned here.
			const bodies = events.map((e, i) =>
				JSON.stringify({ seq: expectedSeq + i + 1, at: e.at, actor: e.actor, event: e.event } satisfies LoggedEvent)
			);
			const reply = (await client.eval(APPEND, {
				keys: [key('log', meetingId)],
				arguments: [String(expectedSeq), ...bodies]
			})) as [number, number, ...string[]];
			const [ok, seq, ...missed] = reply;
			if (Number(ok) === 1) return { ok: true, seq: Number(seq) };
			return { ok: false, code: 'conflict', currentSeq: Number(seq), missed: missed.map((s) => JSON.parse(s) as LoggedEvent) };
		},
		async readEvents(meetingId, afterSeq) {
			const items = await client.lRange(key('log', meetingId), Math.max(0, afterSeq), -1);
			return items.map((s) => JSON.parse(s) as LoggedEvent);
		},
		async saveSnapshot(meetingId, state: MeetingState) {
			await client.eval(SAVE_SNAPSHOT, {
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
			await client.eval(COMPACT, {
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
			const reply = (await client.eval(APPEND, { keys: [key('slog', seriesId)], arguments: [String(expectedSeq), ...bodies] })) as [number, number, ...string[]];
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
			await closeRedisClient(client);
		}
	};
	// Any failure but a reply from Redis itself (a script error) means Redis is not reachable.
	return guardStore(store, (err) => !(err instanceof ErrorReply), () => client.isReady);
}
