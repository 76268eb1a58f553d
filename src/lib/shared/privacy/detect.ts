/**
 * Finds personal information in one line of Japanese notes: phone numbers, email addresses, postal
 * codes and street addresses, dates of birth, exact ages with identifying detail, 12-digit individual
 * numbers (マイナンバー), personal names with honorifics (〇〇さん, 様, 氏) and case-like profiles (an age,
 * a sex and a place of residence together). Pure and local: no outside service; the browser marks
 * findings while facilitators type, the server keeps flagged lines off the screen until confirmed.
 *
 * It errs towards asking: a public organisation's number or address (a 窓口, a センター, a 0120 line),
 * government mail domains, staff titles (田中課長) and meeting dates are not findings.
 */

export const FINDING_KINDS = ['phone', 'email', 'postal', 'address', 'birthdate', 'age', 'mynumber', 'name', 'profile'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One finding: its kind and where it stands in the line (UTF-16 offsets, `to` exclusive). */
export interface Finding {
	kind: FindingKind;
	from: number;
	to: number;
}

/** What a masked span becomes. */
export const MASK = '〇〇';

const KANJI = '\\u3400-\\u9fff\\uf900-\\ufaff々〆ヶ';
const KATAKANA = '\\u30a1-\\u30fa\\u30fc';

// Words around a number that say it belongs to an organisation's public contact (窓口, 代表, 役所 …).
const PUBLIC_CONTACT = /代表|窓口|相談室|センター|役所|役場|事務所|事務局|庁|協議会|社協|ダイヤル|ホットライン|フリーダイヤル|ナビダイヤル|受付|課(?![題長])|係|支所|公式|HP|ホームページ/;
const PHONE = /(?<![\d-])(?:\(0\d{1,4}\)\s?|0\d{1,4}(?:-|\(|\s)?)\d{1,4}(?:-|\)|\s)?\d{3,4}(?![\d-])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ROLE_MAILBOX = /^(?:info|contact|office|support|soudan|sodan|madoguchi|desk|admin|webmaster|jimukyoku|kikaku|toiawase|otoiawase)\b/i;
const PUBLIC_MAIL_DOMAIN = /\.(?:lg|go)\.jp$/i;
const POSTAL = new RegExp(`〒\\s?\\d{3}-?\\d{4}|(?<![\\d-])\\d{3}-\\d{4}(?![\\d-])(?=\\s?[${KANJI}])`, 'g');
const ADDRESS = new RegExp(
	`[${KANJI}]{1,6}[市区町村郡][${KANJI}ぁ-ん]{0,8}?\\d{1,4}(?:丁目|番地|番|号|条|-\\d{1,4})(?:[${KANJI}]{0,4}\\d{1,4}(?:丁目|番地|番|号|-\\d{1,4})?)*(?:-\\d{1,4})*`,
	'g'
);
const ERA_DATE = '(?:(?:昭和|平成|令和|大正|[SHRT])\\s?\\d{1,2}|\\d{4})\\s?年\\s?\\d{1,2}\\s?月\\s?\\d{1,2}\\s?日|\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}';
const BIRTHDATE = new RegExp(`(?:生年月日|誕生日)\\s*[:：は]?\\s*(?:${ERA_DATE}|\\d{1,2}\\s?月\\s?\\d{1,2}\\s?日)|(?:${ERA_DATE})\\s?(?:生まれ|生れ|生)(?![活産協])`, 'g');
const MYNUMBER = /(?<![\d,])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d,]|\s?円)/g;
// An exact age (not a policy range such as 65歳以上).
const EXACT_AGE = /(?<!\d)\d{1,3}\s?(?:歳|才)(?!\s?(?:以上|以下|未満|から|まで|超|前後|代|以降))/g;
const AGE_BAND = /(?<!\d)\d{1,3}\s?(?:歳|才)代?|(?<!\d)\d0\s?代(?:前半|後半)?/;
const SEX = /男性|女性|男児|女児|(?<![長次三末])男(?![女性])|(?<![長次三末少])女(?![性子児])|夫婦/;
const RESIDENCE = new RegExp(`[${KANJI}]{1,6}[市区町村](?:内)?\\s?(?:在住|に住む|に住んで|居住|に暮らす|で一人暮らし|在)`);
// What makes an exact age identify someone: who they live with, their situation.
const IDENTIFYING = /独居|単身|一人暮らし|ひとり暮らし|母子|父子|世帯|同居|息子|娘|夫|妻|入院|退院|障害|認知症|無職|失業|滞納|借金|DV|出所|ホームレス|路上|生活保護を受け|受給中/;
const HONORIFIC = new RegExp(`([${KANJI}]{1,4}|[${KATAKANA}]{2,10})(さん|さま|くん|ちゃん|殿|(?:様|氏|君)(?![${KANJI}々]))`, 'g');
// Words before an honorific that are not names: roles, organisations, family, "everyone".
const NOT_A_NAME = new RegExp(
	`^(?:皆|各|お|ご|御|本人|利用者|相談者|対象者|当事者|支援員|相談員|職員|担当者?|事業者|大家|家主|業者|住民|高齢者|受給者|申請者|世帯主|家族|母|父|娘|息子|奥|兄|姉|弟|妹|祖母|祖父|旦那|嫁|孫|彼|彼女|相手|先方|皆様|客|同|多|仕|模|異|有|左|斯|貴|各位)$|[所課協局庁者員会部室係業店社省府県市町区団園院館師手主方人様]$|^(?:ボランティア|ケースワーカー|ワーカー|ヘルパー|スタッフ|ケアマネ|オーナー|ドライバー|センター|ハウス|メンバー|パートナー|サポーター)$`
);

