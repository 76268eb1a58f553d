/**
 * Creates the demo meeting (デモ会議) through the same command path as any organiser would.
 */
import { DEMO_AGENDA, DEMO_CATEGORY_LABELS, DEMO_CATEGORY_NOTES, DEMO_DEPARTMENTS, DEMO_DESCRIPTION, DEMO_MEMBERS, DEMO_ROOMS, DEMO_TITLE, demoSchedule } from '../src/lib/shared/demo.js';
import { parseCommand } from '../src/lib/shared/meeting/commands.js';
import { roomDocName } from '../src/lib/shared/notes/access.js';
import { seedBoard } from './yjs/seed.js';
import type { Meetings } from './meetings.js';
import { addDemoQuestions } from './questions/demo-questions.js';
import type { Store, TokenRecord } from './storage/types.js';
import { DEMO_ROOM_NOTES } from '../src/lib/shared/notes/demo-notes.js';

const TZ = 'Asia/Tokyo';

/**
 * Builds the demo meeting scheduled from `now` (its first item starts within a few minutes, the
 * reference programme's durations kept); answers its id and organiser token. With a store, the
 * three rooms' boards get starter notes.
 */
export async function createDemoMeeting(meetings: Meetings, now: number, store?: Store): Promise<{ id: string; organiserToken: string }> {
	const schedule = demoSchedule(now, TZ);
	const { id, organiserToken } = await meetings.create({
		title: DEMO_TITLE,
		startsAt: schedule.startsAt,
		endsAt: schedule.endsAt,
		timezone: TZ,
		method: 'Zoom',
		description: DEMO_DESCRIPTION,
		departments: DEMO_DEPARTMENTS
	});
	const auth = await meetings.authenticate(organiserToken);
	if (!auth) throw new Error('demo: organiser token did not resolve');
	const record: TokenRecord = auth.record;
	const run = async (raw: Record<string, unknown>): Promise<Record<string, unknown>> => {
		const parsed = parseCommand(raw);
		if (!parsed.ok) throw new Error(`demo: invalid ${String(raw.type)}: ${parsed.detail}`);
		const reply = await meetings.executeTrusted(record, parsed.command);
		if (!reply.ok) throw new Error(`demo: ${String(raw.type)} refused: ${reply.code}`);
		return reply.result ?? {};
	};
	for (const [i, item] of DEMO_AGENDA.entries()) {
		const startsAt = schedule.itemStarts[i];
		await run({
			type: 'agenda.add',
			title: item.title,
			durationMinutes: item.durationMinutes,
			kind: item.kind,
			...(startsAt ? { startsAt } : {}),
			...(item.attendance ? { attendance: item.attendance } : {}),
			...(item.presenter ? { presenter: item.presenter } : {}),
			...(item.notes ? { notes: item.notes } : {})
		});
	}
	await run({ type: 'meeting.update', categoryLabels: DEMO_CATEGORY_LABELS, categoryNotes: DEMO_CATEGORY_NOTES });
	const roomIds: string[] = [];
	for (const room of DEMO_ROOMS) roomIds.push(String((await run({ type: 'room.add', ...room })).id));
	const memberIds: string[] = [];
	for (const m of DEMO_MEMBERS) {
		const added = await run({
			type: 'member.add',
			name: m.name,
			organisation: m.organisation,
			category: m.category,
			department: m.department,
			roomId: m.room === null ? null : roomIds[m.room],
			role: m.role
		});
		memberIds.push(String(added.id));
	}
	await addDemoQuestions(meetings, id, memberIds);
	if (store) for (const [i, roomId] of roomIds.entries()) if (DEMO_ROOM_NOTES[i]) await seedBoard(store, roomDocName(id, roomId), DEMO_ROOM_NOTES[i]);
	return { id, organiserToken };
}
