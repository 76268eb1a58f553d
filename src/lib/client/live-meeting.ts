/**
 * The meeting as components see it, through Svelte context: `MeetingShell` provides it only once
 * the first view arrived, so `state` and `view` are never null below it (no `session.state!`).
 */
import { getContext, setContext } from 'svelte';
import type { Command } from '$lib/shared/meeting/commands';
import type { Member, MeetingState, Role } from '$lib/shared/meeting/types';
import type { CommandReply, SessionView } from '$lib/shared/protocol';
import type { ConnectionStatus } from './meeting-client';
import type { MeetingSession } from './session.svelte';

const KEY = Symbol('live-meeting');

export class LiveMeeting {
	/** `source` answers the shell's current session (a getter, so a new session is followed). */
	constructor(private readonly source: () => MeetingSession) {}

	get session(): MeetingSession {
		return this.source();
	}

	get meetingId(): string {
		return this.session.meetingId;
	}

	/** The role this page opened the meeting as. */
	get role(): Role {
		return this.session.role;
	}

	get status(): ConnectionStatus {
		return this.session.status;
	}

	/** The latest view (a resync replaces it, it never goes back to null). */
	get view(): SessionView {
		const view = this.session.view;
		if (!view) throw new Error('LiveMeeting used before the first view arrived');
		return view;
	}

	get state(): MeetingState {
		return this.view.state;
	}

	/** The member this browser is, once joined. */
	get me(): Member | null {
		return this.session.me;
	}

	/** The room this browser belongs to: its member's, else its link's (facilitator links). */
	get myRoomId(): string | null {
		return this.me?.roomId ?? this.view.me.roomId ?? null;
	}

	send(command: Command): Promise<CommandReply> {
		return this.session.send(command);
	}
}

/** Puts the live meeting in context for the components below (call once the view arrived). */
export function provideMeeting(session: () => MeetingSession): LiveMeeting {
	return setContext(KEY, new LiveMeeting(session));
}

/** The live meeting of the enclosing `MeetingShell`. */
export function useMeeting(): LiveMeeting {
	const meeting = getContext<LiveMeeting | undefined>(KEY);
	if (!meeting) throw new Error('useMeeting() outside a MeetingShell');
	return meeting;
}