/** Full-width digits, letters and signs as ASCII, one for one, so offsets stay the same. */
function halfWidth(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
		else if (c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2212 || c === 0x30fc || c === 0xff70) {
			// Dashes, and the long vowel mark typed between digits (090ー1234ー5678), count as hyphens.
			const digitAround = /\d/.test(halfWidthChar(text, i - 1)) && /\d/.test(halfWidthChar(text, i + 1));
			out += c === 0x30fc || c === 0xff70 ? (digitAround ? '-' : text[i]) : '-';
		} else if (c === 0x3000) out += ' ';
		else out += text[i];
	}
	return out;
}

function halfWidthChar(text: string, i: number): string {
	if (i < 0 || i >= text.length) return '';
	const c = text.charCodeAt(i);
	return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : text[i];
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
	re.lastIndex = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		yield m;
		if (m[0].length === 0) re.lastIndex++;
	}
}

function phoneFindings(text: string, out: Finding[]): void {
	const publicContact = PUBLIC_CONTACT.test(text);
	for (const m of matches(PHONE, text)) {
		const digits = m[0].replace(/\D/g, '');
		if (digits.length < 10 || digits.length > 11) continue;
		const mobile = /^0[789]0/.test(digits);
		const tollFree = /^0(?:120|570|800)/.test(digits);
		if (tollFree || (publicContact && !mobile)) continue;
		out.push({ kind: 'phone', from: m.index, to: m.index + m[0].length });
	}
}

function emailFindings(text: string, out: Finding[]): void {
	for (const m of matches(EMAIL, text)) {
		const [local, domain] = m[0].split('@');
		if (PUBLIC_MAIL_DOMAIN.test(domain) || ROLE_MAILBOX.test(local)) continue;
		out.push({ kind: 'email', from: m.index, to: m.index + m[0].length });
	}
}

function simple(kind: FindingKind, re: RegExp, text: string, out: Finding[], keep: (m: RegExpExecArray) => boolean = () => true): void {
	for (const m of matches(re, text)) if (keep(m)) out.push({ kind, from: m.index, to: m.index + m[0].length });
}

function nameFindings(text: string, out: Finding[]): void {
	for (const m of matches(HONORIFIC, text)) {
		const word = m[1];
		if (word.includes('〇') || NOT_A_NAME.test(word)) continue;
		if (m[2] === '氏' && text[m.index + m[0].length] === '名') continue; // 氏名
		out.push({ kind: 'name', from: m.index, to: m.index + m[0].length });
	}
}

function ageFindings(text: string, out: Finding[], named: boolean): void {
	if (!named && !IDENTIFYING.test(text)) return;
	simple('age', EXACT_AGE, text, out);
}

function profileFinding(text: string, out: Finding[]): void {
	const age = AGE_BAND.exec(text);
	const sex = SEX.exec(text);
	const place = RESIDENCE.exec(text);
	if (!age || !sex || !place) return;
	const parts = [age, sex, place];
	const from = Math.min(...parts.map((p) => p.index));
	const to = Math.max(...parts.map((p) => p.index + p[0].length));
	if (to - from > 40) return; // far apart: three separate facts, not one person
	out.push({ kind: 'profile', from, to });
}

/** Findings in `line`, in order, overlapping ones merged into the earlier (wider) finding. */
export function findPersonalInfo(line: string): Finding[] {
	if (!line.trim()) return [];
	const text = halfWidth(line);
	const found: Finding[] = [];
	phoneFindings(text, found);
	emailFindings(text, found);
	simple('postal', POSTAL, text, found);
	if (!PUBLIC_CONTACT.test(text)) simple('address', ADDRESS, text, found);
	simple('birthdate', BIRTHDATE, text, found);
	simple('mynumber', MYNUMBER, text, found, (m) => !found.some((f) => f.kind === 'phone' && f.from < m.index + m[0].length && m.index < f.to));
	nameFindings(text, found);
	ageFindings(text, found, found.some((f) => f.kind === 'name'));
	profileFinding(text, found);
	return mergeOverlaps(found);
}

function mergeOverlaps(found: Finding[]): Finding[] {
	const sorted = [...found].sort((a, b) => a.from - b.from || b.to - a.to);
	const out: Finding[] = [];
	for (const f of sorted) {
		const last = out[out.length - 1];
		if (last && f.from < last.to) {
			if (f.to > last.to) last.to = f.to;
			continue;
		}
		out.push({ ...f });
	}
	return out;
}

/**
 * `findPersonalInfo` with a cache by line text (at most `limit` lines, then it starts over): the
 * editor re-checks every visible line on each keystroke, but only the line typed on is new.
 */
export function cachedFinder(limit = 2000): (line: string) => Finding[] {
	const cache = new Map<string, Finding[]>();
	return (line) => {
		let found = cache.get(line);
		if (!found) {
			if (cache.size >= limit) cache.clear();
			found = findPersonalInfo(line);
			cache.set(line, found);
		}
		return found;
	};
}

/** True when `line` holds anything `findPersonalInfo` finds. */
export function hasPersonalInfo(line: string): boolean {
	return findPersonalInfo(line).length > 0;
}

/** `line` with every finding replaced by 〇〇 (a name keeps its honorific: 〇〇さん). */
export function maskPersonalInfo(line: string, findings: Finding[] = findPersonalInfo(line)): string {
	let out = '';
	let at = 0;
	for (const f of findings) {
		out += line.slice(at, f.from);
		const span = line.slice(f.from, f.to);
		const honorific = f.kind === 'name' ? /(さん|さま|様|氏|くん|君|ちゃん|殿)$/.exec(span)?.[0] ?? '' : '';
		out += MASK + honorific;
		at = f.to;
	}
	return out + line.slice(at);
}
