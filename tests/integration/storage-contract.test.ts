/**
 * The Store contract, run unchanged against the SQLite adapter (a temp file) and the Redis
 * adapter (a real redis-server started for this file). A new adapter passes this suite or it
 * is not a Store.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openRedisStore } from '../../server/storage/redis.js';
import { openSqliteStore } from '../../server/storage/sqlite.js';
import type { NewEvent, Store, TokenRecord } from '../../server/storage/types.js';
import { emptyState } from '../../src/lib/shared/meeting/reduce.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { MinutesBasis, NewMinutesVersion } from '../../src/lib/shared/minutes/versions.js';
import { freePort } from '../helpers/daemon.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const ev = (id: string, at = 1000, actor: string | null = 'm1'): NewEvent => ({ at, actor, event: { type: 'room.removed', id } });

const basis: MinutesBasis = { version: 'internal', includeConfidential: false, sharedOnly: false, lang: 'ja' };
const version = (text: string, savedAt = 1000): NewMinutesVersion => ({ savedBy: '運営', savedAt, basis, maskedLines: 0, text, generated: `# 生成\n${text}` });

function snapshot(meetingId: string, seq: number, title: string): MeetingState {
	const state = emptyState(meetingId);
	return { ...state, seq, meeting: { ...state.meeting, title } };
}

/**
 * Registers the contract tests for one adapter. `open(place)` opens a store on `place`: every
 * test uses its own place, and opening the same place again must see the same data.
 */
