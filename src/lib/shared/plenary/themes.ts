/**
 * Groups shared outline items across rooms by theme, Japanese-aware and deterministic: items whose
 * kanji/katakana runs share a substring (character n-grams of length 2..8, after NFKC) or whose
 * Latin words match, and that come from at least two rooms, are gathered under that substring as
 * the heading. Pure: no tokenizer, no outside service; the same input always gives the same groups.
 */

export interface ThemeInput {
	/** Stable item key (see `itemKey`). */
	key: string;
	roomId: string;
	text: string;
	/** Heading of the item's section: part of what the item is about (「フードバンクについて」). */
	heading?: string | null;
}

export interface ThemeGroup {
	/** The shared words, as written in the first item that has them. */
	heading: string;
	/** Rooms that raised it, in the order of the input. */
	roomIds: string[];
	items: ThemeInput[];
}

export interface ThemeResult {
	groups: ThemeGroup[];
	/** Items that share no theme with another room, in input order. */
	others: ThemeInput[];
}

const MIN_GRAM = 2;
const MAX_GRAM = 8;

/**
 * Words too general to be a theme in these meetings (kinds of note, actors, verbs of support).
 * A candidate equal to one of these, or a two-character piece of one, never becomes a heading.
 */
export const STOP_TERMS = [
	'対応', '必要', '課題', '検討', '質問', '要望', '意見', '活用', '支援', '相談', '厚労省', '厚生労働省', '自治体', '機関',
	'今回', '今後', '現在', '場合', '状況', '方法', '事業', '全体', '共有', '実施', '可能', '関係', '情報', '以外', '部分',
	'問題', '取組', '取り組み', '参考', '実際', '各市', '地域', '担当', '確認', '報告', '次回', 'テーマ', 'ルーム', 'について'
];
const STOP = new Set<string>();
for (const w of STOP_TERMS) {
	STOP.add(w);
	for (let i = 0; i + 2 <= w.length; i++) STOP.add(w.slice(i, i + 2));
}

const JA_RUN = /[\p{Script=Han}\p{Script=Katakana}ー々〆ヵヶ]+/gu;
const LATIN_WORD = /[a-z0-9]+/g;
const KATAKANA_ONLY = /^[\p{Script=Katakana}ー]+$/u;

/** NFKC and lower case; Latin words separated by a single space are joined (「LINE BOT」=「LINEBOT」). */
export function normaliseForThemes(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/([a-z0-9]) (?=[a-z0-9])/g, '$1');
}

/**
 * The terms of a text: every substring of length 2..8 of its kanji/katakana runs and every Latin
 * word of two or more characters that is not only digits. Stop terms are left out.
 */
export function termsOf(text: string): string[] {
	const norm = normaliseForThemes(text);
	const out = new Set<string>();
	for (const run of norm.match(JA_RUN) ?? []) {
		for (let len = MIN_GRAM; len <= Math.min(MAX_GRAM, run.length); len++)
			for (let i = 0; i + len <= run.length; i++) {
				const g = run.slice(i, i + len);
				if (g.startsWith('ー') || STOP.has(g)) continue;
				out.add(g);
			}
	}
	for (const w of norm.match(LATIN_WORD) ?? []) if (w.length >= 2 && !/^\d+$/.test(w) && !STOP.has(w)) out.add(w);
	return [...out];
}

/** How telling a term is: longer runs and whole words say more than a two-kanji fragment. */
function weight(term: string): number {
	if (/^[a-z0-9]+$/.test(term)) return 2;
	if (term.length >= 4 || (term.length >= 3 && KATAKANA_ONLY.test(term))) return 2;
	return term.length === 3 ? 1.5 : 1;
}

/** A cache of terms per text, so a keystroke only re-tokenises the line that changed. */
export class TermCache {
	private map = new Map<string, string[]>();
	private used = new Set<string>();

