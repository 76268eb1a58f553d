/**
 * Server-clock offset estimation from ping round trips (pure, no DOM, no sockets): each sample is
 * (local send time, server time, local receive time); the offset is taken from the sample with the
 * smallest round trip among recent ones, whose error is at most half that round trip.
 */

export interface ClockSample {
	/** Local clock when the ping was sent. */
	sentAt: number;
	/** The server's clock when it answered. */
	serverAt: number;
	/** Local clock when the answer arrived. */
	receivedAt: number;
}

export interface OffsetEstimate {
	/** Server time minus local time, ms. */
	offset: number;
	/** Round trip of the sample it comes from, ms; the true offset is within ±rtt/2. */
	rtt: number;
	/** Local time the sample was taken. */
	at: number;
}

export interface EstimatorOptions {
	/** Samples older than this are forgotten (clocks drift), ms. */
	maxAgeMs: number;
	/** Samples kept at most. */
	maxSamples: number;
	/** Slack allowed between two samples' error intervals before the local clock counts as having jumped, ms. */
	jumpToleranceMs: number;
}

const DEFAULTS: EstimatorOptions = { maxAgeMs: 5 * 60_000, maxSamples: 40, jumpToleranceMs: 50 };

/** Turns one round trip into an estimate (NTP's formula with a single server timestamp). */
export function estimateOf(sample: ClockSample): OffsetEstimate {
	const rtt = Math.max(0, sample.receivedAt - sample.sentAt);
	return { offset: sample.serverAt - (sample.sentAt + sample.receivedAt) / 2, rtt, at: sample.receivedAt };
}

/** Keeps recent samples and answers the offset of the one with the smallest round trip. */
export class OffsetEstimator {
	private samples: OffsetEstimate[] = [];
	private readonly opts: EstimatorOptions;

	constructor(opts: Partial<EstimatorOptions> = {}) {
		this.opts = { ...DEFAULTS, ...opts };
	}

	/**
	 * Adds a round trip. If it cannot be true at the same time as the current best (their ±rtt/2
	 * intervals do not meet), the local clock was changed or the laptop slept: older samples go.
	 */
	add(sample: ClockSample): OffsetEstimate {
		const e = estimateOf(sample);
		const best = this.best(e.at);
		if (best && Math.abs(e.offset - best.offset) > (e.rtt + best.rtt) / 2 + this.opts.jumpToleranceMs) this.samples = [];
		this.samples.push(e);
		if (this.samples.length > this.opts.maxSamples) this.samples.shift();
		return e;
	}

	/** The smallest-round-trip sample not older than maxAgeMs at local time `now` (else the newest one). */
	best(now: number): OffsetEstimate | null {
		let best: OffsetEstimate | null = null;
		for (const s of this.samples) if (now - s.at <= this.opts.maxAgeMs && (!best || s.rtt < best.rtt)) best = s;
		return best ?? this.samples[this.samples.length - 1] ?? null;
	}

	/** Server time minus local time at local time `now` (0 before any sample). */
	offset(now: number): number {
		return this.best(now)?.offset ?? 0;
	}

	get size(): number {
		return this.samples.length;
	}
}

/** One ping: `ping` resolves with the server's clock; `local` is the local clock. */
export async function measure(ping: () => Promise<number>, local: () => number): Promise<ClockSample> {
	const sentAt = local();
	const serverAt = await ping();
	return { sentAt, serverAt, receivedAt: local() };
}

/**
 * A burst of `count` pings one after the other (`gapMs` apart), each added to `estimator`.
 * Failed pings are skipped; resolves with how many succeeded.
 */
export async function burst(estimator: OffsetEstimator, ping: () => Promise<number>, local: () => number, count = 5, gapMs = 50): Promise<number> {
	let ok = 0;
	for (let i = 0; i < count; i++) {
		try {
			estimator.add(await measure(ping, local));
			ok++;
		} catch {
			// a lost ping only costs one sample
		}
		if (gapMs > 0 && i < count - 1) await new Promise((r) => setTimeout(r, gapMs));
	}
	return ok;
}
