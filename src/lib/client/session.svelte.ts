/**
 * A page's live connection to one meeting: the plain `MeetingClient` (replica, resync, identity
 * change) over the page's socket.io connection, with `$state` mirrors of its view and status so
 * components react, plus joining over HTTP.
 */
import type { Socket } from 'socket.io-client';
import { newPageManager } from './transport.svelte';
import { MeetingClient, type ConnectionStatus } from './meeting-client';
import type { Command } from '$lib/shared/meeting/commands';
import type { Member, MeetingState, Role } from '$lib/shared/meeting/types';
import type { ClientToServerEvents, CommandReply, ServerToClientEvents, SessionView } from '$lib/shared/protocol';
import { refuse } from '$lib/shared/errors';

export type { ConnectionStatus };

export class MeetingSession {
	view = $state<SessionView | null>(null);
	status = $state<ConnectionStatus>('connecting');
	private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	private readonly client: MeetingClient;

	constructor(
		readonly meetingId: string,
		readonly role: Role
	) {
		this.client = new MeetingClient({
			meetingId,
			role,
			// socket.io's defaults: long-polling first, upgraded to a WebSocket where the network allows
			// (many municipal networks block WebSockets). The page's boards share this connection.
			open: (auth) => {
				const socket: Socket<ServerToClientEvents, ClientToServerEvents> = newPageManager().socket('/', { auth });
				this.socket = socket;
				return socket;
			}
		});
		this.client.onChange(() => {
			this.view = this.client.view;
			this.status = this.client.status;
		});
	}

	get state(): MeetingState | null {
		return this.view?.state ?? null;
	}

	/** The member this browser is, once joined. */
	get me(): Member | null {
		const id = this.view?.me.memberId;
		return (id && this.view?.state.members[id]) || null;
	}

	/** True when the link still needs a display name before acting as a member. */
	get needsJoin(): boolean {
		return !!this.view && !this.view.me.memberId && ['participant', 'ministry', 'facilitator'].includes(this.view.me.role);
	}

	/** Opens the socket (browser only). */
	connect(): void {
		this.client.connect();
	}

	/** The socket for feature modules that need extra events (clock ping, plenary feed). */
	get rawSocket() {
		return this.socket;
	}

	/** Sends a command; resolves with the server's reply (refusals carry a code for the UI). */
	send(command: Command): Promise<CommandReply> {
		return this.client.send(command);
	}

	/** Joins with a display name over HTTP (so the server can set the member's session cookie), then reconnects. */
	join(fields: { name: string; organisation: string; category?: string }): Promise<CommandReply> {
		return this.becomeMember({ type: 'member.join', ...fields });
	}

	/** Joins as one's own open roster entry, the same way as `join`. */
	claim(memberId: string): Promise<CommandReply> {
		return this.becomeMember({ type: 'member.claim', memberId });
	}

	private async becomeMember(command: Record<string, unknown>): Promise<CommandReply> {
		let reply: CommandReply;
		try {
			const res = await fetch(`/api/v1/meetings/${this.meetingId}/commands?as=${this.role}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				credentials: 'same-origin',
				body: JSON.stringify(command)
			});
			reply = (await res.json()) as CommandReply;
		} catch {
			return refuse('unavailable');
		}
		if (reply.ok) this.client.changeIdentity();
		return reply;
	}

	close(): void {
		this.client.close();
		this.socket = null;
	}
}
