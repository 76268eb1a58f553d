/**
 * The life of each board document on this instance: load from the store's update log on first use
 * (a load that fails is refused, never stored over), persist every update as it arrives (in order,
 * one chain per doc), compact the log (one compaction at a time, Redis lock across instances),
 * relay updates and presence to other instances, tell text listeners (throttled), and unload from
 * memory after the last user leaves, once everything is flushed.
 */
import * as Y from 'yjs';
import { BOARD_TEXT, MAX_BOARD_BYTES } from '../../src/lib/shared/notes/access.js';
import type { Logger } from '../log.js';
import type { Store } from '../storage/types.js';
import { AwarenessHub, type PresencePeer } from './awareness.js';
import { updateMessage } from './protocol.js';
import type { Relay } from './relay.js';

/** Origins of doc transactions that must not be persisted or relayed again. */
const LOAD = Symbol('load');
const RELAY = Symbol('relay');
/** Origin of changes the server makes itself (comments). */
const SERVER = Symbol('server');

export class DocUnavailable extends Error {}

/** A connection as the registry sees it. */
export interface DocPeer extends PresencePeer {
	readonly entry: DocEntry;
}

export interface DocEntry {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly hub: AwarenessHub;
	readonly peers: Set<DocPeer>;
	/** Users: connections plus server-side work in progress. */
	holds: number;
	/** Appends in flight, in order. */
	persisted: Promise<void>;
	/** Approximate length of the stored log. */
	logLength: number;
	/** An append failed: the whole state must be appended again before anything else. */
	dirty: boolean;
	retryTimer: NodeJS.Timeout | null;
	compacting: Promise<void> | null;
	unloadTimer: NodeJS.Timeout | null;
	unloading: Promise<void> | null;
	textTimer: NodeJS.Timeout | null;
}

export interface RegistryOptions {
	store: Store;
	log: Logger;
	relay: Relay | null;
	/** Compact when the log grows past this many updates. */
	compactEvery?: number;
	/** Wait this long after the last user left before unloading (absorbs page reloads). */
	unloadDelayMs?: number;
	/** Text listeners are called at most this often per doc. */
	textThrottleMs?: number;
}

export type TextListener = (docName: string, text: string) => void;

export class DocRegistry {
	private docs = new Map<string, DocEntry>();
	private loading = new Map<string, Promise<void>>();
	private textListeners: TextListener[] = [];
	private readonly compactEvery: number;
	private readonly unloadDelayMs: number;
	private readonly textThrottleMs: number;
	private closed = false;

	constructor(private readonly opts: RegistryOptions) {
		this.compactEvery = opts.compactEvery ?? 200;
		this.unloadDelayMs = opts.unloadDelayMs ?? 1000;
		this.textThrottleMs = opts.textThrottleMs ?? 250;
		opts.relay?.onReconnected(() => {
			for (const entry of this.docs.values()) void this.catchUp(entry);
		});
	}

	/** Documents in memory. */
	get size(): number {
		return this.docs.size;
	}

	/** The loaded entry of `name`, if any. */
	peek(name: string): DocEntry | undefined {
		return this.docs.get(name);
	}

	/** Loads `name` if needed and holds it in memory until `release`. Throws DocUnavailable. */
	async acquire(name: string): Promise<DocEntry> {
		if (this.closed) throw new DocUnavailable('closing');
		for (;;) {
			const entry = this.docs.get(name);
			if (entry && !entry.unloading) {
				entry.holds++;
				if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
				entry.unloadTimer = null;
				return entry;
			}
			if (entry?.unloading) {
				await entry.unloading;
				continue;
			}
			let loading = this.loading.get(name);
			if (!loading) {
				loading = this.load(name).finally(() => this.loading.delete(name));
				this.loading.set(name, loading);
			}
			await loading;
		}
	}

	/** Gives back a hold; the doc unloads once nobody holds it. */
	release(entry: DocEntry): void {
		entry.holds = Math.max(0, entry.holds - 1);
		if (entry.holds === 0) this.scheduleUnload(entry, this.closed ? 0 : this.unloadDelayMs);
	}

	private scheduleUnload(entry: DocEntry, delay: number): void {
		if (entry.unloading || entry.unloadTimer) return;
		entry.unloadTimer = setTimeout(() => {
			entry.unloadTimer = null;
			if (entry.holds === 0 && !entry.unloading && this.docs.get(entry.name) === entry) void this.unload(entry);
		}, delay);
	}

	/** True when a board with `addedBytes` more UTF-8 bytes of text stays within MAX_BOARD_BYTES. */
	fits(entry: DocEntry, addedBytes: number): boolean {
		const text = entry.doc.getText(BOARD_TEXT);
		// UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only near the limit.
		if (text.length * 3 + addedBytes <= MAX_BOARD_BYTES) return true;
		return Buffer.byteLength(text.toString(), 'utf8') + addedBytes <= MAX_BOARD_BYTES;
	}

