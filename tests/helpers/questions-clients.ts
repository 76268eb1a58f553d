/**
 * A socket.io client that keeps a replica of the meeting, for the question tests: the servers, HTTP
 * helpers and member joins it works with are in ./server.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { MeetingClient } from '../../src/lib/client/meeting-client.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { ClientToServerEvents, CommandReply, EventBatch, ServerToClientEvents, SessionView } from '../../src/lib/shared/protocol.js';
import { waitFor } from './server.js';

/** A socket.io client with a replica of the meeting: the browser's own `MeetingClient` over a real socket. */
export class Replica {
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private readonly client: MeetingClient;

	constructor(url: string, meetingId: string, token: string) {
		let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
		this.client = new MeetingClient({
			meetingId,
			token,
			ackTimeoutMs: 30_000,
			open: (auth) => (socket = io(url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true }))
		});
		this.client.connect();
		this.socket = socket!;
	}

	get view(): SessionView | null {
		return this.client.view;
	}

	get state(): MeetingState {
		if (!this.client.state) throw new Error('no view yet');
		return this.client.state;
	}

	/** Calls `fn` after each applied batch. */
	onBatch(fn: (batch: EventBatch) => void): () => void {
		return this.client.onBatch(fn);
	}

	send(cmd: Record<string, unknown>): Promise<CommandReply> {
		return this.client.send(cmd);
	}

	/** Waits for the first view. */
	async ready(timeoutMs = 20_000): Promise<this> {
		await waitFor(() => this.client.view !== null, timeoutMs, 'view');
		return this;
	}

	close() {
		this.client.close();
	}
}
