/**
 * POST /api/v1/meetings/:id/carry-over (organisers): creates the next meeting (same title +
 * （次回）, one month later unless a date is given, same departments and moderation) and copies the
 * open and deferred questions into it, tagged 持ち越し, through the same command path as everything
 * else; then links the two meetings. Answers the new meeting's organiser link (shown once).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { importPayload, nextMonth, nextTitle, questionsToCarry } from '../../src/lib/shared/questions/carry.js';
import { instant, issuePath, LIMITS, text } from '../../src/lib/shared/schemas.js';
import type { Config } from '../config.js';
import type { Authenticated } from '../http/api.js';
import { clientAddress } from '../http/client-address.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import { creationBuckets } from '../rate-limit.js';
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { originOf, readJson, sendJson, sendRefusal } from '../http/io.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import type { TokenClaims } from '../storage/types.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { Refusal } from '../../src/lib/shared/errors.js';
import { linkUrl } from '../views.js';

export const carryOverBody = z
	.object({
		title: text(LIMITS.title).optional(),
		startsAt: instant.optional(),
		endsAt: instant.nullable().optional()
	})
	.strict();

export interface CarryOverDeps {
	meetings: Meetings;
	config: Config;
	log: Logger;
}

/** The route, for `api.addRoutes` (organisers; the one step before it checks token, origin and role). */
export function carryOverRoute(deps: CarryOverDeps): MeetingRoute {
	const inFlight = new Set<string>();
	return meetingRoute({
		name: 'carry-over',
		method: 'POST',
		path: meetingPath('/carry-over'),
		roles: ORGANISER_ONLY,
		async handle({ req, res, who, params }) {
			const meetingId = params.meetingId;
			if (inFlight.has(meetingId)) return sendRefusal(res, 'conflict', 'carry-over in progress');
			inFlight.add(meetingId);
			try {
				await carryOver(req, res, who, deps);
			} finally {
				inFlight.delete(meetingId);
			}
		}
	});
}

/** Runs a command the server builds itself (a payload that fails its schema is a bug: it throws). */
export function runTrusted(meetings: Meetings, record: TokenClaims, raw: Record<string, unknown>) {
	const command = parseCommand(raw);
	if (!command.ok) throw new Error(`invalid ${String(raw.type)}: ${command.detail}`);
	return meetings.executeTrusted(record, command.command);
}

/**
 * Carries the open and deferred questions of `old` into the next meeting (held by `nextRecord`):
 * the moderation mode, one `question.import` each, then `question.carry` in the old meeting (as
 * `oldRecord`) linking the two. Answers the ids carried, or the refusal of the link.
 */
export async function carryQuestions(
	meetings: Meetings,
	log: Logger,
	old: MeetingState,
	oldRecord: TokenClaims,
	nextRecord: TokenClaims
): Promise<{ ok: true; carried: string[] } | Refusal> {
	const meetingId = old.meeting.id;
	if (old.questions.moderation !== 'off') await runTrusted(meetings, nextRecord, { type: 'question.moderation', mode: old.questions.moderation });
	const carried: string[] = [];
	for (const q of questionsToCarry(old)) {
		const reply = await runTrusted(meetings, nextRecord, importPayload(old, q));
		if (reply.ok) carried.push(q.id);
		else log.warn({ meetingId, questionId: q.id, code: reply.code }, 'carry-over: question not imported');
	}
	const linked = await runTrusted(meetings, oldRecord, { type: 'question.carry', nextMeetingId: nextRecord.meetingId, questionIds: carried });
	return linked.ok ? { ok: true, carried } : linked;
}

async function carryOver(req: IncomingMessage, res: ServerResponse, who: Authenticated, { meetings, config, log }: CarryOverDeps): Promise<void> {
	const meetingId = who.state.meeting.id;
	const parsed = carryOverBody.safeParse(await readJson(req, LIMITS.messageBytes));
	if (!parsed.success) return sendRefusal(res, 'invalid', issuePath(parsed.error));
	// Creates a meeting: the same per-client and overall limits as POST /api/v1/meetings.
	if (!(await meetings.takeShared(creationBuckets(clientAddress(req, config.trustProxy))))) return sendRefusal(res, 'rate_limited');
	const old = who.state;
	if (old.meeting.nextMeetingId) return sendRefusal(res, 'wrong_state', 'already carried over');

	// The date asked for, else the next date fixed in the summary (まとめ), else a month later.
	const fixed = old.plenary.summary.nextDate;
	const when = parsed.data.startsAt
		? { startsAt: parsed.data.startsAt, endsAt: parsed.data.endsAt ?? null }
		: fixed.startsAt
			? { startsAt: fixed.startsAt, endsAt: fixed.endsAt }
			: nextMonth(old.meeting.startsAt, old.meeting.endsAt, old.meeting.timezone);
	const created = await meetings.create({
		title: parsed.data.title ?? nextTitle(old.meeting.title),
		startsAt: when.startsAt,
		endsAt: when.endsAt,
		timezone: old.meeting.timezone,
		method: old.meeting.method,
		description: old.meeting.description,
		departments: old.meeting.departments,
		previousMeetingId: old.meeting.id
	});
	const next = await meetings.authenticate(created.organiserToken);
	if (!next) throw new Error('carry-over: new organiser token did not resolve');
	const carry = await carryQuestions(meetings, log, old, who.record, next.record);
	if (!carry.ok) return sendRefusal(res, carry.code, 'link');
	const carried = carry.carried;
	log.info({ meetingId, nextMeetingId: created.id, carried: carried.length }, 'questions carried over');
	sendJson(res, 201, {
		ok: true,
		id: created.id,
		organiserToken: created.organiserToken,
		carried: carried.length,
		links: { organiser: linkUrl(originOf(req, config.publicUrl), created.organiserToken) }
	});
}
