/**
 * Series on the server: creating one (its first events and links), loading it (cache + catch-up
 * from its log, as meetings load), running its commands (decide on the series state and the current
 * ledger, append with the expected seq, retry on conflict) and building its ledger from the meetings'
 * states and question trails, kept per meeting and extended with the events appended since.
 */
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { refuse } from '../../src/lib/shared/errors.js';
import { buildLedger, type LedgerInput } from '../../src/lib/shared/ledger/build.js';
import { emptyTrail, extendTrail, type QuestionTrail } from '../../src/lib/shared/ledger/trail.js';
import type { Ledger } from '../../src/lib/shared/ledger/types.js';
import { seriesCommands, type SeriesCommand } from '../../src/lib/shared/series/commands.js';
import { reduceSeriesAll } from '../../src/lib/shared/series/reduce.js';
import { emptySeries, type SeriesActor, type SeriesEvent, type SeriesLink, type SeriesState } from '../../src/lib/shared/series/types.js';
import type { CommandReply } from '../../src/lib/shared/protocol.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { hashToken, newId, newToken } from '../auth.js';
import type { Meetings } from '../meetings.js';
import type { SeriesTokenRecord, Store, TokenClaims } from '../storage/types.js';

const MAX_ATTEMPTS = 16;

export interface SeriesReply {
	ok: true;
	seq: number;
	result?: Record<string, unknown>;
}

export class SeriesService {
	private cache = new Map<string, SeriesState>();
	private trails = new Map<string, QuestionTrail>();
	private built = new Map<string, { key: string; ledger: Ledger }>();
	private queues = new Map<string, Promise<unknown>>();

	constructor(
		private readonly store: Store,
		private readonly meetings: Meetings,
		private readonly now: () => number = Date.now
	) {}

	/** Current state of a series, or null when there is none. */
	async load(seriesId: string): Promise<SeriesState | null> {
		let state = this.cache.get(seriesId) ?? emptySeries(seriesId);
		const newer = await this.store.readSeriesEvents(seriesId, state.seq);
		if (newer.length) state = reduceSeriesAll(state, newer);
		if (state.seq === 0) return null;
		this.cache.set(seriesId, state);
		return state;
	}

	/** Creates a series with an organiser link and a ministry link; answers their tokens (shown once). */
	async create(title: string, ministryLabel: string): Promise<{ id: string; organiserToken: string; ministryToken: string }> {
		const id = newId();
		const now = this.now();
		const organiser: SeriesLink = { id: newId(), role: 'organiser', label: '運営', createdAt: now, revoked: false };
		const ministry: SeriesLink = { id: newId(), role: 'ministry', label: ministryLabel || '厚生労働省', createdAt: now, revoked: false };
		const organiserToken = newToken();
		const ministryToken = newToken();
		const records: SeriesTokenRecord[] = [
			{ hash: hashToken(organiserToken), seriesId: id, role: 'organiser', linkId: organiser.id, createdAt: now },
			{ hash: hashToken(ministryToken), seriesId: id, role: 'ministry', linkId: ministry.id, createdAt: now }
		];
		await this.store.putSeriesTokens(records);
		const events: SeriesEvent[] = [
			{ type: 'series.created', series: { id, title, createdAt: now } },
			{ type: 'series.linkCreated', link: organiser },
			{ type: 'series.linkCreated', link: ministry }
		];
		const appended = await this.store.appendSeries(id, 0, events.map((event) => ({ at: now, actor: null, event })));
		if (!appended.ok) throw new Error('series id collision');
		await this.load(id);
		return { id, organiserToken, ministryToken };
	}

	/** Resolves a series token to its series and actor (null: unknown, revoked, or no such series). */
	async authenticate(token: string): Promise<{ record: SeriesTokenRecord; actor: SeriesActor; state: SeriesState } | null> {
		if (!token || token.length > 200) return null;
		const record = await this.store.findSeriesToken(hashToken(token));
		if (!record) return null;
		const state = await this.load(record.seriesId);
		const link = state?.links[record.linkId];
		if (!state || !link || link.revoked) return null;
		return { record, actor: { role: record.role, linkId: link.id, label: link.label }, state };
	}

	/** The series a meeting belongs to, if any. */
	seriesOf(meetingId: string): Promise<string | null> {
		return this.store.seriesOf(meetingId);
	}

	/** The inputs of the ledger: each meeting's state and its trail, caught up with its log. */
	async inputs(state: SeriesState): Promise<LedgerInput[]> {
		const out: LedgerInput[] = [];
		for (const { meetingId } of state.meetings) {
			const meeting = await this.meetings.load(meetingId);
			if (!meeting) continue;
			const trail = this.trails.get(meetingId) ?? emptyTrail();
			if (trail.seq < meeting.seq) extendTrail(trail, await this.store.readEvents(meetingId, trail.seq));
			this.trails.set(meetingId, trail);
			out.push({ state: meeting, trail });
		}
		return out;
	}

