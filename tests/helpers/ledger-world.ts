/**
 * A series in memory for unit tests of the ledger and its figures: meetings as `World`s (real
 * commands through the meeting registry), the series state from its own events, series commands
 * run through the series registry's parse → decide → reduce, and the ledger built by the projection.
 */
import { buildLedger, type LedgerInput } from '../../src/lib/shared/ledger/build.js';
import { emptyTrail, extendTrail } from '../../src/lib/shared/ledger/trail.js';
import { seriesCommands } from '../../src/lib/shared/series/commands.js';
import { reduceSeriesAll } from '../../src/lib/shared/series/reduce.js';
import { emptySeries, type SeriesActor, type SeriesState } from '../../src/lib/shared/series/types.js';
import type { Actor } from '../../src/lib/shared/meeting/types.js';
import { counters, World, type WorldOptions } from './world.js';

export const DEPT = '生活困窮者自立支援室';
export const ORGANISER: SeriesActor = { role: 'organiser', linkId: 'sorg', label: '運営' };
export const MINISTRY: SeriesActor = { role: 'ministry', linkId: 'smin', label: DEPT };

/** A series of the given meetings, in order, with regions. */
export function seriesOf(...meetings: [World, string][]): SeriesState {
	return reduceSeriesAll(
		emptySeries('s1'),
		[
			{ type: 'series.created' as const, series: { id: 's1', title: '連続開催', createdAt: 0 } },
			...[ORGANISER, MINISTRY].map((a) => ({ type: 'series.linkCreated' as const, link: { id: a.linkId, role: a.role, label: a.label, createdAt: 0, revoked: false } })),
			...meetings.map(([w, region]) => ({ type: 'series.meetingAdded' as const, meeting: { meetingId: w.state.meeting.id, region, addedAt: 0 } }))
		].map((event, i) => ({ seq: i + 1, at: 1000 + i, actor: null, event }))
	);
}

/** A meeting's ledger input: its state and the trail of its log. */
export const inputOf = (w: World): LedgerInput => ({ state: w.state, trail: extendTrail(emptyTrail(), w.log) });

/** Runs a series command through the registry and applies it; throws on a refusal. */
export function seriesMust(state: SeriesState, inputs: LedgerInput[], actor: SeriesActor, raw: unknown, at = 5000): SeriesState {
	const parsed = seriesCommands.parse(raw);
	if (!parsed.ok) throw new Error(parsed.code);
	const d = seriesCommands.decide(state, parsed.command, { actor, now: at, ledger: buildLedger(state, inputs) });
	if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
	return reduceSeriesAll(state, d.events.map((event, i) => ({ seq: state.seq + i + 1, at, actor: actor.linkId, event })));
}

/** The answer of `seriesCommands.decide` for `raw`: 'accepted' or the refusal's code. */
export function seriesRefusal(state: SeriesState, inputs: LedgerInput[], actor: SeriesActor, raw: unknown): string {
	const parsed = seriesCommands.parse(raw);
	if (!parsed.ok) return parsed.code;
	const d = seriesCommands.decide(state, parsed.command, { actor, now: 5000, ledger: buildLedger(state, inputs) });
	return d.ok ? 'accepted' : d.code;
}

/** A meeting with a way to let people in: `join(name, organisation, role)` answers their actor. */
export function meeting(id: string, ctx = counters(), opts: WorldOptions = {}) {
	const w = new World({ id, ctx, endsAt: null, now: Date.parse('2021-06-04T14:30:00+09:00'), ...opts });
	const join = (name: string, organisation: string, role: 'participant' | 'ministry' = 'participant'): Actor => {
		const link = w.linkActor(role);
		const r = w.must(link, { type: 'member.join', name, organisation, category: role === 'ministry' ? 'ministry' : 'municipality' });
		return { ...link, memberId: String(r.memberId) };
	};
	return { w, join };
}
