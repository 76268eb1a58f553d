/**
 * Adds the demo meeting's pre-meeting questions (事前), votes and a reply, as the demo members,
 * through the command path, dated the day before the meeting.
 */
import { DEMO_QUESTIONS } from '../../src/lib/shared/questions/demo.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import type { Meetings } from '../meetings.js';
import type { TokenRecord } from '../storage/types.js';

/** Runs the demo questions in meeting `meetingId`; `memberIds[i]` is the id of DEMO_MEMBERS[i]. */
export async function addDemoQuestions(meetings: Meetings, meetingId: string, memberIds: string[]): Promise<void> {
	const state = await meetings.load(meetingId);
	if (!state) throw new Error('demo questions: no meeting');
	const linkOf = (role: string) => Object.values(state.links).find((l) => l.role === role && !l.revoked)?.id;
	// A member acts through the shared link of their role, as if they had joined with it.
	const as = (index: number): TokenRecord => {
		const member = state.members[memberIds[index]];
		const linkId = linkOf(member.role === 'ministry' ? 'ministry' : 'participant');
		if (!linkId) throw new Error('demo questions: no shared link');
		return { hash: '', meetingId, role: member.role === 'ministry' ? 'ministry' : 'participant', linkId, roomId: null, memberId: member.id, createdAt: 0 };
	};
	let at = Date.parse(state.meeting.startsAt) - 26 * 3600_000;
	const run = async (index: number, raw: Record<string, unknown>) => {
		const parsed = parseCommand(raw);
		if (!parsed.ok) throw new Error(`demo questions: invalid ${String(raw.type)}: ${parsed.detail}`);
		at += 7 * 60_000;
		const reply = await meetings.executeTrusted(as(index), parsed.command, at);
		if (!reply.ok) throw new Error(`demo questions: ${String(raw.type)} refused: ${reply.code}`);
		return reply.result ?? {};
	};
	for (const q of DEMO_QUESTIONS) {
		const { id } = await run(q.author, { type: 'question.ask', text: q.text, direction: q.direction, department: q.department, anonymous: q.anonymous });
		for (const v of q.voters) await run(v, { type: 'question.vote', questionId: id });
		for (const r of q.replies ?? []) await run(r.author, { type: 'question.reply', questionId: id, text: r.text });
	}
}