	/** The series' whole ledger (every row), built again only when the series or a meeting changed. */
	async ledger(state: SeriesState): Promise<Ledger> {
		const inputs = await this.inputs(state);
		const key = [state.seq, ...inputs.map((i) => `${i.state.meeting.id}:${i.state.seq}:${i.trail.seq}`)].join(',');
		const cached = this.built.get(state.series.id);
		if (cached && cached.key === key) return cached.ledger;
		const ledger = buildLedger(state, inputs);
		this.built.set(state.series.id, { key, ledger });
		return ledger;
	}

	/** Runs one parsed series command for `actor` (`trusted` for the server's own). */
	execute(seriesId: string, actor: SeriesActor, command: SeriesCommand, trusted = false): Promise<SeriesReply | ReturnType<typeof refuse>> {
		return this.serialise(seriesId, () => this.run(seriesId, actor, command, trusted));
	}

	private async run(seriesId: string, actor: SeriesActor, command: SeriesCommand, trusted: boolean): Promise<SeriesReply | ReturnType<typeof refuse>> {
		// Once the meeting took an answer, a retry after a lost append records the same answer, never sends another.
		let answeredAt: number | null = null;
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const state = await this.load(seriesId);
			if (!state) return refuse('not_found');
			const link = state.links[actor.linkId];
			if (!trusted && (!link || link.revoked)) return refuse('unauthorized');
			const now: number = answeredAt ?? this.now();
			const ledger = await this.ledger(state);
			const decision = seriesCommands.decide(state, command, { actor, now, ledger, trusted });
			if (!decision.ok) return decision;
			if (decision.events.length === 0) return { ok: true, seq: state.seq, ...(decision.result ? { result: decision.result } : {}) };
			// An answer goes to the meeting first, through its own command path; the ledger records it only once the meeting took it.
			if (command.type === 'ledger.answer' && answeredAt === null) {
				const target = decision.result as { meetingId: string; questionId: string };
				const reply = await this.answerInMeeting(target.meetingId, target.questionId, command.text, now);
				if (!reply.ok) return reply;
				answeredAt = now;
			}
			const appended = await this.store.appendSeries(seriesId, state.seq, decision.events.map((event) => ({ at: now, actor: actor.linkId, event })));
			if (!appended.ok) continue;
			const next = await this.load(seriesId);
			return { ok: true, seq: next?.seq ?? appended.seq, ...(decision.result ? { result: decision.result } : {}) };
		}
		return refuse('conflict');
	}

	/** `question.answer` in the meeting, as its organiser link (the series decided who may). */
	private async answerInMeeting(meetingId: string, questionId: string, text: string, at: number): Promise<CommandReply> {
		const state = await this.meetings.load(meetingId);
		const claims = state && organiserClaims(state);
		if (!claims) return refuse('not_found', 'meeting');
		const parsed = parseCommand({ type: 'question.answer', questionId, text });
		if (!parsed.ok) return parsed;
		return this.meetings.executeTrusted(claims, parsed.command, at);
	}

	/** Puts `meetingId` in the series (after the others); refuses a meeting of another series. */
	async addMeeting(seriesId: string, meetingId: string, region: string | null): Promise<SeriesReply | ReturnType<typeof refuse>> {
		const owner = await this.store.joinSeries(meetingId, seriesId);
		if (owner !== seriesId) return refuse('already_exists', 'in another series');
		const server: SeriesActor = { role: 'organiser', linkId: 'server', label: '' };
		const reply = await this.execute(seriesId, server, { type: 'series.addMeeting', meetingId, region }, true);
		return reply.ok || reply.code === 'already_exists' ? { ok: true, seq: reply.ok ? reply.seq : 0 } : reply;
	}

	private serialise<T>(key: string, task: () => Promise<T>): Promise<T> {
		const prev = this.queues.get(key) ?? Promise.resolve();
		const next = prev.then(task, task);
		const tail = next.catch(() => undefined);
		this.queues.set(key, tail);
		void tail.then(() => {
			if (this.queues.get(key) === tail) this.queues.delete(key);
		});
		return next;
	}
}

/** Claims acting as a meeting's organiser link (its first live one), for commands the series sends there. */
export function organiserClaims(state: MeetingState): TokenClaims | null {
	const link = Object.values(state.links).find((l) => l.role === 'organiser' && !l.revoked && !l.memberId);
	return link ? { meetingId: state.meeting.id, role: 'organiser', linkId: link.id, roomId: null, memberId: null } : null;
}