	get(text: string): string[] {
		this.used.add(text);
		let terms = this.map.get(text);
		if (!terms) {
			terms = termsOf(text);
			this.map.set(text, terms);
		}
		return terms;
	}

	/** Drops texts not asked for since the last sweep (call once per grouping). */
	sweep(): void {
		for (const k of this.map.keys()) if (!this.used.has(k)) this.map.delete(k);
		this.used.clear();
	}
}

interface Candidate {
	term: string;
	items: number[];
	score: number;
	rooms: number;
	count: number;
}

/** Orders candidates: higher score, then more items, longer term, then the term itself. */
function better(a: Candidate, b: Candidate): boolean {
	if (a.score !== b.score) return a.score > b.score;
	if (a.count !== b.count) return a.count > b.count;
	if (a.term.length !== b.term.length) return a.term.length > b.term.length;
	return a.term < b.term;
}

/** A binary max-heap on `better`. */
class Heap {
	private a: Candidate[] = [];
	get size() {
		return this.a.length;
	}
	push(c: Candidate) {
		const a = this.a;
		a.push(c);
		let i = a.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!better(a[i], a[p])) break;
			[a[i], a[p]] = [a[p], a[i]];
			i = p;
		}
	}
	pop(): Candidate | undefined {
		const a = this.a;
		const top = a[0];
		const last = a.pop();
		if (a.length && last) {
			a[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < a.length && better(a[l], a[m])) m = l;
				if (r < a.length && better(a[r], a[m])) m = r;
				if (m === i) break;
				[a[i], a[m]] = [a[m], a[i]];
				i = m;
			}
		}
		return top;
	}
}

/** Score of a term over the items still unassigned: rooms that raised it × how telling it is. */
function rescore(term: string, items: number[], input: ThemeInput[], taken: Uint8Array): Candidate {
	const free = items.filter((i) => !taken[i]);
	const rooms = new Set(free.map((i) => input[i].roomId)).size;
	return { term, items: free, rooms, count: free.length, score: rooms < 2 ? 0 : rooms * weight(term) };
}

const BOUNDARY = /[\s、。,.・「」『』()（）[\]【】!?！？:：;；/／]/;
const LEADING_PARTICLES = /^[のをがはにでともへや]+/;
const TRAILING_PARTICLES = /[のをがはにでともへや]+$/;

/** Where the term is in an item (its own text first, else its section heading), NFKC with case kept. */
function locate(term: string, item: ThemeInput): { left: string; match: string; right: string } | null {
	const pattern = new RegExp([...term].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(/^[a-z0-9]$/.test(term[0]) ? ' ?' : ''), 'i');
	for (const source of [item.text, item.heading ?? '']) {
		const text = source.normalize('NFKC');
		const m = pattern.exec(text);
		if (m) return { left: text.slice(0, m.index), match: m[0], right: text.slice(m.index + m[0].length) };
	}
	return null;
}

/** Longest common prefix of `list`, stopping at punctuation or spaces, at most `max` characters. */
function commonStart(list: string[], max = 10): string {
	let out = '';
	for (let i = 0; i < max; i++) {
		const ch = list[0]?.[i];
		if (ch === undefined || BOUNDARY.test(ch) || list.some((s) => s[i] !== ch)) break;
		out += ch;
	}
	return out;
}

const reverse = (s: string) => [...s].reverse().join('');

/**
 * The heading of a group: the term as written in its first item, widened to the words every item
 * shares around it (「住居」 in 「住居を失った方」 and 「住居を失ったとき」 reads 「住居を失った」),
 * without particles at either end.
 */
function headingFor(term: string, items: ThemeInput[]): string {
	const found = items.map((i) => locate(term, i)).filter((x) => x !== null);
	if (!found.length) return term;
	const right = commonStart(found.map((f) => f.right));
	const left = reverse(commonStart(found.map((f) => reverse(f.left))));
	return `${left.replace(LEADING_PARTICLES, '')}${found[0].match}${right.replace(TRAILING_PARTICLES, '')}`;
}

