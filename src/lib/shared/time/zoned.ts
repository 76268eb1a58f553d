/**
 * Wall-clock times in a meeting's time zone (Asia/Tokyo by default) and Japanese-style formatting,
 * e.g. 2021年6月4日（金） 14:00〜15:40. Uses Intl only, so it runs the same in Node and browsers.
 */

function parts(instant: number, timeZone: string): Record<string, string> {
	const fmt = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	});
	return Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Asia/Tokyo → 540). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const p = parts(instant, timeZone);
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

function pad(n: number, width = 2): string {
	return String(Math.abs(n)).padStart(width, '0');
}

/**
 * The ISO instant (with the zone's offset) for a wall-clock date `YYYY-MM-DD` and time `HH:MM`
 * in `timeZone`.
 */
export function zonedToIso(date: string, time: string, timeZone: string): string {
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	const guess = Date.UTC(y, mo - 1, d, h, mi);
	let offset = zoneOffsetMinutes(guess, timeZone);
	offset = zoneOffsetMinutes(guess - offset * 60_000, timeZone);
	const sign = offset >= 0 ? '+' : '-';
	return `${date}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in `timeZone` (for form fields). */
export function isoToZoned(iso: string | number, timeZone: string): { date: string; time: string } {
	const p = parts(typeof iso === 'number' ? iso : Date.parse(iso), timeZone);
	return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** `HH:MM` of an instant in `timeZone`. */
export function formatTime(iso: string | number, timeZone: string): string {
	return isoToZoned(iso, timeZone).time;
}

/** A date with weekday: 2021年6月4日（金） in Japanese, Fri, 4 June 2021 in English. */
export function formatDate(iso: string | number, timeZone: string, locale: 'ja' | 'en' = 'ja'): string {
	const d = new Date(typeof iso === 'number' ? iso : Date.parse(iso));
	if (locale === 'en')
		return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
	const p = Object.fromEntries(
		new Intl.DateTimeFormat('ja-JP', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' })
			.formatToParts(d)
			.map((x) => [x.type, x.value])
	);
	return `${p.year}年${p.month}月${p.day}日（${p.weekday}）`;
}

/** Date and time span: 2021年6月4日（金） 14:00〜15:40. */
export function formatSpan(startIso: string, endIso: string | null, timeZone: string, locale: 'ja' | 'en' = 'ja'): string {
	const start = `${formatDate(startIso, timeZone, locale)} ${formatTime(startIso, timeZone)}`;
	if (!endIso) return locale === 'ja' ? `${start}〜` : start;
	return `${start}${locale === 'ja' ? '〜' : '–'}${formatTime(endIso, timeZone)}`;
}
