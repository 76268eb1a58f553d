// The question status machine: every move a ministry respondent can make, and every one it cannot.
import { describe, expect, it } from 'vitest';
import { canMove, isUnresolved, STATUS_MOVES } from '../../src/lib/shared/questions/status.js';
import { QUESTION_STATUSES, type QuestionStatus } from '../../src/lib/shared/questions/types.js';
import { questionsWorld } from '../helpers/world.js';

const allowed: [QuestionStatus, QuestionStatus][] = [
	['open', 'answering'],
	['open', 'answered'],
	['open', 'deferred'],
	['answering', 'open'],
	['answering', 'answered'],
	['answering', 'deferred'],
	['deferred', 'open'],
	['deferred', 'answering'],
	['deferred', 'answered'],
	['answered', 'open'],
	['answered', 'answering']
];

describe('status machine', () => {
	it('allows exactly the listed moves (never a move to the same status)', () => {
		for (const from of QUESTION_STATUSES)
			for (const to of QUESTION_STATUSES)
				expect([from, to, canMove(from, to)]).toEqual([from, to, allowed.some(([f, t]) => f === from && t === to)]);
		expect(Object.values(STATUS_MOVES).flat()).toHaveLength(allowed.length);
	});

	it('is what question.status enforces, with wrong_state for the rest', () => {
		for (const from of QUESTION_STATUSES)
			for (const to of QUESTION_STATUSES) {
				const w = questionsWorld();
				const asker = w.member('participant', '佐藤');
				const ministry = w.member('ministry', '青木');
				const id = w.ask(asker, '質問');
				// Reach `from` by a valid path.
				if (from !== 'open') w.must(ministry, { type: 'question.status', questionId: id, status: from });
				const reply = w.run(ministry, { type: 'question.status', questionId: id, status: to });
				if (canMove(from, to)) expect(w.q(id).status).toBe(to);
				else {
					expect(reply).toMatchObject({ ok: false, code: 'wrong_state' });
					expect(w.q(id).status).toBe(from);
				}
			}
	});

	it('counts open, answering and deferred as unresolved (they carry over), answered as resolved', () => {
		expect(QUESTION_STATUSES.filter(isUnresolved)).toEqual(['open', 'answering', 'deferred']);
	});
});
