/**
 * The organiser console's copy of the rooms' activity samples: polls `GET …/rooms/activity` (plain
 * HTTP, so it works where WebSockets are blocked) every 20 seconds while started, skipping rounds
 * while the tab is hidden. The server counts once a minute; polling more often only shortens the wait.
 */
import type { RoomsActivity } from '$lib/shared/notes/activity';

const POLL_MS = 20_000;

export class RoomsActivityFeed {
	data = $state<RoomsActivity | null>(null);
	/** True when the last poll failed (the last data is kept). */
	failed = $state(false);

	constructor(private readonly meetingId: string) {}

	/** Polls now and then every 20 s; answers a stop function. */
	start(): () => void {
		let stopped = false;
		const poll = () => {
			if (!stopped && (typeof document === 'undefined' || !document.hidden)) void this.poll();
		};
		poll();
		const timer = setInterval(poll, POLL_MS);
		document.addEventListener('visibilitychange', poll);
		return () => {
			stopped = true;
			clearInterval(timer);
			document.removeEventListener('visibilitychange', poll);
		};
	}

	async poll(): Promise<void> {
		try {
			const res = await fetch(`/api/v1/meetings/${this.meetingId}/rooms/activity?as=organiser`, { credentials: 'same-origin' });
			if (!res.ok) throw new Error(String(res.status));
			this.data = (await res.json()) as RoomsActivity;
			this.failed = false;
		} catch {
			this.failed = true;
		}
	}
}
