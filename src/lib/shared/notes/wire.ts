/**
 * What the notes WebSocket endpoint (/yjs/…) tells a client when it closes a connection, so the
 * page can say what happened. Codes below 4000 are the standard ones (RFC 6455); 4400–4499 tell
 * y-websocket not to reconnect.
 */
export const YJS_CLOSE = {
	/** Server shutting down or restarting: reconnect. */
	goingAway: 1001,
	/** A text frame: the protocol is binary. */
	unsupported: 1003,
	/** A frame that does not decode as a y-websocket message. */
	malformed: 1007,
	/** A message over LIMITS.yjsMessageBytes. */
	tooLarge: 1009,
	/** The board could not be loaded or saved right now: reconnect later. */
	tryAgainLater: 1013,
	/** The link was revoked or no longer gives access to this board. */
	revoked: 4403,
	/** The room was removed. */
	roomRemoved: 4404,
	/** The meeting's boards were purged (retention): nothing to reconnect to; drop any local copy. */
	purged: 4410
} as const;

/** Reasons sent with the close codes (short, machine-readable). */
export const YJS_CLOSE_REASON: Record<number, string> = {
	[YJS_CLOSE.goingAway]: 'going_away',
	[YJS_CLOSE.unsupported]: 'binary_only',
	[YJS_CLOSE.malformed]: 'malformed',
	[YJS_CLOSE.tooLarge]: 'too_large',
	[YJS_CLOSE.tryAgainLater]: 'unavailable',
	[YJS_CLOSE.revoked]: 'revoked',
	[YJS_CLOSE.roomRemoved]: 'room_removed'
};