	/** Applies an update a writer sent (persisted, broadcast and relayed by the update handler). */
	applyClientUpdate(entry: DocEntry, update: Uint8Array, from: DocPeer): void {
		Y.applyUpdate(entry.doc, update, from);
	}

	/** Appends a line at the end of a board's text, as the server; resolves once it is stored. */
	appendLine(name: string, line: string): Promise<void> {
		return this.editAsServer(name, (text) => {
			const current = text.toString();
			const sep = current.length === 0 || current.endsWith('\n') ? '' : '\n';
			text.insert(text.length, `${sep}${line}\n`);
		});
	}

	/** Empties a board's text, as the server (everyone connected sees it go); resolves once it is stored. */
	clearText(name: string): Promise<void> {
		return this.editAsServer(name, (text) => {
			if (text.length) text.delete(0, text.length);
		});
	}

	/** Runs `edit` on a board's text in one server transaction and waits until it is stored. */
	private async editAsServer(name: string, edit: (text: Y.Text) => void): Promise<void> {
		const entry = await this.acquire(name);
		try {
			const text = entry.doc.getText(BOARD_TEXT);
			entry.doc.transact(() => edit(text), SERVER);
			await entry.persisted;
			if (entry.dirty) throw new DocUnavailable('not stored');
		} finally {
			this.release(entry);
		}
	}

	/** The text of a board: from memory when loaded, else from the store. */
	async readText(name: string): Promise<string> {
		const entry = this.docs.get(name);
		if (entry && !entry.unloading) return entry.doc.getText(BOARD_TEXT).toString();
		const doc = new Y.Doc();
		try {
			for (const u of await this.opts.store.readUpdates(name)) Y.applyUpdate(doc, u);
			return doc.getText(BOARD_TEXT).toString();
		} finally {
			doc.destroy();
		}
	}

	/** Calls `listener` (throttled per doc) after a doc changed on this instance. */
	onText(listener: TextListener): () => void {
		this.textListeners.push(listener);
		return () => {
			this.textListeners = this.textListeners.filter((l) => l !== listener);
		};
	}

	/** Unloads (after flushing) every doc whose name starts with `prefix`; their connections must be closed first. */
	async unloadPrefix(prefix: string): Promise<void> {
		const entries = [...this.docs.values()].filter((e) => e.name.startsWith(prefix));
		for (const e of entries) {
			if (e.unloadTimer) clearTimeout(e.unloadTimer);
			e.unloadTimer = null;
		}
		await Promise.all(entries.map((e) => e.unloading ?? this.unload(e)));
		await Promise.all([...this.loading.entries()].filter(([name]) => name.startsWith(prefix)).map(([, p]) => p.catch(() => undefined)));
	}

	/** Unloads every doc after flushing; used at shutdown (connections must be closed first). */
	async close(): Promise<void> {
		this.closed = true;
		const entries = [...this.docs.values()];
		for (const e of entries) {
			if (e.unloadTimer) clearTimeout(e.unloadTimer);
			e.unloadTimer = null;
		}
		await Promise.all(entries.map((e) => (e.unloading ? e.unloading : this.unload(e))));
		await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
	}

