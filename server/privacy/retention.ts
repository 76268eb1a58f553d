/**
 * The retention job: for every meeting whose organiser chose a retention period, purges its board
 * text that many days after the meeting ended. The purge is recorded first (a server-only command,
 * so no browser can reconnect and bring a board back), then the boards are unloaded and deleted
 * from the store. Runs a minute after start and then every `everyMs`; every error is logged, never thrown.
 */
import type { Logger } from 'pino';
import { purgeDueAt } from '../../src/lib/shared/privacy/types.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { Meetings } from '../meetings.js';
import type { Store, TokenClaims } from '../storage/types.js';
import type { YjsServer } from '../yjs/index.js';

/** How long after start the first pass waits. */
const FIRST_PASS_DELAY_MS = 60_000;

export interface RetentionDeps {
	store: Pick<Store, 'meetingIds' | 'purgeMinutesVersions'>;
	meetings: Pick<Meetings, 'peek' | 'executeTrusted'>;
	yjs: Pick<YjsServer, 'purgeMeeting'>;
	log: Logger;
	now: () => number;
	/** How often the job looks (default hourly). */
	everyMs?: number;
}

export interface RetentionJob {
	/** One pass over every meeting; answers the ids purged. */
	runOnce(): Promise<string[]>;
	stop(): void;
}

/** When a meeting ended: its planned end, else its start. */
function endedAt(state: MeetingState): number {
	return Date.parse(state.meeting.endsAt ?? state.meeting.startsAt);
}

/** The organiser's link, as the claims the purge is recorded under (the server acts for the organiser). */
function organiserClaims(state: MeetingState): TokenClaims | null {
	const link = Object.values(state.links).find((l) => l.role === 'organiser' && !l.revoked);
	return link ? { meetingId: state.meeting.id, role: 'organiser', linkId: link.id, roomId: null, memberId: null } : null;
}

/** Starts the job (its first pass right away). */
export function startRetention(deps: RetentionDeps): RetentionJob {
	let running: Promise<string[]> | null = null;

	async function purgeIfDue(meetingId: string): Promise<boolean> {
		// Not kept in memory: one pass reads every meeting there is.
		const state = await deps.meetings.peek(meetingId);
		if (!state) return false;
		const due = purgeDueAt(state.privacy, endedAt(state));
		if (due === null || due > deps.now()) return false;
		const claims = organiserClaims(state);
		if (!claims) {
			deps.log.warn({ meetingId }, 'retention: no organiser link left to record the purge under');
			return false;
		}
		const reply = await deps.meetings.executeTrusted(claims, { type: 'privacy.recordPurge', boards: Object.keys(state.rooms).length + 1 });
		if (!reply.ok) {
			deps.log.warn({ meetingId, code: reply.code }, 'retention: purge not recorded');
			return false;
		}
		const boards = await deps.yjs.purgeMeeting(meetingId);
		// Saved minutes versions hold the boards' text too: they go with it.
		const versions = await deps.store.purgeMinutesVersions(meetingId);
		deps.log.info({ meetingId, boards, versions }, 'retention: board text and minutes versions purged');
		return true;
	}

	async function pass(): Promise<string[]> {
		const purged: string[] = [];
		for (const id of await deps.store.meetingIds()) {
			try {
				if (await purgeIfDue(id)) purged.push(id);
			} catch (err) {
				deps.log.warn({ err, meetingId: id }, 'retention: purge failed; retried on the next pass');
			}
		}
		return purged;
	}

	const runOnce = () => {
		running ??= pass().finally(() => (running = null));
		return running;
	};
	const tick = () => void runOnce().catch((err) => deps.log.warn({ err }, 'retention: pass failed'));
	const timer = setInterval(tick, deps.everyMs ?? 3_600_000);
	timer.unref();
	// The first pass waits a minute: start-up serves people first instead of loading every meeting.
	const first = setTimeout(tick, FIRST_PASS_DELAY_MS);
	first.unref();
	return {
		runOnce,
		stop: () => {
			clearTimeout(first);
			clearInterval(timer);
		}
	};
}
