/**
 * The personal-information detector on a labelled set of board lines (tests/fixtures/privacy-lines.ts):
 * precision and recall per finding kind, on the lines it was tuned on and on lines held out, plus the
 * spans and the masking the board and the exports rely on.
 */
import { describe, expect, it } from 'vitest';
import { findPersonalInfo, hasPersonalInfo, maskPersonalInfo, type FindingKind } from '../../src/lib/shared/privacy/detect.js';
import { HELD_OUT, LABELLED_LINES, LOOK_ALIKES, POSITIVES, type LabelledLine } from '../fixtures/privacy-lines.js';

/** Precision and recall over (line, kind) pairs, with the lines that went wrong. */
function score(lines: LabelledLine[]) {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	const wrong: string[] = [];
	for (const [line, kinds] of lines) {
		const got = new Set<FindingKind>(findPersonalInfo(line).map((f) => f.kind));
		const want = new Set(kinds);
		const extra = [...got].filter((k) => !want.has(k));
		const missed = [...want].filter((k) => !got.has(k));
		tp += want.size - missed.length;
		fp += extra.length;
		fn += missed.length;
		if (extra.length || missed.length) wrong.push(`${line} → extra ${extra.join(',') || '-'}, missed ${missed.join(',') || '-'}`);
	}
	return { precision: tp / (tp + fp), recall: tp / (tp + fn), wrong };
}

describe('the labelled set', () => {
	it('has at least 150 lines, positives and look-alikes, every kind among the positives', () => {
		expect(LABELLED_LINES.length + HELD_OUT.length).toBeGreaterThanOrEqual(150);
		expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(60);
		const kinds = new Set(POSITIVES.flatMap(([, k]) => k));
		expect([...kinds].sort()).toEqual(['address', 'age', 'birthdate', 'email', 'mynumber', 'name', 'phone', 'postal', 'profile']);
	});

	it('finds what it was tuned on: precision and recall at least 0.95 (README states the figures)', () => {
		const s = score(LABELLED_LINES);
		expect({ precision: s.precision >= 0.95, recall: s.recall >= 0.95, wrong: s.wrong.length <= 3 }, s.wrong.join('\n')).toEqual({ precision: true, recall: true, wrong: true });
	});

	it('holds up on lines it was never tuned on: precision and recall at least 0.9', () => {
		const s = score(HELD_OUT);
		expect({ precision: s.precision >= 0.9, recall: s.recall >= 0.9 }, s.wrong.join('\n')).toEqual({ precision: true, recall: true });
	});
});

describe('findings', () => {
	it('carry the span of what they found, also in full-width text', () => {
		const line = '連絡先：０９０－１１２２－３３４４（本人）';
		const [f] = findPersonalInfo(line);
		expect([f.kind, line.slice(f.from, f.to)]).toEqual(['phone', '０９０－１１２２－３３４４']);
		const named = '前回の加藤さん、その後就職';
		const [n] = findPersonalInfo(named);
		expect(named.slice(n.from, n.to)).toBe('加藤さん');
	});

	it('merge overlapping findings into one span', () => {
		const line = '質問：前田さん(苫小牧市在住の50代男性)の扶養照会';
		const spans = findPersonalInfo(line).map((f) => line.slice(f.from, f.to));
		expect(spans).toEqual(['前田さん', '苫小牧市在住の50代男性']);
	});

	it('mask with 〇〇, keeping a name’s honorific, and a masked line has nothing left to find', () => {
		const line = '佐藤さん 090-8765-4321 千歳市北栄1丁目';
		const masked = maskPersonalInfo(line);
		expect(masked).toBe('〇〇さん 〇〇 〇〇');
		expect(hasPersonalInfo(masked)).toBe(false);
		expect(maskPersonalInfo('フードバンクの利用が増えている')).toBe('フードバンクの利用が増えている');
	});
});
