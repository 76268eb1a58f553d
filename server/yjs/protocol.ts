/**
 * The y-websocket wire format (y-protocols sync + awareness, lib0 encoding): decoding a client's
 * frame into one typed message, and encoding what the server sends. Decoding never trusts lengths:
 * a truncated or garbled frame throws MalformedFrame.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_QUERY_AWARENESS = 3;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export class MalformedFrame extends Error {}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export type ClientMessage =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	| { type: 'ignored' };

/** Decodes one frame; throws MalformedFrame when it does not decode. */
export function decodeMessage(frame: Uint8Array): ClientMessage {
	try {
		const d = decoding.createDecoder(frame);
		const type = decoding.readVarUint(d);
		switch (type) {
			case MSG_SYNC: {
				const sub = decoding.readVarUint(d);
				const payload = decoding.readVarUint8Array(d);
				if (sub === SYNC_STEP1) {
					Y.decodeStateVector(payload); // validates
					return { type: 'sync-step1', stateVector: payload };
				}
				if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) return { type: 'update', update: payload };
				throw new MalformedFrame(`sync message ${sub}`);
			}
			case MSG_AWARENESS:
				return { type: 'awareness', update: decoding.readVarUint8Array(d) };
			case MSG_QUERY_AWARENESS:
				return { type: 'query-awareness' };
			case MSG_AUTH:
				return { type: 'ignored' };
			default:
				throw new MalformedFrame(`message type ${type}`);
		}
	} catch (err) {
		if (err instanceof MalformedFrame) throw err;
		throw new MalformedFrame((err as Error).message);
	}
}

/**
 * Checks a writer's update against the shape of a board (text in the root Y.Text `text`, nothing
 * else) and answers how many UTF-8 bytes of text it inserts. Throws MalformedFrame for an update
 * that does not decode or that writes anything else (other types, maps, embeds, formatting), so no
 * content outside the board's text — and its size limit — can reach the document.
 */
export function boardUpdateBytes(update: Uint8Array, textName: string): number {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch (err) {
		throw new MalformedFrame(`update does not decode: ${(err as Error).message}`);
	}
	let bytes = 0;
	for (const s of decoded.structs) {
		if (!(s instanceof Y.Item)) continue; // GC and Skip carry no content
		// Decoded (not integrated) items name their parent by root key (a string) or by ID, or leave it to their origin.
		const parent = s.parent as unknown;
		if (s.parentSub !== null || (parent !== null && parent !== textName)) throw new MalformedFrame('update outside the board text');
		if (s.content instanceof Y.ContentString) bytes += Buffer.byteLength(s.content.str, 'utf8');
		else if (!(s.content instanceof Y.ContentDeleted)) throw new MalformedFrame(`content ${s.content.constructor.name} on a board`);
	}
	return bytes;
}

/** True when an update carries nothing (no structs, no deletions): what a reader's sync reply usually is. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length <= 2 && update.every((b) => b === 0);
}

/** [sync, step1, state vector of doc] */
export function syncStep1(doc: Y.Doc): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_SYNC);
	encoding.writeVarUint(e, SYNC_STEP1);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
	return encoding.toUint8Array(e);
}

/** [sync, step2, what doc has beyond stateVector] */
export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_SYNC);
	encoding.writeVarUint(e, SYNC_STEP2);
	encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
	return encoding.toUint8Array(e);
}

/** [sync, update, update] */
export function updateMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_SYNC);
	encoding.writeVarUint(e, SYNC_UPDATE);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** [awareness, awareness update] */
export function awarenessMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_AWARENESS);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** One entry of an awareness update. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** Parsed JSON state; null means the client left. */
	state: unknown;
}

/**
 * Decodes an awareness update, parsing the JSON state only of entries `keep(clientId)` accepts
 * (y-websocket clients echo everyone's presence back; those entries are skipped cheaply).
 * Throws MalformedFrame.
 */
export function decodeAwareness(update: Uint8Array, maxStateBytes: number, keep: (clientId: number) => boolean = () => true): AwarenessEntry[] {
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		const out: AwarenessEntry[] = [];
		for (let i = 0; i < n; i++) {
			const clientId = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const raw = decoding.readVarUint8Array(d);
			if (!keep(clientId)) continue;
			if (raw.length > maxStateBytes) throw new MalformedFrame('awareness state too large');
			out.push({ clientId, clock, state: JSON.parse(textDecoder.decode(raw)) as unknown });
		}
		return out;
	} catch (err) {
		if (err instanceof MalformedFrame) throw err;
		throw new MalformedFrame((err as Error).message);
	}
}

/** Encodes awareness entries back into an awareness update. */
export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const a of entries) {
		encoding.writeVarUint(e, a.clientId);
		encoding.writeVarUint(e, a.clock);
		encoding.writeVarString(e, JSON.stringify(a.state));
	}
	return encoding.toUint8Array(e);
}
