/**
 * Broadcasts expire — after what the organiser picked, else one minute on the display and ten on
 * people's screens — and the display's language follows the meeting (plenary.language).
 */
import { describe, expect, it } from 'vitest';
import { broadcastShown, broadcastShownUntil } from '../../src/lib/shared/agenda/broadcasts.js';
import { agendaMeeting, actor, MIN, mustAt, sendAt, T0 } from '../helpers/world.js';

describe('broadcast.send showSeconds', () => {
	it('keeps the organiser’s choice; screens show it that long, whatever their role', () => {
		const s = mustAt(agendaMeeting(), { type: 'broadcast.send', text: '残り5分です', showSeconds: 30 }, T0);
		const b = s.agenda.broadcasts.at(-1)!;
		expect(b).toMatchObject({ text: '残り5分です', showSeconds: 30, at: T0 });
		for (const role of ['display', 'participant'] as const) {
			expect(broadcastShown(b, role, T0 + 29_000)).toBe(true);
			expect(broadcastShown(b, role, T0 + 30_000)).toBe(false);
		}
	});

	it('without a choice: one minute on the display, ten minutes on people’s screens', () => {
		const s = mustAt(agendaMeeting(), { type: 'broadcast.send', text: 'まとめに入ってください' }, T0);
		const b = s.agenda.broadcasts.at(-1)!;
		expect(b.showSeconds).toBeUndefined();
		expect(broadcastShownUntil(b, 'display')).toBe(T0 + MIN);
		expect(broadcastShown(b, 'display', T0 + MIN + 1)).toBe(false);
		expect(broadcastShown(b, 'ministry', T0 + 9 * MIN)).toBe(true);
		expect(broadcastShown(b, 'ministry', T0 + 10 * MIN)).toBe(false);
	});

	it('refuses durations under 10 s or over an hour, and fractions (invalid)', () => {
		const state = agendaMeeting();
		for (const showSeconds of [5, 3601, 1.5, 0]) expect(sendAt(state, { type: 'broadcast.send', text: 'x', showSeconds }, T0)).toMatchObject({ ok: false, code: 'invalid' });
	});
});

describe('plenary.language', () => {
	it('sets the display’s language (Japanese until then); organisers only; the same language again changes nothing', () => {
		const state = agendaMeeting();
		expect(state.plenary.language ?? 'ja').toBe('ja');
		const en = sendAt(state, { type: 'plenary.language', language: 'en' }, T0);
		expect(en.ok && en.state.plenary.language).toBe('en');
		if (!en.ok) return;
		const again = sendAt(en.state, { type: 'plenary.language', language: 'en' }, T0 + 1);
		expect(again.ok && again.events).toEqual([]);
		expect(sendAt(state, { type: 'plenary.language', language: 'en' }, T0, actor('display'))).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(sendAt(state, { type: 'plenary.language', language: 'fr' }, T0)).toMatchObject({ ok: false, code: 'invalid' });
	});
});