/** A heading of two kanji or katakana (okurigana aside) from only two rooms is too vague to stand as a theme (「一時」, 「用意し」). */
function tooVague(heading: string, rooms: number): boolean {
	return rooms < 3 && heading.replace(/[\s\p{Script=Hiragana}]/gu, '').length <= 2 && !/^[a-z0-9 ]+$/i.test(heading);
}

/** Greedy grouping over the free items, given each item's terms; marks the items it groups as taken. */
function greedy(input: ThemeInput[], termsOf: (i: number) => Iterable<string>, taken: Uint8Array, groups: { term: string; group: ThemeGroup }[]): void {
	const index = new Map<string, number[]>();
	let free = 0;
	input.forEach((_, i) => {
		if (taken[i]) return;
		free++;
		for (const t of termsOf(i)) {
			const list = index.get(t);
			if (list) list.push(i);
			else index.set(t, [i]);
		}
	});
	const tooCommon = free >= 6 ? free / 2 : Infinity;
	const heap = new Heap();
	for (const [term, items] of index) {
		if (items.length < 2 || items.length > tooCommon) continue;
		const first = input[items[0]].roomId;
		if (items.every((i) => input[i].roomId === first)) continue;
		heap.push(rescore(term, items, input, taken));
	}
	while (heap.size) {
		const top = heap.pop()!;
		const fresh = rescore(top.term, top.items, input, taken);
		if (fresh.score === 0) continue;
		if (fresh.score !== top.score || fresh.count !== top.count) {
			heap.push(fresh); // stale: an earlier group took some of its items
			continue;
		}
		const items = fresh.items.map((i) => input[i]);
		const heading = headingFor(fresh.term, items);
		if (tooVague(heading, fresh.rooms)) continue;
		for (const i of fresh.items) taken[i] = 1;
		const roomIds: string[] = [];
		for (const it of items) if (!roomIds.includes(it.roomId)) roomIds.push(it.roomId);
		groups.push({ term: fresh.term, group: { heading, roomIds, items } });
	}
}

/**
 * Groups items across rooms. Greedy and deterministic: the best term (most rooms × most telling)
 * takes its items first; a term keeps a group only while its remaining items span two rooms.
 * An item's own words count first; then leftovers group by their words and their section heading
 * (「フードバンクについて」) together; last, a leftover joins a group named by its heading's words.
 * Terms found in more than half of the items (when there are six or more) are too common to group by.
 */
export function groupThemes(input: ThemeInput[], cache: TermCache = new TermCache()): ThemeResult {
	const own = input.map((item) => cache.get(item.text));
	const fromHeading = input.map((item) => (item.heading ? cache.get(item.heading) : []));
	cache.sweep();
	const taken = new Uint8Array(input.length);
	const found: { term: string; group: ThemeGroup }[] = [];
	greedy(input, (i) => own[i], taken, found);
	greedy(input, (i) => new Set([...own[i], ...fromHeading[i]]), taken, found);
	input.forEach((item, i) => {
		if (taken[i] || !item.heading) return;
		const heading = new Set(fromHeading[i]);
		const joined = found.find((f) => heading.has(f.term));
		if (!joined) return;
		taken[i] = 1;
		joined.group.items.push(item);
		if (!joined.group.roomIds.includes(item.roomId)) joined.group.roomIds.push(item.roomId);
	});
	const order = new Map(input.map((item, i) => [item, i]));
	const groups = found.map(({ group }) => {
		const items = [...group.items].sort((a, b) => order.get(a)! - order.get(b)!);
		const roomIds: string[] = [];
		for (const it of items) if (!roomIds.includes(it.roomId)) roomIds.push(it.roomId);
		return { ...group, items, roomIds };
	});
	return { groups, others: input.filter((_, i) => !taken[i]) };
}
