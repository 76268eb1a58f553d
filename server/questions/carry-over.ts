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
import type { ExtraRoute } from '../http/api.js';
import { isSameOrigin } from '../http/origin.js';
import { originOf, readJson, sendJson, sendRefusal } from '../http/io.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import type { TokenRecord } from '../storage/types.js';
import { linkUrl } from '../views.js';

const PATH = /^\/api\/v1\/meetings\/([A-Za-z0-9_-]{1,64})\/carry-over\/?$/;

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

/** The route for `api.addRoute`. */
export function carryOverRoute(deps: CarryOverDeps): ExtraRoute {
	const inFlight = new Set<string>();
	return async ({ req, res, url, authenticate }) => {
		const m = PATH.exec(url.pathname);
		if (!m || req.method !== 'POST') return false;
		const meetingId = m[1];
		if (inFlight.has(meetingId)) {
			sendRefusal(res, 'conflict', 'carry-over in progress');
			return true;
		}
		inFlight.add(meetingId);
		try {
			await carryOver(req, res, meetingId, authenticate, deps);
		} finally {
			inFlight.delete(meetingId);
		}
		return true;
	};
}

async function carryOver(
	req: IncomingMessage,
	res: ServerResponse,
	meetingId: string,
	authenticate: Parameters<ExtraRoute>[0]['authenticate'],
	{ meetings, config, log }: CarryOverDeps
): Promise<void> {
	const who = await authenticate(meetingId);
	if ('code' in who) return sendRefusal(res, who.code);
	if (who.fromCookie && !isSameOrigin(req.headers, config.publicUrl)) return sendRefusal(res, 'not_allowed', 'origin');
	if (who.actor.role !== 'organiser') return sendRefusal(res, 'not_allowed');
	const parsed = carryOverBody.safeParse(await readJson(req, LIMITS.messageBytes));
	if (!parsed.success) return sendRefusal(res, 'invalid', issuePath(parsed.error));
	if (!meetings.limiter.take('create:global', { capacity: 20, refillPerSecond: 0.5 })) return sendRefusal(res, 'rate_limited');
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
	const run = async (record: TokenRecord, raw: Record<string, unknown>) => {
		const command = parseCommand(raw);
		if (!command.ok) throw new Error(`carry-over: invalid ${String(raw.type)}: ${command.detail}`);
		return meetings.executeTrusted(record, command.command);
	};
	if (old.questions.moderation !== 'off') await run(next.record, { type: 'question.moderation', mode: old.questions.moderation });
	const carried: string[] = [];
	for (const q of questionsToCarry(old)) {
		const reply = await run(next.record, importPayload(old, q));
		if (reply.ok) carried.push(q.id);
		else log.warn({ meetingId, questionId: q.id, code: reply.code }, 'carry-over: question not imported');
	}
	const linked = await run(who.record, { type: 'question.carry', nextMeetingId: created.id, questionIds: carried });
	if (!linked.ok) return sendRefusal(res, linked.code, 'link');
	log.info({ meetingId, nextMeetingId: created.id, carried: carried.length }, 'questions carried over');
	sendJson(res, 201, {
		ok: true,
		id: created.id,
		organiserToken: created.organiserToken,
		carried: carried.length,
		links: { organiser: linkUrl(originOf(req, config.publicUrl), created.organiserToken) }
	});
}
