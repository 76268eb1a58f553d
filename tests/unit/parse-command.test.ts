/**
 * parseCommand: the schema gate every transport calls before `decide`. Untrusted payloads are
 * either a well-formed command or `{ ok: false, code: 'invalid' }`, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { LIMITS } from '../../src/lib/shared/schemas.js';

const long = (n: number) => 'あ'.repeat(n);

describe('parseCommand refuses what is not a command', () => {
	it.each([
		['null', null],
		['undefined', undefined],
		['an array', [{ type: 'room.add', name: 'x' }]],
		['a string', 'room.add'],
		['a number', 42],
		['a boolean', true],
		['an object without type', { name: 'x' }],
		['a non-string type', { type: 7, name: 'x' }],
		['an unknown type', { type: 'meeting.delete' }],
		['a prototype key as type', { type: '__proto__' }],
		['a type that differs in case', { type: 'Room.Add', name: 'x' }]
	])('%s → invalid', (_label, raw) => {
		const r = parseCommand(raw);
		expect(r).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('names the unknown type in the detail, cut to a sane length', () => {
		const r = parseCommand({ type: 'x'.repeat(10_000) });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.detail!.length).toBeLessThan(100);
	});
});

describe('parseCommand checks fields', () => {
	it.each([
		['unknown field', { type: 'room.add', name: 'ルーム1', colour: 'red' }, 'unrecognized_keys colour'],
		['unknown field next to valid ones', { type: 'link.revoke', linkId: 'abc', force: true }, 'unrecognized_keys'],
		['missing required field', { type: 'room.add' }, 'name'],
		['number instead of string', { type: 'room.add', name: 5 }, 'name'],
		['string instead of number', { type: 'agenda.add', title: '開会', durationMinutes: '30' }, 'durationMinutes'],
		['fractional minutes', { type: 'agenda.add', title: '開会', durationMinutes: 2.5 }, 'durationMinutes'],
		['zero minutes', { type: 'agenda.add', title: '開会', durationMinutes: 0 }, 'durationMinutes'],
		['unknown agenda kind', { type: 'agenda.add', title: '開会', durationMinutes: 5, kind: 'party' }, 'kind'],
		['unknown role', { type: 'link.create', role: 'admin' }, 'role'],
		['unknown category', { type: 'member.add', name: '青木', category: 'government' }, 'category'],
		['empty name', { type: 'member.add', name: '' }, 'name'],
		['blank name (spaces only)', { type: 'member.add', name: '   ' }, 'name'],
		['blank name (ideographic space)', { type: 'room.add', name: '\u3000' }, 'name'],
		['empty title', { type: 'meeting.update', title: '' }, 'title'],
		['oversized room name', { type: 'room.add', name: long(LIMITS.name + 1) }, 'name'],
		['oversized member name', { type: 'member.join', name: long(LIMITS.name + 1) }, 'name'],
		['oversized organisation', { type: 'member.add', name: '青木', organisation: long(LIMITS.organisation + 1) }, 'organisation'],
		['oversized title', { type: 'meeting.update', title: long(LIMITS.title + 1) }, 'title'],
		['oversized description', { type: 'meeting.update', description: long(LIMITS.description + 1) }, 'description'],
		['id with a slash', { type: 'room.remove', roomId: 'a/b' }, 'roomId'],
		['empty id', { type: 'room.remove', roomId: '' }, 'roomId'],
		['oversized id', { type: 'room.remove', roomId: 'a'.repeat(LIMITS.id + 1) }, 'roomId'],
		['id as object', { type: 'member.assign', memberId: { $gt: '' }, roomId: null }, 'memberId'],
		['instant without offset', { type: 'meeting.update', startsAt: '2021-06-04 14:00' }, 'startsAt'],
		['unknown time zone', { type: 'meeting.update', timezone: 'Mars/Olympus' }, 'timezone'],
		['null where not nullable', { type: 'room.update', roomId: 'r1', name: null }, 'name'],
		['too many departments', { type: 'meeting.update', departments: Array.from({ length: 51 }, (_, i) => `課${i}`) }, 'departments']
	])('%s → invalid, detail says what is wrong', (_label, raw, field) => {
		const r = parseCommand(raw);
		expect(r).toMatchObject({ ok: false, code: 'invalid' });
		if (!r.ok) expect(r.detail).toContain(field);
	});

	it('accepts strings exactly at the limit and trims surrounding spaces', () => {
		const r = parseCommand({ type: 'room.add', name: `  ${long(LIMITS.name)}  `, purpose: ' 相談支援 ' });
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.command).toEqual({ type: 'room.add', name: long(LIMITS.name), purpose: '相談支援', editPolicy: 'facilitators' });
	});

	it('fills defaults for optional fields', () => {
		const r = parseCommand({ type: 'member.add', name: '青木 誠' });
		expect(r).toEqual({
			ok: true,
			command: { type: 'member.add', name: '青木 誠', organisation: '', category: 'other', department: '', roomId: null, role: 'participant', email: '' }
		});
	});

	it('accepts an instant in UTC (Z) or with an offset', () => {
		expect(parseCommand({ type: 'meeting.update', startsAt: '2021-06-04T05:00:00Z' }).ok).toBe(true);
		expect(parseCommand({ type: 'meeting.update', startsAt: '2021-06-04T14:00:00+09:00' }).ok).toBe(true);
	});

	it('every registered command refuses an unknown field', () => {
		for (const spec of ALL_COMMANDS) {
			const r = parseCommand({ type: spec.type, __unknown__: 1 });
			expect(r, spec.type).toMatchObject({ ok: false, code: 'invalid' });
		}
	});
});
