/**
 * The rooms' activity sampler: once a minute (a timer, never per keystroke) it counts, for every room
 * of a meeting whose breakout is live or whose boards have connections here, the board's non-empty
 * lines, its shared lines and the people connected (on every instance), and keeps the samples in this instance's memory
 * (the last few hours per room, a bounded number of meetings). The organiser's console reads them
 * through the activity route; a meeting read there is sampled at once the first time and then
 * watched for a while, so a restarted instance picks a running breakout up again.
 */
import { breakoutLive } from '../../src/lib/shared/agenda/types.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';
import type { Outline } from '../../src/lib/shared/notes/outline-types.js';
import { countLines, countShared, type RoomSample, type RoomsActivity } from '../../src/lib/shared/notes/activity.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';

/** What the sampler needs of the notes server. */
export interface ActivityBoards {
	readRoomText(meetingId: string, roomId: string): Promise<string>;
	connectedPeople(meetingId: string): Promise<Map<string, number>>;
	connectedMeetings(): string[];
}

export interface SamplerDeps {
	meetings: Meetings;
	boards: ActivityBoards;
	parse: (text: string) => Outline;
	now: () => number;
	log: Logger;
	/** How often every sampled meeting is counted (default a minute). */
	sampleMs?: number;
	/** Samples kept per room (default 6 hours of minutes). */
	keep?: number;
	/** How long a meeting stays sampled after its organiser last read it (default 15 minutes). */
	watchMs?: number;
	/** Meetings whose samples are kept (least recently sampled are dropped first). */
	maxMeetings?: number;
}

export interface ActivitySampler {
	/** The samples of a meeting for its organiser; the first read of a meeting samples it at once. */
	read(state: MeetingState): Promise<RoomsActivity>;
	/** One round of sampling (what the timer runs; tests call it to take a sample now). */
	sampleAll(): Promise<void>;
	stop(): void;
}

/** Starts sampling on a timer; answers the sampler. */
export function startActivitySampler(deps: SamplerDeps): ActivitySampler {
	const { meetings, boards, parse, log } = deps;
	const sampleMs = deps.sampleMs ?? 60_000;
	const keep = deps.keep ?? 360;
	const watchMs = deps.watchMs ?? 15 * 60_000;
	const maxMeetings = deps.maxMeetings ?? 200;
	/** Samples per meeting, then per room; re-inserted on every sample (most recent last). */
	const samples = new Map<string, Map<string, RoomSample[]>>();
	/** Meetings whose breakout went live on this instance's commits. */
	const live = new Set<string>();
	/** Meetings their organiser read lately, until when. */
	const watched = new Map<string, number>();
	let round: Promise<void> | null = null;

	async function sampleMeeting(state: MeetingState): Promise<void> {
		const id = state.meeting.id;
		const at = deps.now();
		const rooms = sortedRooms(state);
		const [people, texts] = await Promise.all([boards.connectedPeople(id), Promise.all(rooms.map((r) => boards.readRoomText(id, r.id)))]);
		const byRoom = samples.get(id) ?? new Map<string, RoomSample[]>();
		samples.delete(id);
		samples.set(id, byRoom);
		rooms.forEach((room, i) => {
			const list = byRoom.get(room.id) ?? [];
			list.push({ at, lines: countLines(texts[i]), shared: countShared(room.id, parse(texts[i]), room.confidential === true), connected: people.get(room.id) ?? 0 });
			if (list.length > keep) list.splice(0, list.length - keep);
			byRoom.set(room.id, list);
		});
		for (const roomId of [...byRoom.keys()]) if (!state.rooms[roomId]) byRoom.delete(roomId);
		while (samples.size > maxMeetings) samples.delete(samples.keys().next().value as string);
	}

	async function sampleAll(): Promise<void> {
		const now = deps.now();
		for (const [id, until] of watched) if (until < now) watched.delete(id);
		const connected = new Set(boards.connectedMeetings());
		for (const id of new Set([...live, ...watched.keys(), ...connected])) {
			try {
				const state = await meetings.load(id);
				if (!state || state.privacy.purgedAt !== null) {
					forget(id);
					continue;
				}
				if (breakoutLive(state.agenda) || connected.has(id)) await sampleMeeting(state);
				else live.delete(id);
			} catch (err) {
				log.warn({ err, meetingId: id }, 'activity: sampling a meeting failed');
			}
		}
	}

	function forget(id: string) {
		samples.delete(id);
		live.delete(id);
		watched.delete(id);
	}

	/** One round at a time: a slow store never piles rounds up. */
	function tick(): Promise<void> {
		round ??= sampleAll().finally(() => (round = null));
		return round;
	}

	meetings.onCommitted((meetingId: string, events: LoggedEvent[], state: MeetingState) => {
		if (events.some((e) => e.event.type === 'privacy.purged')) return forget(meetingId);
		if (!events.some((e) => e.event.type.startsWith('agenda.'))) return;
		if (breakoutLive(state.agenda)) live.add(meetingId);
	});

	const timer = setInterval(() => void tick().catch((err) => log.error({ err }, 'activity: sampling failed')), sampleMs);
	timer.unref();

	return {
		async read(state) {
			const id = state.meeting.id;
			if (round) await round; // never two samples of one meeting at once
			watched.set(id, deps.now() + watchMs);
			if (!samples.has(id) && (breakoutLive(state.agenda) || boards.connectedMeetings().includes(id))) await sampleMeeting(state);
			const rooms: Record<string, RoomSample[]> = {};
			for (const [roomId, list] of samples.get(id) ?? []) if (state.rooms[roomId]) rooms[roomId] = [...list];
			return { sampleMs, now: deps.now(), rooms };
		},
		sampleAll: tick,
		stop: () => clearInterval(timer)
	};
}
