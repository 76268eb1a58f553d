/**
 * Join codes (参加コード): a short code beside every QR code, readable aloud in Zoom — 8 characters
 * from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ABCD-2345, typed in any case,
 * with or without the hyphen or spaces, half- or full-width.
 */

/** 31 symbols: digits 2–9 and capitals without I, L, O. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 8;

/** The code for `bytes` (at least JOIN_CODE_LENGTH of them, e.g. an HMAC): one symbol per byte. */
export function joinCodeFromBytes(bytes: Uint8Array): string {
	if (bytes.length < JOIN_CODE_LENGTH) throw new Error('joinCodeFromBytes: too few bytes');
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[bytes[i] % JOIN_CODE_ALPHABET.length];
	return code;
}

/** What someone typed, as a code (upper case, no separators), or null when it cannot be one. */
export function normaliseJoinCode(input: string): string | null {
	const code = input
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-‐–—ー_.]/g, '');
	if (code.length !== JOIN_CODE_LENGTH) return null;
	for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return null;
	return code;
}

/** A code as shown and read aloud: two groups of four, `ABCD-2345`. */
export function formatJoinCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}