function storageContract(name: string, open: (place: string) => Promise<Store>): void {
	describe(`store contract: ${name}`, () => {
		let places = 0;
		let opened: Store[] = [];
		/** A fresh place for one test, and an opener that closes its stores after the test. */
		const newPlace = () => {
			const place = `t${++places}-${Date.now().toString(36)}`;
			return async () => {
				const store = await open(place);
				opened.push(store);
				return store;
			};
		};
		afterEach(async () => {
			await Promise.all(opened.map((s) => s.close()));
			opened = [];
		});

		it('is the expected kind and answers ping', async () => {
			const store = await newPlace()();
			expect(store.kind).toBe(name);
			await expect(store.ping()).resolves.toBeUndefined();
		});

		it('appends with the expected seq and numbers events 1..n', async () => {
			const store = await newPlace()();
			expect(await store.append('m', 0, [ev('r1', 1000, 'a'), ev('r2', 1001, null)])).toEqual({ ok: true, seq: 2 });
			expect(await store.append('m', 2, [ev('r3', 1002)])).toEqual({ ok: true, seq: 3 });
			expect(await store.readEvents('m', 0)).toEqual([
				{ seq: 1, at: 1000, actor: 'a', event: { type: 'room.removed', id: 'r1' } },
				{ seq: 2, at: 1001, actor: null, event: { type: 'room.removed', id: 'r2' } },
				{ seq: 3, at: 1002, actor: 'm1', event: { type: 'room.removed', id: 'r3' } }
			]);
		});

		it('refuses a conflicting append with the current seq and writes nothing', async () => {
			const store = await newPlace()();
			await store.append('m', 0, [ev('first')]);
			expect(await store.append('m', 0, [ev('stale'), ev('stale2')])).toEqual({ ok: false, code: 'conflict', currentSeq: 1, missed: await store.readEvents('m', 0) });
			expect(await store.append('m', 5, [ev('ahead')])).toEqual({ ok: false, code: 'conflict', currentSeq: 1, missed: [] });
			const events = await store.readEvents('m', 0);
			expect(events.map((e) => e.event)).toEqual([{ type: 'room.removed', id: 'first' }]);
		});

		it('lets exactly one of several concurrent appends with the same expected seq win', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			await a.append('m', 0, [ev('base')]);
			const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).append('m', 1, [ev(`w${i}`), ev(`w${i}b`)]));
			const results = await Promise.all(attempts);
			const winners = results.filter((r) => r.ok);
			expect(winners).toEqual([{ ok: true, seq: 3 }]);
			for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, code: 'conflict', currentSeq: 3, missed: await a.readEvents('m', 1) });
			const events = await a.readEvents('m', 0);
			expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
			const winner = results.findIndex((r) => r.ok);
			expect(events.slice(1).map((e) => e.event)).toEqual([
				{ type: 'room.removed', id: `w${winner}` },
				{ type: 'room.removed', id: `w${winner}b` }
			]);
		});

		it('takes a token from every bucket or from none, and refills buckets at their rate', async () => {
			const store = await newPlace()();
			const slow = (capacity: number) => ({ capacity, refillPerSecond: 0.001 });
			expect(await store.takeTokens([['wide', slow(3)], ['narrow', slow(1)]])).toBe(true);
			expect(await store.takeTokens([['wide', slow(3)], ['narrow', slow(1)]])).toBe(false); // narrow is empty
			// The refused take paid nothing: wide still holds 2.
			expect(await store.takeTokens([['wide', slow(3)]])).toBe(true);
			expect(await store.takeTokens([['wide', slow(3)]])).toBe(true);
			expect(await store.takeTokens([['wide', slow(3)]])).toBe(false);
			const fast = { capacity: 1, refillPerSecond: 40 };
			expect(await store.takeTokens([['fast', fast]])).toBe(true);
			expect(await store.takeTokens([['fast', fast]])).toBe(false);
			await new Promise((r) => setTimeout(r, 100)); // 4 tokens' worth of refill, capped at 1
			expect(await store.takeTokens([['fast', fast]])).toBe(true);
			expect(await store.takeTokens([['fast', fast]])).toBe(false);
		});

		it('an append with buckets pays one token from each only when it writes, and writes nothing when one is empty', async () => {
			const store = await newPlace()();
			const once = { capacity: 1, refillPerSecond: 0.001 };
			await store.append('m', 0, [ev('first')]);
			const conflict = await store.append('m', 0, [ev('stale')], [['sender', once]]);
			expect(conflict).toMatchObject({ ok: false, code: 'conflict', currentSeq: 1 });
			expect(await store.append('m', 1, [ev('paid')], [['sender', once], ['meeting', { capacity: 5, refillPerSecond: 0.001 }]])).toEqual({ ok: true, seq: 2 });
			expect(await store.append('m', 2, [ev('flood')], [['sender', once]])).toEqual({ ok: false, code: 'rate_limited' });
			expect((await store.readEvents('m', 0)).map((e) => e.event)).toEqual([
				{ type: 'room.removed', id: 'first' },
				{ type: 'room.removed', id: 'paid' }
			]);
			expect(await store.takeTokens([['sender', once]])).toBe(false); // the same buckets as takeTokens
			expect(await store.takeTokens([['meeting', { capacity: 5, refillPerSecond: 0.001 }]])).toBe(true); // 5 − 1 paid − this one
			expect(await store.append('m', 2, [ev('free')])).toEqual({ ok: true, seq: 3 }); // no buckets, no limit
			// A batch of two commands names their common bucket twice: it pays twice.
			const pair = { capacity: 3, refillPerSecond: 0.001 };
			expect(await store.append('m', 3, [ev('one'), ev('two')], [['shared', pair], ['shared', pair]])).toEqual({ ok: true, seq: 5 });
			expect(await store.takeTokens([['shared', pair]])).toBe(true);
			expect(await store.takeTokens([['shared', pair]])).toBe(false);
		});

		it('reads only the events after a seq, and nothing for an unknown meeting', async () => {
			const store = await newPlace()();
			await store.append('m', 0, [ev('1'), ev('2'), ev('3'), ev('4'), ev('5')]);
			expect((await store.readEvents('m', 3)).map((e) => e.seq)).toEqual([4, 5]);
			expect(await store.readEvents('m', 5)).toEqual([]);
			expect(await store.readEvents('other', 0)).toEqual([]);
		});

		it('keeps meetings apart', async () => {
			const store = await newPlace()();
			await store.append('m1', 0, [ev('a')]);
			expect(await store.append('m2', 0, [ev('b')])).toEqual({ ok: true, seq: 1 });
			expect((await store.readEvents('m1', 0)).map((e) => e.event)).toEqual([{ type: 'room.removed', id: 'a' }]);
		});

		it('saves and loads snapshots, never replacing a newer one with an older one', async () => {
			const store = await newPlace()();
			expect(await store.loadSnapshot('m')).toBeNull();
			await store.saveSnapshot('m', snapshot('m', 3, 'three'));
			expect(await store.loadSnapshot('m')).toEqual(snapshot('m', 3, 'three'));
			await store.saveSnapshot('m', snapshot('m', 2, 'older'));
			expect(await store.loadSnapshot('m')).toEqual(snapshot('m', 3, 'three'));
			await store.saveSnapshot('m', snapshot('m', 3, 'same seq'));
			expect((await store.loadSnapshot('m'))?.meeting.title).toBe('same seq');
			await store.saveSnapshot('m', snapshot('m', 7, 'newer'));
			expect(await store.loadSnapshot('m')).toEqual(snapshot('m', 7, 'newer'));
		});

		it('puts and finds tokens by hash, and returns null for an unknown hash', async () => {
			const store = await newPlace()();
			const organiser: TokenRecord = { hash: 'h-org', meetingId: 'm', role: 'organiser', linkId: 'l1', roomId: null, memberId: null, createdAt: 1 };
			const member: TokenRecord = { hash: 'h-mem', meetingId: 'm', role: 'participant', linkId: 'l2', roomId: 'r1', memberId: 'u1', createdAt: 2 };
			await store.putTokens([organiser, member]);
			await store.putTokens([]);
			expect(await store.findToken('h-org')).toEqual(organiser);
			expect(await store.findToken('h-mem')).toEqual(member);
			expect(await store.findToken('h-nope')).toBeNull();
		});

		it('stores Yjs updates byte for byte, in order', async () => {
			const store = await newPlace()();
			const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
			const invalidUtf8 = Uint8Array.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0d, 0x0a]);
			const view = new Uint8Array(Uint8Array.from([9, 9, 1, 2, 3, 9]).buffer, 2, 3); // a view into a larger buffer
			await store.appendUpdate('d', allBytes);
			await store.appendUpdate('d', invalidUtf8);
			await store.appendUpdate('d', view);
			const read = await store.readUpdates('d');
			expect(read.every((u) => u instanceof Uint8Array)).toBe(true);
			expect(read.map((u) => Array.from(u))).toEqual([Array.from(allBytes), Array.from(invalidUtf8), [1, 2, 3]]);
			expect(await store.readUpdates('unknown')).toEqual([]);
		});

		it('stores updates of many boards appended at once, each board in order, for a read, a compaction or a close that follows at once', async () => {
			const opener = newPlace();
			const store = await opener();
			const docs = ['b1', 'b2', 'b3'];
			// Not awaited one by one: every board's keystrokes of one moment arrive together.
			const writes = docs.flatMap((d, i) => [1, 2, 3].map((n) => store.appendUpdate(d, Uint8Array.from([i, n]))));
			expect((await store.readUpdates('b2')).map((u) => Array.from(u))).toEqual([[1, 1], [1, 2], [1, 3]]);
			await Promise.all(writes);
			const late = [store.appendUpdate('b1', Uint8Array.from([0, 4])), store.appendUpdate('b3', Uint8Array.from([2, 4]))];
			await store.compactUpdates('b1', Uint8Array.from([0, 9]), 3);
			expect((await store.readUpdates('b1')).map((u) => Array.from(u))).toEqual([[0, 9], [0, 4]]);
			const last = store.appendUpdate('b3', Uint8Array.from([2, 5]));
			await store.close();
			await Promise.all([...late, last]);
			const reopened = await opener();
			expect((await reopened.readUpdates('b3')).map((u) => Array.from(u))).toEqual([[2, 1], [2, 2], [2, 3], [2, 4], [2, 5]]);
			await reopened.close();
		});

		it('purges every board of a meeting (and only those), for good', async () => {
			const opener = newPlace();
			const store = await opener();
			for (const doc of ['m1/room/r1', 'm1/room/r2', 'm1/summary', 'm10/room/r1', 'm2/room/r1']) await store.appendUpdate(doc, Uint8Array.from([1, 2, 3]));
			expect(await store.purgeDocs('m1/')).toBe(3);
			for (const doc of ['m1/room/r1', 'm1/room/r2', 'm1/summary']) expect(await store.readUpdates(doc), doc).toEqual([]);
			expect((await store.readUpdates('m10/room/r1')).length).toBe(1); // a longer id with the same start is another meeting
			expect((await store.readUpdates('m2/room/r1')).length).toBe(1);
			expect(await store.purgeDocs('m1/')).toBe(0);
			await store.close();
			const reopened = await opener();
			expect(await reopened.readUpdates('m1/room/r1')).toEqual([]);
		});

		it('lists the meetings that have a log', async () => {
			const store = await newPlace()();
			await store.append('ma', 0, [ev('x')]);
			await store.append('mb', 0, [ev('y')]);
			expect((await store.meetingIds()).sort()).toEqual(['ma', 'mb']);
		});

		it('compacts Yjs updates, keeping the ones appended meanwhile and their order', async () => {
			const store = await newPlace()();
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			const text = doc.getText('board');
			text.insert(0, 'こんにちは');
			text.insert(5, ', world');
			text.delete(0, 2);
			for (const u of updates) await store.appendUpdate('d', u);

			// Compaction reads the log, merges, and meanwhile two more edits arrive.
			const seen = await store.readUpdates('d');
			const merged = Y.mergeUpdates(seen);
			text.insert(text.length, '!');
			text.insert(0, '» ');
			for (const u of updates.slice(seen.length)) await store.appendUpdate('d', u);
			await store.compactUpdates('d', merged, seen.length);

			const after = await store.readUpdates('d');
			expect(after.map((u) => Array.from(u))).toEqual([merged, ...updates.slice(seen.length)].map((u) => Array.from(u)));
			const fresh = new Y.Doc();
			for (const u of after) Y.applyUpdate(fresh, u);
			expect(fresh.getText('board').toString()).toBe('» にちは, world!');
			expect(fresh.getText('board').toString()).toBe(text.toString());
		});

		it('creates a secret once and returns the same value to every caller', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			const values = await Promise.all([a.secret('jwt', () => 'from-a'), b.secret('jwt', () => 'from-b')]);
			expect(values[0]).toBe(values[1]);
			expect(await a.secret('jwt', () => 'later')).toBe(values[0]);
			expect(await a.secret('other', () => 'x')).toBe('x');
		});

		it('numbers minutes versions 1..n per meeting, lists their heads and reads their texts', async () => {
			const store = await newPlace()();
			const first = await store.addMinutesVersion('m', version('# 議事録 第1稿\n- 住まい', 1000));
			expect(first).toEqual({ no: 1, state: 'draft', savedBy: '運営', savedAt: 1000, finalisedBy: null, finalisedAt: null, basis, maskedLines: 0 });
			expect((await store.addMinutesVersion('m', version('第2稿', 2000))).no).toBe(2);
			expect((await store.addMinutesVersion('other', version('別の会議'))).no).toBe(1);
			expect((await store.listMinutesVersions('m')).map((v) => [v.no, v.savedAt])).toEqual([[1, 1000], [2, 2000]]);
			expect(await store.listMinutesVersions('m')).not.toHaveProperty([0, 'text']);
			expect(await store.readMinutesVersion('m', 1)).toEqual({ ...first, text: '# 議事録 第1稿\n- 住まい', generated: '# 生成\n# 議事録 第1稿\n- 住まい' });
			expect(await store.readMinutesVersion('m', 3)).toBeNull();
			expect(await store.readMinutesVersion('m', 0)).toBeNull();
			expect(await store.readMinutesVersion('nobody', 1)).toBeNull();
		});

		it('gives concurrent saves distinct numbers', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			const heads = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).addMinutesVersion('m', version(`稿${i}`))));
			expect(heads.map((h) => h.no).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			for (const h of heads) expect((await a.readMinutesVersion('m', h.no))!.text).toBe(`稿${heads.indexOf(h)}`);
		});

		it('finalises a draft once: a final version never changes', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			await a.addMinutesVersion('m', version('確定する稿'));
			const results = await Promise.all([a.finaliseMinutesVersion('m', 1, '青木', 5000), b.finaliseMinutesVersion('m', 1, '野口', 5001)]);
			const won = results.filter((r) => typeof r === 'object');
			expect(won).toHaveLength(1);
			expect(results.filter((r) => r === 'wrong_state')).toHaveLength(1);
			const read = await b.readMinutesVersion('m', 1);
			expect(read).toMatchObject({ state: 'final', finalisedBy: (won[0] as { finalisedBy: string }).finalisedBy, text: '確定する稿' });
			expect(await a.finaliseMinutesVersion('m', 1, '青木', 6000)).toBe('wrong_state');
			expect(await a.finaliseMinutesVersion('m', 2, '青木', 6000)).toBe('not_found');
		});

		it('purges the minutes versions of one meeting only', async () => {
			const store = await newPlace()();
			await store.addMinutesVersion('m', version('消える'));
			await store.addMinutesVersion('m', version('消える2'));
			await store.addMinutesVersion('keep', version('残る'));
			expect(await store.purgeMinutesVersions('m')).toBe(2);
			expect(await store.listMinutesVersions('m')).toEqual([]);
			expect(await store.readMinutesVersion('m', 1)).toBeNull();
			expect((await store.readMinutesVersion('keep', 1))!.text).toBe('残る');
			// Numbering starts again after a purge.
			expect((await store.addMinutesVersion('m', version('新'))).no).toBe(1);
		});

		it('keeps a series log apart from meeting logs, with the same optimistic appends', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			const created = { at: 7, actor: null, event: { type: 'series.created' as const, series: { id: 's', title: '連続', createdAt: 7 } } };
			expect(await a.appendSeries('s', 0, [created])).toEqual({ ok: true, seq: 1 });
			expect(await b.appendSeries('s', 0, [created])).toEqual({ ok: false, code: 'conflict', currentSeq: 1 });
			const added = { at: 8, actor: 'l1', event: { type: 'series.meetingAdded' as const, meeting: { meetingId: 'm', region: '東北', addedAt: 8 } } };
			const results = await Promise.all([a.appendSeries('s', 1, [added]), b.appendSeries('s', 1, [added])]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(await b.readSeriesEvents('s', 0)).toEqual([
				{ seq: 1, ...created },
				{ seq: 2, ...added }
			]);
			expect(await a.readSeriesEvents('s', 1)).toHaveLength(1);
			expect(await a.readSeriesEvents('other', 0)).toEqual([]);
			// Nothing of it is a meeting: retention and the like never visit it.
			expect(await a.meetingIds()).not.toContain('s');
			expect(await a.readEvents('s', 0)).toEqual([]);
		});

		it('finds series tokens by hash only, apart from meeting tokens', async () => {
			const store = await newPlace()();
			const rec = { hash: 'sh', seriesId: 's', role: 'ministry' as const, linkId: 'l', createdAt: 3 };
			await store.putSeriesTokens([rec]);
			expect(await store.findSeriesToken('sh')).toEqual(rec);
			expect(await store.findToken('sh')).toBeNull();
			expect(await store.findSeriesToken('nope')).toBeNull();
		});

		it('puts a meeting in one series at most: the first one wins', async () => {
			const opener = newPlace();
			const [a, b] = [await opener(), await opener()];
			expect(await a.seriesOf('m')).toBeNull();
			const answers = await Promise.all([a.joinSeries('m', 's1'), b.joinSeries('m', 's2')]);
			expect(answers[0]).toBe(answers[1]);
			expect(await b.joinSeries('m', 'later')).toBe(answers[0]);
			expect(await a.seriesOf('m')).toBe(answers[0]);
			expect(await a.seriesOf('other')).toBeNull();
		});

		it('keeps everything across close and reopen', async () => {
			const opener = newPlace();
			const first = await opener();
			const token: TokenRecord = { hash: 'h', meetingId: 'm', role: 'display', linkId: 'l', roomId: null, memberId: null, createdAt: 5 };
			await first.append('m', 0, [ev('a'), ev('b')]);
			await first.saveSnapshot('m', snapshot('m', 2, 'saved'));
			await first.putTokens([token]);
			await first.appendUpdate('d', Uint8Array.from([0, 1, 255]));
			const secret = await first.secret('s', () => 'kept');
			await first.addMinutesVersion('m', version('保存した稿'));
			await first.finaliseMinutesVersion('m', 1, '青木', 7000);
			await first.appendSeries('sr', 0, [{ at: 1, actor: null, event: { type: 'series.created', series: { id: 'sr', title: 't', createdAt: 1 } } }]);
			await first.joinSeries('m', 'sr');
			await first.close();
			await first.close(); // idempotent

			const second = await opener();
			expect((await second.readEvents('m', 0)).map((e) => e.seq)).toEqual([1, 2]);
			expect(await second.append('m', 2, [ev('c')])).toEqual({ ok: true, seq: 3 });
			expect(await second.loadSnapshot('m')).toEqual(snapshot('m', 2, 'saved'));
			expect(await second.findToken('h')).toEqual(token);
			expect((await second.readUpdates('d')).map((u) => Array.from(u))).toEqual([[0, 1, 255]]);
			expect(await second.secret('s', () => 'replaced')).toBe(secret);
			expect(await second.readMinutesVersion('m', 1)).toMatchObject({ no: 1, state: 'final', finalisedBy: '青木', finalisedAt: 7000, text: '保存した稿' });
			expect(await second.readSeriesEvents('sr', 0)).toHaveLength(1);
			expect(await second.seriesOf('m')).toBe('sr');
		});
	});
}

