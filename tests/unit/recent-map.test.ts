/** The bounded cache of meetings' states: least recently used goes first; a job's peek does not count as use. */
import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../server/recent-map.js';

describe('RecentMap', () => {
	it('drops the least recently used entry when over its size; get counts as use, peek does not', () => {
		const m = new RecentMap<string, number>(2);
		m.set('a', 1).set('b', 2);
		expect(m.get('a')).toBe(1); // a is now the most recent
		m.set('c', 3);
		expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([true, false, true]);
		expect(m.peek('a')).toBe(1); // a stays the older of the two
		m.set('d', 4);
		expect([m.has('a'), m.has('c'), m.has('d')]).toEqual([false, true, true]);
		expect(m.size).toBe(2);
	});

	it('setting a key again replaces it without growing', () => {
		const m = new RecentMap<string, number>(2);
		m.set('a', 1).set('a', 2).set('b', 3);
		expect([m.get('a'), m.get('b'), m.size]).toEqual([2, 3, 2]);
	});
});
