/**
 * The clock offset estimator: NTP-style offset per round trip, the smallest round trip wins, old
 * samples expire, a local clock that jumps is noticed, and a burst over a simulated link with
 * asymmetric delays lands within a few ms of the true offset.
 */
import { describe, expect, it } from 'vitest';
import { burst, estimateOf, measure, OffsetEstimator } from '../../src/lib/client/clock-offset.js';

describe('estimateOf', () => {
	it('puts the server time at the middle of the round trip', () => {
		expect(estimateOf({ sentAt: 1000, serverAt: 301_050, receivedAt: 1100 })).toEqual({ offset: 300_000, rtt: 100, at: 1100 });
	});
});

describe('OffsetEstimator', () => {
	it('keeps the sample with the smallest round trip, whatever the order they come in', () => {
		const e = new OffsetEstimator();
		// True offset +180 000 ms; each sample's error depends on how asymmetric its delays were.
		e.add({ sentAt: 0, serverAt: 180_000 + 90, receivedAt: 120 }); // rtt 120, offset +180 030
		e.add({ sentAt: 1000, serverAt: 181_000 + 4, receivedAt: 1010 }); // rtt 10, offset +179 999
		e.add({ sentAt: 2000, serverAt: 182_000 + 10, receivedAt: 2060 }); // rtt 60, offset +179 980
		expect(e.best(2060)).toEqual({ offset: 179_999, rtt: 10, at: 1010 });
		expect(e.offset(2060)).toBe(179_999);
	});

	it('answers 0 before any sample', () => {
		expect(new OffsetEstimator().offset(123)).toBe(0);
		expect(new OffsetEstimator().best(123)).toBeNull();
	});

	it('forgets samples older than maxAgeMs, falling back to the newest when all are old', () => {
		const e = new OffsetEstimator({ maxAgeMs: 60_000 });
		e.add({ sentAt: 0, serverAt: 5, receivedAt: 2 }); // rtt 2, offset 4
		e.add({ sentAt: 50_000, serverAt: 50_030, receivedAt: 50_040 }); // rtt 40, offset 10
		expect(e.offset(50_040)).toBe(4);
		expect(e.offset(61_000)).toBe(10);
		expect(e.offset(500_000)).toBe(10);
	});

	it('drops older samples when the local clock jumps (their intervals cannot both be true)', () => {
		const e = new OffsetEstimator();
		e.add({ sentAt: 0, serverAt: 1, receivedAt: 2 }); // offset 0, rtt 2
		// The user sets the laptop clock 3 minutes back: a slower sample now says +180 000.
		e.add({ sentAt: 10_000, serverAt: 190_040, receivedAt: 10_080 });
		expect(e.size).toBe(1);
		expect(e.offset(10_080)).toBe(180_000);
	});

	it('keeps consistent samples (within their round trips) rather than resetting', () => {
		const e = new OffsetEstimator();
		e.add({ sentAt: 0, serverAt: 1, receivedAt: 2 });
		e.add({ sentAt: 100, serverAt: 160, receivedAt: 200 }); // offset +10, rtt 100: consistent
		expect(e.size).toBe(2);
		expect(e.offset(200)).toBe(0);
	});
});

describe('burst over a simulated link', () => {
	it('finds a +3 min skew within the smallest half round trip despite jittery, asymmetric delays', async () => {
		let t = 1_000_000; // the true (server) time, advanced by the simulated network
		const skew = 180_000;
		const local = () => t - skew;
		let n = 0;
		const delays = [[40, 5], [3, 30], [2, 2], [25, 25], [9, 1], [15, 60]];
		const ping = async () => {
			const [up, down] = delays[n++ % delays.length];
			t += up;
			const serverAt = t;
			t += down;
			return serverAt;
		};
		const e = new OffsetEstimator();
		expect(await burst(e, ping, local, 6, 0)).toBe(6);
		expect(e.best(local())!.rtt).toBe(4);
		expect(Math.abs(e.offset(local()) - skew)).toBeLessThanOrEqual(2);
	});

	it('skips failed pings', async () => {
		let i = 0;
		const ping = async () => {
			if (i++ % 2) throw new Error('timeout');
			return 42;
		};
		const e = new OffsetEstimator();
		expect(await burst(e, ping, () => 40, 4, 0)).toBe(2);
		expect(e.offset(40)).toBe(2);
	});

	it('measure stamps send and receive with the local clock', async () => {
		let t = 0;
		const s = await measure(async () => ((t += 7), 999), () => t);
		expect(s).toEqual({ sentAt: 0, serverAt: 999, receivedAt: 7 });
	});
});
