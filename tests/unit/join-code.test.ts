/** Join codes as people read and type them: 8 unambiguous symbols, any case, with or without separators, half- or full-width. */
import { describe, expect, it } from 'vitest';
import { formatJoinCode, JOIN_CODE_ALPHABET, joinCodeFromBytes, normaliseJoinCode } from '../../src/lib/shared/join-code.js';

describe('join codes', () => {
	it('use no look-alikes (0/O, 1/I/L) and are 8 symbols, shown as two groups of four', () => {
		for (const c of '01OIL') expect(JOIN_CODE_ALPHABET).not.toContain(c);
		const code = joinCodeFromBytes(new Uint8Array(32).map((_, i) => i * 37));
		expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
		expect(formatJoinCode('ABCD2345')).toBe('ABCD-2345');
	});

	it('are read back whatever the case, hyphen, spaces or width', () => {
		for (const typed of ['ABCD-2345', 'abcd2345', ' abcd 2345 ', 'ＡＢＣＤ－２３４５', 'abcd－2345', 'ABCDー2345']) expect(normaliseJoinCode(typed), typed).toBe('ABCD2345');
	});

	it('refuse what cannot be a code: wrong length, look-alike letters', () => {
		for (const typed of ['ABCD-234', 'ABCD-23456', 'ABCD-23O5', 'ILLI-2345', '', '参加コード']) expect(normaliseJoinCode(typed), typed).toBeNull();
	});
});
