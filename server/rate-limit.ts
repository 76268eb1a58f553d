/**
 * Token-bucket rate limits, per key (member, link or meeting), and the buckets each kind of request
 * pays from. `RateLimiter` keeps buckets in memory: each instance's first line against floods (every
 * command, even one that writes nothing) and the SQLite store's shared limits (one instance). Limits
 * that must hold across instances go through the store (`Store.takeTokens`, and `Store.append` with
 * buckets): on Redis one Lua script per check (server/storage/redis.ts), the same rules.
 */
export interface BucketRule {
	/** Tokens the bucket holds (burst). */
	capacity: number;
	/** Tokens added per second. */
	refillPerSecond: number;
}

/** Buckets one request pays from: a key and its rule each. */
export type Buckets = readonly (readonly [string, BucketRule])[];

export class RateLimiter {
	private buckets = new Map<string, { tokens: number; at: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Takes one token from `key`'s bucket; false when empty. */
	take(key: string, rule: BucketRule): boolean {
		const t = this.now();
		const b = this.buckets.get(key) ?? { tokens: rule.capacity, at: t };
		b.tokens = Math.min(rule.capacity, b.tokens + ((t - b.at) / 1000) * rule.refillPerSecond);
		b.at = t;
		if (b.tokens < 1) {
			this.buckets.set(key, b);
			return false;
		}
		b.tokens -= 1;
		this.buckets.set(key, b);
		if (this.buckets.size > 50_000) this.sweep(t);
		return true;
	}

	/** Takes one token from each bucket, or from none (answers false) when any of them is empty. */
	takeAll(buckets: Buckets): boolean {
		for (let i = 0; i < buckets.length; i++) {
			if (this.take(...buckets[i])) continue;
			this.refundAll(buckets.slice(0, i));
			return false;
		}
		return true;
	}

	/** Gives back one token to each bucket (the request they paid for was never served). */
	refundAll(buckets: Buckets): void {
		for (const b of buckets) this.refund(...b);
	}

	/** Gives back a token taken from `key` (the request it paid for was never served). */
	refund(key: string, rule: BucketRule): void {
		const b = this.buckets.get(key);
		if (b) b.tokens = Math.min(rule.capacity, b.tokens + 1);
	}

	private sweep(t: number) {
		for (const [k, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(k);
	}
}

/** Limits applied to every command. Slices may add stricter ones per command type. */
export const COMMAND_LIMITS = {
	perSender: { capacity: 20, refillPerSecond: 5 },
	perMeeting: { capacity: 400, refillPerSecond: 200 }
} satisfies Record<string, BucketRule>;

/** Stricter limits for commands that create content others must read. */
export const CONTENT_LIMITS: Record<string, BucketRule> = {
	// A member may send a handful of questions at once (a pre-hearing sheet), then one every 5 s.
	'question.ask': { capacity: 8, refillPerSecond: 0.2 },
	'question.reply': { capacity: 5, refillPerSecond: 0.2 },
	'question.edit': { capacity: 10, refillPerSecond: 0.5 },
	'broadcast.send': { capacity: 5, refillPerSecond: 0.5 },
	// Joins come through a shared link, which is one key for everyone holding it: size the bucket
	// for a whole meeting clicking the link at once, not for one person.
	'member.join': { capacity: 100, refillPerSecond: 1 },
	'member.claim': { capacity: 100, refillPerSecond: 1 }
};

/**
 * Limits per meeting for content commands: many members (or many joined sessions of one person)
 * together cannot flood the queue everyone reads. Sized far above a real meeting's pace.
 */
export const CONTENT_MEETING_LIMITS: Record<string, BucketRule> = {
	'question.ask': { capacity: 60, refillPerSecond: 1 },
	'question.reply': { capacity: 60, refillPerSecond: 1 }
};

/** Meeting creation (the demo and carry-over too): per client, and a ceiling for everyone far above it. */
export const CREATE_LIMITS = {
	perClient: { capacity: 20, refillPerSecond: 0.5 },
	all: { capacity: 500, refillPerSecond: 10 }
} satisfies Record<string, BucketRule>;

/** The buckets one meeting creation by `client` (an address, or the admin token's holder) pays from. */
export function creationBuckets(client: string): [string, BucketRule][] {
	return [
		[`create:${client}`, CREATE_LIMITS.perClient],
		['create:all', CREATE_LIMITS.all]
	];
}
