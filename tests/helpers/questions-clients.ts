/**
 * A socket.io client that keeps a replica of the meeting, for the question tests: the servers, HTTP
 * helpers and member joins it works with are in ./server.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { reduce } from '../../src/lib/shared/meeting/reduce.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type CommandReply, type EventBatch, type ServerToClientEvents, type SessionView } from '../../src/lib/shared/protocol.js';
import { waitFor } from './server.js';

/** A socket.io client with a replica of the meeting, kept like the browser's MeetingSession. */
export class Replica {
	view: SessionView | null = null;
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private listeners = new Set<(batch: EventBatch) => void>();

	constructor(url: string, meetingId: string, token: string) {
		this.socket = io(url, { path: '/socket.io/', transports: ['websocket'], auth: { meetingId, token, protocol: PROTOCOL_VERSION }, reconnection: false, forceNew: true });
		this.socket.on('view', (view) => (this.view = view));
		this.socket.on('events', (batch) => this.apply(batch));
	}

	get state(): MeetingState {
		if (!this.view) throw new Error('no view yet');
		return this.view.state;
	}

	/** Calls `fn` after each applied batch. */
	onBatch(fn: (batch: EventBatch) => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	private apply(batch: EventBatch) {
		const view = this.view;
		if (!view || batch.seq <= view.state.seq) return;
		if (batch.fromSeq !== view.state.seq) {
			void this.socket.timeout(15_000).emitWithAck('resync').then((v) => {
				if (!('ok' in v)) this.view = v;
			}, () => undefined);
			return;
		}
		let state = view.state;
		for (const e of batch.events) state = reduce(state, e);
		this.view = { ...view, state: { ...state, seq: batch.seq } };
		for (const fn of this.listeners) fn(batch);
	}

	send(cmd: Record<string, unknown>): Promise<CommandReply> {
		return this.socket.timeout(30_000).emitWithAck('command', cmd);
	}

	/** Waits for the first view. */
	async ready(timeoutMs = 20_000): Promise<this> {
		await waitFor(() => this.view !== null, timeoutMs, 'view');
		return this;
	}

	close() {
		this.socket.disconnect();
	}
}
