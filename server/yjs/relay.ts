/**
 * Live relay of board updates and presence between instances through Redis pub/sub (one channel per
 * document), plus a control channel (access changes), who is on each meeting's boards (expiring
 * keys, one per instance) and a short lock (one compaction at a time).
 * Pub/sub may drop messages: the durable copy is the shared update log, so after every
 * (re)subscription the caller re-reads the log.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from '../log.js';
import { closeRedisClient } from '../storage/redis.js';

export type RelayKind = 'update' | 'awareness';
const KIND_BYTE: Record<RelayKind, number> = { update: 0, awareness: 1 };
const ID_BYTES = 12;

export interface Relay {
	/** Listens to a document's channel; resolves once subscribed. */
	subscribe(docName: string, onMessage: (kind: RelayKind, payload: Uint8Array) => void): Promise<void>;
	unsubscribe(docName: string): Promise<void>;
	publish(docName: string, kind: RelayKind, payload: Uint8Array): void;
	/** Tells every other instance about a change of access in a meeting. */
	publishControl(meetingId: string): void;
	onControl(fn: (meetingId: string) => void): void;
	/** Called after the connection to Redis came back (messages may have been lost meanwhile). */
	onReconnected(fn: () => void): void;
	/**
	 * Shares who is on a meeting's room boards through this instance (keys by room id), for the
	 * others to count; gone after `ttlMs` unless written again. An empty record removes it.
	 */
	putPeople(meetingId: string, byRoom: Record<string, string[]>, ttlMs: number): Promise<void>;
	/** What the other instances shared of a meeting's boards (entries not yet gone). */
	readPeople(meetingId: string): Promise<Record<string, string[]>[]>;
	/** Takes a lock for `ttlMs`; answers its release, or null when another instance holds it. */
	lock(name: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
	close(): Promise<void>;
}

/** Connects the relay to Redis at `url`. Channel and key names start with `prefix`. */
export async function openRedisRelay(url: string, log: Logger, prefix = 'yoriai:'): Promise<Relay> {
	const me = randomBytes(ID_BYTES);
	const pub = createClient({ url });
	const sub = pub.duplicate();
	pub.on('error', (err: unknown) => log.warn({ err }, 'yjs relay: redis error'));
	sub.on('error', (err: unknown) => log.warn({ err }, 'yjs relay: redis error'));
	await pub.connect();
	await sub.connect();

	const channel = (doc: string) => `${prefix}yjs-relay:${doc}`;
	const controlChannel = `${prefix}yjs-control`;
	const meHex = me.toString('hex');
	/** The set of instances that shared people on a meeting's boards; each one's entry is `<set>:<instance>`. */
	const peopleIndex = (meetingId: string) => `${prefix}yjs-people:${meetingId}`;
	const controlListeners: ((meetingId: string) => void)[] = [];
	const reconnectListeners: (() => void)[] = [];
	// Registered after the first connect, so every 'ready' is a reconnect: node-redis subscribes
	// again by itself, but what was published meanwhile is lost.
	sub.on('ready', () => {
		for (const fn of reconnectListeners) fn();
	});

	await sub.subscribe(controlChannel, (message: string) => {
		try {
			const { from, meetingId } = JSON.parse(message) as { from: string; meetingId: string };
			if (from === meHex || typeof meetingId !== 'string') return;
			for (const fn of controlListeners) fn(meetingId);
		} catch (err) {
			log.warn({ err }, 'yjs relay: bad control message');
		}
	});

	return {
		async subscribe(docName, onMessage) {
			await sub.subscribe(
				channel(docName),
				(message: Buffer) => {
					if (message.length < ID_BYTES + 1 || message.subarray(0, ID_BYTES).equals(me)) return;
					const kind: RelayKind = message[ID_BYTES] === KIND_BYTE.awareness ? 'awareness' : 'update';
					onMessage(kind, new Uint8Array(message.subarray(ID_BYTES + 1)));
				},
				true
			);
		},
		async unsubscribe(docName) {
			await sub.unsubscribe(channel(docName)).catch(() => undefined);
		},
		publish(docName, kind, payload) {
			const message = Buffer.concat([me, Buffer.from([KIND_BYTE[kind]]), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)]);
			pub.publish(channel(docName), message).catch((err: unknown) => log.warn({ err, docName }, 'yjs relay: publish failed'));
		},
		publishControl(meetingId) {
			pub.publish(controlChannel, JSON.stringify({ from: meHex, meetingId })).catch(() => undefined);
		},
		onControl(fn) {
			controlListeners.push(fn);
		},
		onReconnected(fn) {
			reconnectListeners.push(fn);
		},
		async putPeople(meetingId, byRoom, ttlMs) {
			const index = peopleIndex(meetingId);
			const key = `${index}:${meHex}`;
			if (Object.keys(byRoom).length === 0) {
				await pub.multi().del(key).sRem(index, meHex).exec();
				return;
			}
			await pub
				.multi()
				.set(key, JSON.stringify(byRoom), { expiration: { type: 'PX', value: ttlMs } })
				.sAdd(index, meHex)
				.pExpire(index, ttlMs)
				.exec();
		},
		async readPeople(meetingId) {
			const index = peopleIndex(meetingId);
			const others = (await pub.sMembers(index)).filter((id) => id !== meHex);
			if (others.length === 0) return [];
			const values = await pub.mGet(others.map((id) => `${index}:${id}`));
			const gone = others.filter((_, i) => values[i] === null);
			if (gone.length) await pub.sRem(index, gone);
			const shared: Record<string, string[]>[] = [];
			for (const v of values) {
				if (v === null) continue;
				try {
					shared.push(JSON.parse(v) as Record<string, string[]>);
				} catch (err) {
					log.warn({ err, meetingId }, 'yjs relay: bad people entry');
				}
			}
			return shared;
		},
		async lock(name, ttlMs) {
			const key = `${prefix}yjs-lock:${name}`;
			const value = randomBytes(8).toString('hex');
			const ok = await pub.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
			if (ok !== 'OK') return null;
			return async () => {
				// Release only our own lock (it may have expired and been taken by another instance).
				await pub
					.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end", { keys: [key], arguments: [value] })
					.catch(() => undefined);
			};
		},
		async close() {
			await Promise.all([closeRedisClient(sub), closeRedisClient(pub)]);
		}
	};
}