	private async load(name: string): Promise<void> {
		const { store, relay, log } = this.opts;
		const doc = new Y.Doc();
		const peers = new Set<DocPeer>();
		const entry: DocEntry = {
			name,
			doc,
			peers,
			hub: new AwarenessHub(doc, () => peers, { publish: relay ? (u) => relay.publish(name, 'awareness', u) : undefined }),
			holds: 0,
			persisted: Promise.resolve(),
			logLength: 0,
			dirty: false,
			retryTimer: null,
			compacting: null,
			unloadTimer: null,
			unloading: null,
			textTimer: null
		};
		try {
			// Subscribe before reading the log, so nothing published meanwhile falls in between.
			if (relay)
				await relay.subscribe(name, (kind, payload) => {
					try {
						if (kind === 'update') Y.applyUpdate(doc, payload, RELAY);
						else entry.hub.applyFromRelay(payload);
					} catch (err) {
						log.warn({ err, docName: name }, 'yjs: bad relayed message');
					}
				});
			const updates = await store.readUpdates(name);
			doc.transact(() => {
				for (const u of updates) Y.applyUpdate(doc, u);
			}, LOAD);
			entry.logLength = updates.length;
		} catch (err) {
			log.error({ err, docName: name }, 'yjs: board failed to load; refusing connections to it');
			if (relay) await relay.unsubscribe(name);
			entry.hub.destroy();
			doc.destroy();
			throw new DocUnavailable(name);
		}
		doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(entry, update, origin));
		this.docs.set(name, entry);
	}

	private onUpdate(entry: DocEntry, update: Uint8Array, origin: unknown): void {
		const message = updateMessage(update);
		for (const p of entry.peers) if (p !== origin) p.send(message);
		if (origin === RELAY || origin === LOAD) return;
		this.persist(entry, update);
		this.opts.relay?.publish(entry.name, 'update', update);
		this.scheduleText(entry);
	}

	private persist(entry: DocEntry, update: Uint8Array): void {
		entry.logLength++;
		entry.persisted = entry.persisted.then(async () => {
			if (entry.dirty) return; // the full save that is pending includes this update
			try {
				await this.opts.store.appendUpdate(entry.name, update);
			} catch (err) {
				this.opts.log.error({ err, docName: entry.name }, 'yjs: could not store an update; will store the whole board again');
				entry.dirty = true;
				this.scheduleRetry(entry, 500);
			}
		});
		if (entry.logLength >= this.compactEvery && !entry.compacting) this.compact(entry);
	}

	/** Stores the whole state again after failed appends (it covers every update that was missed). */
	private scheduleRetry(entry: DocEntry, delay: number): void {
		if (entry.retryTimer || this.closed) return;
		entry.retryTimer = setTimeout(() => {
			entry.retryTimer = null;
			entry.persisted = entry.persisted.then(() => this.saveWhole(entry, delay));
		}, delay);
	}

	private async saveWhole(entry: DocEntry, lastDelay: number): Promise<void> {
		if (!entry.dirty) return;
		try {
			await this.opts.store.appendUpdate(entry.name, Y.encodeStateAsUpdate(entry.doc));
			entry.dirty = false;
			entry.logLength++;
			this.opts.log.info({ docName: entry.name }, 'yjs: board stored again after a failure');
		} catch {
			this.scheduleRetry(entry, Math.min(lastDelay * 2, 10_000));
		}
	}

	/** Merges the stored log (Y.mergeUpdates) into one update. One at a time per doc and across instances. */
	private compact(entry: DocEntry): Promise<void> {
		const run = async () => {
			const { store, relay, log } = this.opts;
			const unlock = relay ? await relay.lock(`compact:${entry.name}`, 30_000).catch(() => null) : async () => {};
			if (!unlock) return;
			try {
				await entry.persisted;
				const updates = await store.readUpdates(entry.name);
				if (updates.length < 2) return;
				await store.compactUpdates(entry.name, Y.mergeUpdates(updates), updates.length);
				entry.logLength = Math.max(1, entry.logLength - updates.length + 1);
			} catch (err) {
				log.warn({ err, docName: entry.name }, 'yjs: compaction failed (the log is unchanged)');
			} finally {
				await unlock();
			}
		};
		entry.compacting = run().finally(() => {
			entry.compacting = null;
		});
		return entry.compacting;
	}

	/** After a Redis reconnect: apply whatever other instances stored while messages were lost. */
	private async catchUp(entry: DocEntry): Promise<void> {
		try {
			const updates = await this.opts.store.readUpdates(entry.name);
			if (entry.unloading) return;
			entry.doc.transact(() => {
				for (const u of updates) Y.applyUpdate(entry.doc, u);
			}, RELAY);
		} catch (err) {
			this.opts.log.warn({ err, docName: entry.name }, 'yjs: catch-up after reconnect failed');
		}
	}

	private scheduleText(entry: DocEntry): void {
		if (entry.textTimer || !this.textListeners.length) return;
		entry.textTimer = setTimeout(() => this.emitText(entry), this.textThrottleMs);
	}

	private emitText(entry: DocEntry): void {
		if (entry.textTimer) clearTimeout(entry.textTimer);
		entry.textTimer = null;
		const text = entry.doc.getText(BOARD_TEXT).toString();
		for (const l of this.textListeners) {
			try {
				l(entry.name, text);
			} catch (err) {
				this.opts.log.error({ err }, 'yjs: text listener failed');
			}
		}
	}

	private unload(entry: DocEntry): Promise<void> {
		entry.unloading = (async () => {
			if (entry.textTimer) this.emitText(entry);
			entry.hub.flush();
			if (entry.compacting) await entry.compacting;
			await entry.persisted;
			if (entry.dirty) await this.saveWhole(entry, 1000);
			await entry.persisted;
			if (entry.dirty) {
				// Still not stored: keep the board in memory (retrying) rather than lose it.
				this.opts.log.error({ docName: entry.name }, 'yjs: board kept in memory until it can be stored');
				entry.unloading = null;
				if (!this.closed) this.scheduleUnload(entry, 5000);
				return;
			}
			if (entry.logLength > 20 && entry.holds === 0) await this.compact(entry);
			if (entry.retryTimer) clearTimeout(entry.retryTimer);
			if (this.opts.relay) await this.opts.relay.unsubscribe(entry.name);
			entry.hub.destroy();
			entry.doc.destroy();
			this.docs.delete(entry.name);
		})();
		return entry.unloading;
	}
}

export { SERVER as SERVER_ORIGIN };
