/**
 * Every fact the meeting log can hold. Commands are decided into these; `reduce` applies them.
 */
import type { PrivacyEvent } from '../privacy/events.js';
import type { AgendaEvent } from '../agenda/events.js';
import type { QuestionEvent } from '../questions/events.js';
import type { PlenaryEvent } from '../plenary/events.js';
import type { Attendance } from '../zoom/participants.js';
import type { FormerMember, LinkInfo, MeetingInfo, Member, MemberClaim, Room, RosterPolicy } from './types.js';

export type CoreEvent =
	| { type: 'meeting.created'; meeting: MeetingInfo }
	| { type: 'meeting.updated'; patch: Partial<Omit<MeetingInfo, 'id' | 'createdAt'>> }
	| { type: 'room.added'; room: Room }
	| { type: 'room.updated'; id: string; patch: Partial<Omit<Room, 'id'>> }
	| { type: 'room.removed'; id: string }
	| { type: 'member.added'; member: Member }
	| { type: 'member.updated'; id: string; patch: Partial<Omit<Member, 'id' | 'createdAt' | 'selfJoined'>> }
	| { type: 'member.assigned'; id: string; roomId: string | null }
	| { type: 'link.created'; link: LinkInfo }
	| { type: 'link.revoked'; id: string }
	| { type: 'member.claimed'; id: string; claim: MemberClaim }
	| { type: 'member.released'; id: string }
	| { type: 'roster.policySet'; policy: RosterPolicy }
	/** The entry leaves the roster (removed, or merged into `former.mergedInto`); its questions stay. */
	| { type: 'member.removed'; id: string; former: FormerMember };

/** Actual attendance recorded from a Zoom participant report (replaces the one before). */
export type AttendanceEvent = { type: 'attendance.recorded'; attendance: Attendance };

export type MeetingEvent = CoreEvent | AgendaEvent | QuestionEvent | PlenaryEvent | PrivacyEvent | AttendanceEvent;

/** An event as stored in the log: its sequence number, server time and who caused it. */
export interface LoggedEvent {
	seq: number;
	at: number;
	actor: string | null;
	event: MeetingEvent;
}