describe('SQLite adapter', () => {
	let dir = '';
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'yoriai-store-'));
	});
	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
	});
	storageContract('sqlite', async (place) => openSqliteStore(join(dir, `${place}.sqlite`)));

	it('leaves no byte of purged board text in the database file or its write-ahead log', async () => {
		const file = join(dir, 'purge-bytes.sqlite');
		const store = openSqliteStore(file);
		const doc = new Y.Doc();
		const marker = '千歳市北栄2丁目の田中さん 090-1234-5678';
		doc.getText('t').insert(0, marker.repeat(20));
		await store.appendUpdate('mp/room/r1', Y.encodeStateAsUpdate(doc));
		const needle = Buffer.from('千歳市北栄2丁目の田中さん');
		const onDisk = () => [file, `${file}-wal`].filter(existsSync).some((f) => readFileSync(f).includes(needle));
		expect(onDisk()).toBe(true); // the check can see the text while it is stored
		await store.purgeDocs('mp/');
		expect(onDisk()).toBe(false);
		await store.close();
		expect(onDisk()).toBe(false);
	});
});

describe('Redis adapter', () => {
	let redis: RedisServer | undefined;
	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		await redis?.stop();
	});
	storageContract('redis', (place) => openRedisStore(redis!.url, { prefix: `test:${place}:` }));

	it('shares its buckets between instances: what one took, the other cannot take again', async () => {
		const [a, b] = await Promise.all([0, 1].map(() => openRedisStore(redis!.url, { prefix: 'test:shared-buckets:' })));
		const rule = { capacity: 4, refillPerSecond: 0.001 };
		const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).takeTokens([['member', rule]])));
		expect(taken.filter(Boolean)).toHaveLength(4);
		await a.append('m', 0, [ev('x')]);
		expect(await b.append('m', 1, [ev('y')], [['member', rule]])).toEqual({ ok: false, code: 'rate_limited' });
		await Promise.all([a.close(), b.close()]);
	});

	it('publishes every append to the other stores on it, in log order, in the same round trip, and not to itself', async () => {
		const [a, b] = await Promise.all([0, 1].map(() => openRedisStore(redis!.url, { prefix: 'test:commits:' })));
		const onB: [string, number[]][] = [];
		const onA: unknown[] = [];
		const stopB = await b.subscribeCommits((meetingId, events) => onB.push([meetingId, events.map((e) => e.seq)]));
		const stopA = await a.subscribeCommits((...x) => onA.push(x));
		await a.append('m1', 0, [ev('r1'), ev('r2')]);
		await a.append('m1', 0, [ev('stale')]); // refused: nothing published
		await a.append('m1', 2, [ev('r3')], [['pub', { capacity: 1, refillPerSecond: 0.001 }]]);
		await a.append('m1', 3, [ev('r4')], [['pub', { capacity: 1, refillPerSecond: 0.001 }]]); // rate limited: nothing
		await a.append('m2', 0, [ev('x')]);
		await vi.waitFor(() => expect(onB).toEqual([['m1', [1, 2]], ['m1', [3]], ['m2', [1]]]));
		expect(onA).toEqual([]);
		await stopA();
		await stopB();
		await Promise.all([a.close(), b.close()]);
	});

	it('rejects with a clear message when Redis is unreachable', async () => {
		const port = await freePort();
		await expect(openRedisStore(`redis://:hunter2@127.0.0.1:${port}`)).rejects.toThrow(
			new RegExp(`^cannot connect to Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}`)
		);
	});
});
