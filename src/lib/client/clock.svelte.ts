/**
 * The server's clock in the browser: estimates the offset of this device's clock from several
 * `clock.ping` round trips over the meeting socket (keeps the smallest round trip, refreshes every
 * 30 s, on reconnect and when the tab comes back), and ticks a reactive `second` at each whole
 * server second, so every screen flips its countdown at the same instant whatever its own clock says.
 */
import type { MeetingSession } from './session.svelte';
import { burst, OffsetEstimator } from './clock-offset';

const REFRESH_MS = 30_000;
const FIRST_BURST = 6;
const REFRESH_BURST = 3;
const PING_TIMEOUT_MS = 5_000;

export class ServerClock {
	/** Server time floored to the whole second (ms since epoch); changes once per server second. */
	second = $state(0);
	/** True once at least one round trip answered: before that, countdowns show placeholders. */
	synced = $state(false);
	/** Server minus local clock, ms. */
	offset = $state(0);
	/** Round trip of the sample in use, ms. */
	rtt = $state<number | null>(null);

	private estimator = new OffsetEstimator();
	private users = 0;
	private syncing = false;
	private tickTimer: ReturnType<typeof setTimeout> | null = null;
	private refreshTimer: ReturnType<typeof setInterval> | null = null;
	private boundSocket: MeetingSession['rawSocket'] = null;

	constructor(
		private readonly session: MeetingSession,
		private readonly local: () => number = () => Date.now()
	) {}

	/** The server's time now, to the millisecond (best estimate). */
	now(): number {
		const t = this.local();
		return t + this.estimator.offset(t);
	}

	/** Starts the clock for one user (a component); call the returned function on unmount. */
	retain(): () => void {
		if (this.users++ === 0) this.start();
		let released = false;
		return () => {
			if (released) return;
			released = true;
			if (--this.users === 0) this.stop();
		};
	}

	/** Measures a burst of round trips now (also called on (re)connect and every 30 s). */
	async sync(count = REFRESH_BURST): Promise<void> {
		this.bindSocket();
		const socket = this.session.rawSocket;
		if (this.syncing || !socket?.connected) return;
		this.syncing = true;
		try {
			const ping = () => socket.timeout(PING_TIMEOUT_MS).emitWithAck('clock.ping');
			const ok = await burst(this.estimator, ping, this.local, count, 40);
			const best = this.estimator.best(this.local());
			if (ok > 0 && best) {
				this.offset = best.offset;
				this.rtt = best.rtt;
				this.synced = true;
			}
		} finally {
			this.syncing = false;
		}
		this.tick();
	}

	private start() {
		this.bindSocket();
		void this.sync(FIRST_BURST);
		this.refreshTimer = setInterval(() => void this.sync(), REFRESH_MS);
		if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisible);
		this.tick();
	}

	private stop() {
		if (this.tickTimer) clearTimeout(this.tickTimer);
		if (this.refreshTimer) clearInterval(this.refreshTimer);
		this.tickTimer = this.refreshTimer = null;
		this.boundSocket?.off('connect', this.onConnect);
		this.boundSocket = null;
		if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisible);
	}

	/** Listens for (re)connects of the session's socket (it exists once the session connected). */
	private bindSocket() {
		const socket = this.session.rawSocket;
		if (!socket || socket === this.boundSocket || this.users === 0) return;
		this.boundSocket?.off('connect', this.onConnect);
		socket.on('connect', this.onConnect);
		this.boundSocket = socket;
	}

	private onConnect = () => void this.sync(FIRST_BURST);

	private onVisible = () => {
		if (document.visibilityState === 'visible') void this.sync();
	};

	/** Sets `second` and schedules the next tick just after the next whole server second. */
	private tick = () => {
		if (this.tickTimer) clearTimeout(this.tickTimer);
		const now = this.now();
		this.second = Math.floor(now / 1000) * 1000;
		this.tickTimer = setTimeout(this.tick, 1000 - (now % 1000) + 5);
	};
}

// One clock per session object. Sessions are created per page in the browser (never shared between
// users), and the map holds them weakly, so this is not a cross-user singleton under SSR.
const clocks = new WeakMap<MeetingSession, ServerClock>();

/** The server clock of `session` (created on first use). Call `retain()` in an `$effect`. */
export function serverClock(session: MeetingSession): ServerClock {
	let clock = clocks.get(session);
	if (!clock) clocks.set(session, (clock = new ServerClock(session)));
	return clock;
}

/**
 * The server clock of `meeting`'s current session for the calling component: it follows a new session
 * and keeps the clock ticking while the component is mounted. Call during component setup.
 */
export function useServerClock(meeting: { readonly session: MeetingSession }): Pick<ServerClock, 'second' | 'synced'> {
	const clock = $derived(serverClock(meeting.session));
	$effect(() => clock.retain());
	return {
		get second() {
			return clock.second;
		},
		get synced() {
			return clock.synced;
		}
	};
}
