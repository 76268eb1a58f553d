/** Token buckets: several buckets are paid all together or not at all, and refunds give back what was taken. */
import { describe, expect, it } from 'vitest';
import { RateLimiter, type BucketRule } from '../../server/rate-limit.js';

describe('RateLimiter.takeAll', () => {
	it('takes from every bucket or from none: a refusal by the second leaves the first as it was', () => {
		const now = 0;
		const limiter = new RateLimiter(() => now);
		const one: BucketRule = { capacity: 1, refillPerSecond: 0 };
		const three: BucketRule = { capacity: 3, refillPerSecond: 0 };
		expect(limiter.takeAll([['wide', three], ['narrow', one]])).toBe(true);
		expect(limiter.takeAll([['wide', three], ['narrow', one]])).toBe(false); // narrow is empty
		// wide paid once only: two more fit.
		expect(limiter.take('wide', three)).toBe(true);
		expect(limiter.take('wide', three)).toBe(true);
		expect(limiter.take('wide', three)).toBe(false);
	});

	it('refundAll gives back one token per bucket, never above capacity', () => {
		const limiter = new RateLimiter(() => 0);
		const two: BucketRule = { capacity: 2, refillPerSecond: 0 };
		const buckets: [string, BucketRule][] = [['a', two]];
		expect(limiter.takeAll(buckets)).toBe(true);
		expect(limiter.takeAll(buckets)).toBe(true);
		expect(limiter.takeAll(buckets)).toBe(false);
		limiter.refundAll(buckets);
		limiter.refundAll(buckets);
		limiter.refundAll(buckets);
		expect(limiter.takeAll(buckets)).toBe(true);
		expect(limiter.takeAll(buckets)).toBe(true);
		expect(limiter.takeAll(buckets)).toBe(false);
	});
});
