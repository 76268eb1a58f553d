/**
 * The embedded store: one SQLite file (WAL) under DATA_DIR. Synchronous better-sqlite3 calls
 * behind the async Store contract; every append is one transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { MinutesVersionHead, NewMinutesVersion } from '../../src/lib/shared/minutes/versions.js';
import type { LoggedSeriesEvent } from '../../src/lib/shared/series/types.js';
import type { AppendResult, NewEvent, NewSeriesEvent, SeriesAppendResult, SeriesTokenRecord, Store, TokenRecord } from './types.js';
import { guardStore } from './unavailable.js';
import { RateLimiter, type Buckets } from '../rate-limit.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
	meeting_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor TEXT, body TEXT NOT NULL,
	PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (meeting_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
	hash TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, role TEXT NOT NULL, link_id TEXT NOT NULL,
	room_id TEXT, member_id TEXT, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS yjs_updates (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS yjs_updates_doc ON yjs_updates (doc, id);
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS minutes_versions (
	meeting_id TEXT NOT NULL, no INTEGER NOT NULL, head TEXT NOT NULL, text TEXT NOT NULL, generated TEXT NOT NULL,
	PRIMARY KEY (meeting_id, no)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series_events (
	series_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor TEXT, body TEXT NOT NULL,
	PRIMARY KEY (series_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series_tokens (
	hash TEXT PRIMARY KEY, series_id TEXT NOT NULL, role TEXT NOT NULL, link_id TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS series_meetings (meeting_id TEXT PRIMARY KEY, series_id TEXT NOT NULL);
`;

/** Opens (and creates if needed) the SQLite store at `file`; its shared rate limits run on `opts.now` (default `Date.now`). */
export function openSqliteStore(file: string, opts: { now?: () => number } = {}): Store {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	// Another process holding the file (a backup, a copy) makes writes wait this long, then refuse.
	db.pragma('busy_timeout = 500');
	// Deleted rows are overwritten, so compacted or purged board text leaves nothing in the file's free pages.
	db.pragma('secure_delete = ON');
	db.exec(SCHEMA);

	const lastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE meeting_id = ?');
	const insertEvent = db.prepare('INSERT INTO events (meeting_id, seq, at, actor, body) VALUES (?, ?, ?, ?, ?)');
	const selectEvents = db.prepare<[string, number], { seq: number; at: number; actor: string | null; body: string }>(
		'SELECT seq, at, actor, body FROM events WHERE meeting_id = ? AND seq > ? ORDER BY seq'
	);
	const upsertSnapshot = db.prepare(
		'INSERT INTO snapshots (meeting_id, seq, body) VALUES (?, ?, ?) ON CONFLICT(meeting_id) DO UPDATE SET seq = excluded.seq, body = excluded.body WHERE excluded.seq >= snapshots.seq'
	);
	const selectSnapshot = db.prepare<[string], { body: string }>('SELECT body FROM snapshots WHERE meeting_id = ?');
	const insertToken = db.prepare(
		'INSERT OR REPLACE INTO tokens (hash, meeting_id, role, link_id, room_id, member_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const selectToken = db.prepare<[string], Record<string, unknown>>('SELECT * FROM tokens WHERE hash = ?');
	const insertUpdate = db.prepare('INSERT INTO yjs_updates (doc, data) VALUES (?, ?)');
	const selectUpdates = db.prepare<[string], { id: number; data: Buffer }>('SELECT id, data FROM yjs_updates WHERE doc = ? ORDER BY id');
	const docsWithPrefix = db.prepare<[string, string], { doc: string }>('SELECT DISTINCT doc FROM yjs_updates WHERE doc >= ? AND doc < ?');
	const deleteDocsWithPrefix = db.prepare('DELETE FROM yjs_updates WHERE doc >= ? AND doc < ?');
	const selectMeetingIds = db.prepare<[], { meeting_id: string }>('SELECT DISTINCT meeting_id FROM events');
	const selectSecret = db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?');
	const insertSecret = db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)');

	const lastVersion = db.prepare<[string], { no: number | null }>('SELECT MAX(no) AS no FROM minutes_versions WHERE meeting_id = ?');
	const insertVersion = db.prepare('INSERT INTO minutes_versions (meeting_id, no, head, text, generated) VALUES (?, ?, ?, ?, ?)');
	const selectVersionHeads = db.prepare<[string], { head: string }>('SELECT head FROM minutes_versions WHERE meeting_id = ? ORDER BY no');
	const selectVersion = db.prepare<[string, number], { head: string; text: string; generated: string }>('SELECT head, text, generated FROM minutes_versions WHERE meeting_id = ? AND no = ?');
	const updateVersionHead = db.prepare('UPDATE minutes_versions SET head = ? WHERE meeting_id = ? AND no = ?');
	const deleteVersions = db.prepare('DELETE FROM minutes_versions WHERE meeting_id = ?');

	const addVersionTx = db.transaction((meetingId: string, v: NewMinutesVersion): MinutesVersionHead => {
		const { text, generated, ...rest } = v;
		const head: MinutesVersionHead = { ...rest, no: (lastVersion.get(meetingId)?.no ?? 0) + 1, state: 'draft', finalisedBy: null, finalisedAt: null };
		insertVersion.run(meetingId, head.no, JSON.stringify(head), text, generated);
		return head;
	});
	const finaliseTx = db.transaction((meetingId: string, no: number, by: string, at: number): MinutesVersionHead | 'not_found' | 'wrong_state' => {
		const row = selectVersion.get(meetingId, no);
		if (!row) return 'not_found';
		const head = JSON.parse(row.head) as MinutesVersionHead;
		if (head.state === 'final') return 'wrong_state';
		const final: MinutesVersionHead = { ...head, state: 'final', finalisedBy: by, finalisedAt: at };
		updateVersionHead.run(JSON.stringify(final), meetingId, no);
		return final;
	});
	const lastSeriesSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM series_events WHERE series_id = ?');
	const insertSeriesEvent = db.prepare('INSERT INTO series_events (series_id, seq, at, actor, body) VALUES (?, ?, ?, ?, ?)');
	const selectSeriesEvents = db.prepare<[string, number], { seq: number; at: number; actor: string | null; body: string }>(
		'SELECT seq, at, actor, body FROM series_events WHERE series_id = ? AND seq > ? ORDER BY seq'
	);
	const insertSeriesToken = db.prepare('INSERT OR REPLACE INTO series_tokens (hash, series_id, role, link_id, created_at) VALUES (?, ?, ?, ?, ?)');
	const selectSeriesToken = db.prepare<[string], { hash: string; series_id: string; role: string; link_id: string; created_at: number }>(
		'SELECT * FROM series_tokens WHERE hash = ?'
	);
	const insertSeriesMeeting = db.prepare('INSERT OR IGNORE INTO series_meetings (meeting_id, series_id) VALUES (?, ?)');
	const selectSeriesMeeting = db.prepare<[string], { series_id: string }>('SELECT series_id FROM series_meetings WHERE meeting_id = ?');
	const appendSeriesTx = db.transaction((seriesId: string, expectedSeq: number, events: NewSeriesEvent[]): SeriesAppendResult => {
		const current = lastSeriesSeq.get(seriesId)?.seq ?? 0;
		if (current !== expectedSeq) return { ok: false, code: 'conflict', currentSeq: current };
		let seq = current;
		for (const e of events) insertSeriesEvent.run(seriesId, ++seq, e.at, e.actor, JSON.stringify(e.event));
		return { ok: true, seq };
	});

	const readLog = (meetingId: string, afterSeq: number): LoggedEvent[] =>
		selectEvents.all(meetingId, afterSeq).map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, event: JSON.parse(r.body) }));

	// One process owns the file, so the shared limits are this process's memory.
	const limiter = new RateLimiter(opts.now);

	const appendTx = db.transaction((meetingId: string, expectedSeq: number, events: NewEvent[], limits: Buckets | undefined): AppendResult => {
		const current = lastSeq.get(meetingId)?.seq ?? 0;
		if (current !== expectedSeq) return { ok: false, code: 'conflict', currentSeq: current, missed: expectedSeq < current ? readLog(meetingId, expectedSeq) : [] };
		if (limits && !limiter.takeAll(limits)) return { ok: false, code: 'rate_limited' };
		let seq = current;
		for (const e of events) insertEvent.run(meetingId, ++seq, e.at, e.actor, JSON.stringify(e.event));
		return { ok: true, seq };
	});

	// Board updates arriving in one turn of the event loop (every keystroke of every board) are written
	// in one transaction at the end of it: one commit for all, not one each (an autocommit insert
	// blocks the loop ~4× longer than its share of a batch). Reads and rewrites of the log write them first.
	let pendingUpdates: { doc: string; data: Buffer; resolve(): void; reject(err: unknown): void }[] = [];
	const insertUpdates = db.transaction((rows: typeof pendingUpdates) => {
		for (const r of rows) insertUpdate.run(r.doc, r.data);
	});
	const flushUpdates = () => {
		const rows = pendingUpdates;
		if (!rows.length) return;
		pendingUpdates = [];
		try {
			insertUpdates(rows);
		} catch (err) {
			for (const r of rows) r.reject(err);
			return;
		}
		for (const r of rows) r.resolve();
	};

	const compactTx = db.transaction((docName: string, merged: Uint8Array, replacedCount: number) => {
		const rows = selectUpdates.all(docName).slice(0, replacedCount);
		if (rows.length === 0) return;
		const lastId = rows[rows.length - 1].id;
		db.prepare('DELETE FROM yjs_updates WHERE doc = ? AND id <= ?').run(docName, lastId);
		// Keep the merged update first: give it the id of the last row it replaces.
		db.prepare('INSERT INTO yjs_updates (id, doc, data) VALUES (?, ?, ?)').run(lastId, docName, Buffer.from(merged));
	});

	let closed = false;
	const store: Store = {
		kind: 'sqlite',
		async ping() {
			db.prepare('SELECT 1').get();
		},
		async append(meetingId, expectedSeq, events, limits) {
			return appendTx(meetingId, expectedSeq, events, limits);
		},
		async subscribeCommits() {
			return async () => undefined; // one process owns the file: nobody else appends
		},
		async takeTokens(buckets) {
			return limiter.takeAll(buckets);
		},
		async readEvents(meetingId, afterSeq): Promise<LoggedEvent[]> {
			return readLog(meetingId, afterSeq);
		},
		async saveSnapshot(meetingId, state: MeetingState) {
			upsertSnapshot.run(meetingId, state.seq, JSON.stringify(state));
		},
		async loadSnapshot(meetingId) {
			const row = selectSnapshot.get(meetingId);
			return row ? (JSON.parse(row.body) as MeetingState) : null;
		},
		async putTokens(records: TokenRecord[]) {
			db.transaction(() => {
				for (const r of records) insertToken.run(r.hash, r.meetingId, r.role, r.linkId, r.roomId, r.memberId, r.createdAt);
			})();
		},
		async findToken(hash) {
			const r = selectToken.get(hash);
			if (!r) return null;
			return {
				hash: r.hash as string,
				meetingId: r.meeting_id as string,
				role: r.role as TokenRecord['role'],
				linkId: r.link_id as string,
				roomId: (r.room_id as string | null) ?? null,
				memberId: (r.member_id as string | null) ?? null,
				createdAt: r.created_at as number
			};
		},
		appendUpdate(docName, update) {
			if (closed) return Promise.reject(new Error('store closed'));
			return new Promise<void>((resolve, reject) => {
				if (!pendingUpdates.length) setImmediate(flushUpdates);
				pendingUpdates.push({ doc: docName, data: Buffer.from(update), resolve, reject });
			});
		},
		async readUpdates(docName) {
			flushUpdates();
			return selectUpdates.all(docName).map((r) => new Uint8Array(r.data));
		},
		async compactUpdates(docName, merged, replacedCount) {
			flushUpdates();
			compactTx(docName, merged, replacedCount);
		},
		async purgeDocs(prefix) {
			flushUpdates();
			const range = [prefix, `${prefix}\uffff`] as const;
			const docs = db.transaction(() => {
				const found = docsWithPrefix.all(...range).length;
				deleteDocsWithPrefix.run(...range);
				return found;
			})();
			// The write-ahead log still holds the deleted pages until a checkpoint: fold and truncate it.
			db.pragma('wal_checkpoint(TRUNCATE)');
			return docs;
		},
		async addMinutesVersion(meetingId, version) {
			return addVersionTx(meetingId, version);
		},
		async listMinutesVersions(meetingId) {
			return selectVersionHeads.all(meetingId).map((r) => JSON.parse(r.head) as MinutesVersionHead);
		},
		async readMinutesVersion(meetingId, no) {
			const row = selectVersion.get(meetingId, no);
			return row ? { ...(JSON.parse(row.head) as MinutesVersionHead), text: row.text, generated: row.generated } : null;
		},
		async finaliseMinutesVersion(meetingId, no, by, at) {
			return finaliseTx(meetingId, no, by, at);
		},
		async purgeMinutesVersions(meetingId) {
			const n = deleteVersions.run(meetingId).changes;
			db.pragma('wal_checkpoint(TRUNCATE)');
			return n;
		},
		async meetingIds() {
			return selectMeetingIds.all().map((r) => r.meeting_id);
		},
		async appendSeries(seriesId, expectedSeq, events) {
			return appendSeriesTx(seriesId, expectedSeq, events);
		},
		async readSeriesEvents(seriesId, afterSeq): Promise<LoggedSeriesEvent[]> {
			return selectSeriesEvents.all(seriesId, afterSeq).map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, event: JSON.parse(r.body) }));
		},
		async putSeriesTokens(records: SeriesTokenRecord[]) {
			db.transaction(() => {
				for (const r of records) insertSeriesToken.run(r.hash, r.seriesId, r.role, r.linkId, r.createdAt);
			})();
		},
		async findSeriesToken(hash) {
			const r = selectSeriesToken.get(hash);
			return r ? { hash: r.hash, seriesId: r.series_id, role: r.role as SeriesTokenRecord['role'], linkId: r.link_id, createdAt: r.created_at } : null;
		},
		async joinSeries(meetingId, seriesId) {
			insertSeriesMeeting.run(meetingId, seriesId);
			return selectSeriesMeeting.get(meetingId)!.series_id;
		},
		async seriesOf(meetingId) {
			return selectSeriesMeeting.get(meetingId)?.series_id ?? null;
		},
		async secret(name, create) {
			insertSecret.run(name, create());
			return selectSecret.get(name)!.value;
		},
		async close() {
			if (closed) return;
			flushUpdates();
			closed = true;
			db.close();
		}
	};
	return guardStore(store, isDiskDown);
}

/** SQLite result codes that mean the file cannot be used right now (locked, read-only, full, I/O). */
const DISK_DOWN = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL)/;

function isDiskDown(err: unknown): boolean {
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' && DISK_DOWN.test(code);
}
