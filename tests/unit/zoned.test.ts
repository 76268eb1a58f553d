/**
 * Meeting times shown the Japanese way, in the meeting's zone (Asia/Tokyo unless set otherwise),
 * whatever zone the server or the browser runs in.
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatSpan, formatTime, isoToZoned, zonedToIso, zoneOffsetMinutes } from '../../src/lib/shared/time/zoned.js';

describe('zonedToIso', () => {
	it.each([
		['2021-06-04', '14:00', 'Asia/Tokyo', '2021-06-04T14:00:00+09:00'],
		['2021-06-04', '00:05', 'Asia/Tokyo', '2021-06-04T00:05:00+09:00'],
		['2021-12-31', '23:59', 'Asia/Tokyo', '2021-12-31T23:59:00+09:00'],
		['2021-06-04', '14:00', 'UTC', '2021-06-04T14:00:00+00:00'],
		['2021-06-04', '14:00', 'Europe/Berlin', '2021-06-04T14:00:00+02:00'],
		['2021-01-15', '09:30', 'Europe/Berlin', '2021-01-15T09:30:00+01:00'],
		['2021-06-04', '14:00', 'America/New_York', '2021-06-04T14:00:00-04:00'],
		['2021-06-04', '14:00', 'Asia/Kolkata', '2021-06-04T14:00:00+05:30']
	])('%s %s in %s → %s', (date, time, tz, iso) => {
		expect(zonedToIso(date, time, tz)).toBe(iso);
		expect(isoToZoned(iso, tz)).toEqual({ date, time });
	});

	it('names the same instant as the UTC form', () => {
		expect(Date.parse(zonedToIso('2021-06-04', '14:00', 'Asia/Tokyo'))).toBe(Date.parse('2021-06-04T05:00:00Z'));
	});

	it('knows Tokyo’s offset', () => {
		expect(zoneOffsetMinutes(Date.parse('2021-06-04T05:00:00Z'), 'Asia/Tokyo')).toBe(540);
	});
});

describe('formatting', () => {
	it('formats a date with its weekday, Japanese style', () => {
		expect(formatDate('2021-06-04T14:00:00+09:00', 'Asia/Tokyo')).toBe('2021年6月4日（金）');
	});

	it('uses the meeting’s zone for the date, not UTC', () => {
		// 00:30 in Tokyo on Friday is still Thursday in UTC.
		expect(formatDate('2021-06-04T00:30:00+09:00', 'Asia/Tokyo')).toBe('2021年6月4日（金）');
		expect(formatTime('2021-06-04T00:30:00+09:00', 'Asia/Tokyo')).toBe('00:30');
	});

	it('formats a span as 2021年6月4日（金） 14:00〜15:40', () => {
		expect(formatSpan('2021-06-04T14:00:00+09:00', '2021-06-04T15:40:00+09:00', 'Asia/Tokyo')).toBe('2021年6月4日（金） 14:00〜15:40');
	});

	it('shows an open-ended span with a trailing 〜', () => {
		expect(formatSpan('2021-06-04T14:00:00+09:00', null, 'Asia/Tokyo')).toBe('2021年6月4日（金） 14:00〜');
	});

	it('has an English form for the language switch', () => {
		expect(formatDate('2021-06-04T14:00:00+09:00', 'Asia/Tokyo', 'en')).toBe('Fri, 4 June 2021');
		expect(formatSpan('2021-06-04T14:00:00+09:00', '2021-06-04T15:40:00+09:00', 'Asia/Tokyo', 'en')).toBe('Fri, 4 June 2021 14:00–15:40');
	});

	it('accepts epoch milliseconds', () => {
		expect(formatDate(Date.parse('2021-06-04T05:00:00Z'), 'Asia/Tokyo')).toBe('2021年6月4日（金）');
		expect(formatTime(Date.parse('2021-06-04T05:00:00Z'), 'Asia/Tokyo')).toBe('14:00');
	});
});
