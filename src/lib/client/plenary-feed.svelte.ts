/**
 * The plenary screen's live copy of the boards' shared items and the summary board, for the display
 * and organiser pages: asks the server for a snapshot (`plenary.sync`) on start and after every
 * reconnect, then applies `plenary.rooms` / `plenary.summary` pushes. A fresh snapshot every minute
 * bounds how long any missed push (e.g. across server instances) can stay on the screen.
 */
import type { PlenaryRoom, PlenaryRoomsPayload, PlenarySection } from '$lib/shared/plenary/projection';
import type { MeetingSession } from './session.svelte';

const ACK_TIMEOUT_MS = 15_000;
const RESYNC_MS = 60_000;

export class PlenaryFeed {
	rooms = $state<Record<string, PlenaryRoom>>({});
	summary = $state<PlenarySection[]>([]);
	/** True once the first snapshot arrived. */
	ready = $state(false);

	constructor(private readonly session: MeetingSession) {}

	/** Starts listening on the session's socket; answers a stop function. */
	start(): () => void {
		const socket = this.session.rawSocket;
		if (!socket) return () => {};
		const onRooms = (payload: PlenaryRoomsPayload) => this.applyRooms(payload);
		const onSummary = (sections: PlenarySection[]) => (this.summary = sections);
		const onConnect = () => void this.sync();
		socket.on('plenary.rooms', onRooms);
		socket.on('plenary.summary', onSummary);
		socket.on('connect', onConnect);
		void this.sync();
		const timer = setInterval(() => void this.sync(), RESYNC_MS);
		return () => {
			clearInterval(timer);
			socket.off('plenary.rooms', onRooms);
			socket.off('plenary.summary', onSummary);
			socket.off('connect', onConnect);
		};
	}

	private applyRooms(payload: PlenaryRoomsPayload) {
		const next = payload.full ? {} : { ...this.rooms };
		for (const room of payload.rooms) next[room.roomId] = room;
		this.rooms = next;
	}

	async sync(): Promise<void> {
		const socket = this.session.rawSocket;
		if (!socket?.connected) return;
		const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('plenary.sync').catch(() => null);
		if (!reply || 'ok' in reply) return;
		this.applyRooms({ full: true, rooms: reply.rooms });
		this.summary = reply.summary;
		this.ready = true;
	}
}
