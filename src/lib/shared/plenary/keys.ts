/**
 * Stable keys of outline items for hide/pin: the room plus a hash of the item's normalised text,
 * so a key survives edits to other lines and line moves (the line number is not part of it).
 */

/** NFKC, trimmed, inner whitespace collapsed: the text identity of an item. */
export function normaliseItemText(text: string): string {
	return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** 32-bit FNV-1a of a string's UTF-16 code units, in base 36. */
export function fnv1a(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(36);
}

/** The key of an item of `roomId` whose text is `text`, e.g. `r1:1x9k2a`. */
export function itemKey(roomId: string, text: string): string {
	return `${roomId}:${fnv1a(normaliseItemText(text))}`;
}

/** Shape of an item key, for schemas. */
export const ITEM_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}:[0-9a-z]{1,8}$/;
