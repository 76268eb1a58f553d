/**
 * "似た質問があります": finds questions similar to the one being typed. Japanese has no spaces, so
 * text is compared as character bigrams and trigrams after normalising it (NFKC folds full/half
 * width; punctuation, spaces and boilerplate such as 「について教えてください」 are dropped) and
 * hiragana (mostly particles and endings) is taken as the space between words. Grams are weighted by
 * how rare they are among the questions compared (IDF), so words every question shares (支援, 相談)
 * count less than the topic.
 * Pure and dependency-free: it runs in the browser while the member types.
 */

/** Phrases that frame a question without saying what it is about (matched after normalising). */
const BOILERPLATE = [
	'についておしえてください',
	'をおしえてください',
	'おしえてください',
	'おききしたい',
	'うかがいたい',
	'しりたい',
	'について',
	'でしょうか',
	'ありますか',
	'いますか',
	'ですか',
	'ますか',
	'ください',
	'してほしい',
	'ほしい',
	'おねがいしたい',
	'おねがいします',
	'どのように',
	'どうすれば',
	'どうしたら',
	'いいですか',
	'よいですか',
	'よいか',
	'いいか',
	'厚労省',
	'厚生労働省',
	'質問'
];

/** Spelling variants folded to one form (after kana folding). */
const VARIANTS: [RegExp, string][] = [
	[/子供/g, '子ども'],
	[/出来/g, 'でき'],
	[/下さい/g, 'ください'],
	[/頂/g, 'いただ'],
	[/無い/g, 'ない'],
	[/良い/g, 'よい'],
	[/教え/g, 'おしえ'],
	[/聞き/g, 'きき'],
	[/伺い/g, 'うかがい'],
	[/知り/g, 'しり'],
	[/願い/g, 'ねがい'],
	[/スマホ/g, 'スマートフォン'],
	[/携帯電話/g, 'スマートフォン'],
	[/ネット環境/g, '通信環境'],
	[/ライン(?=ボット|bot)/g, 'line'],
	[/ボット/g, 'bot']
];

const PUNCTUATION = /[\p{P}\p{S}\p{Z}\s]+/gu;

/** Normalises text for comparison (NFKC, lower case, variants, no punctuation or boilerplate). */
export function normaliseQuestion(text: string): string {
	let s = text.normalize('NFKC').toLowerCase();
	for (const [re, to] of VARIANTS) s = s.replace(re, to);
	s = s.replace(PUNCTUATION, '');
	for (const phrase of BOILERPLATE) s = s.split(phrase).join('');
	return s;
}

/** Hiragana: in running Japanese text mostly grammar (particles, endings), so it separates words. */
const HIRAGANA = /^[\u3041-\u309f]$/;
const KANJI = /^[\u3400-\u9fff\uf900-\ufaff々]$/;

/** Runs of content characters (kanji, katakana, latin, digits) between hiragana. */
function contentRuns(normalised: string): string[][] {
	const runs: string[][] = [];
	let run: string[] = [];
	for (const c of normalised) {
		if (HIRAGANA.test(c)) {
			if (run.length) runs.push(run);
			run = [];
		} else run.push(c);
	}
	if (run.length) runs.push(run);
	return runs;
}

/**
 * The grams of normalised text, as a set: bigrams and trigrams inside each content run, and single
 * kanji (marked with a leading "1") so that 車 or 国 count on their own.
 */
export function grams(normalised: string): Set<string> {
	const out = new Set<string>();
	for (const run of contentRuns(normalised)) {
		for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= run.length; i++) out.add(run.slice(i, i + n).join(''));
		for (const c of run) if (KANJI.test(c)) out.add(`1${c}`);
		if (run.length === 1 && !KANJI.test(run[0])) out.add(run[0]);
	}
	return out;
}

/** Single characters weigh less than words. */
const gramWeight = (g: string) => (g.startsWith('1') ? 0.5 : 1);

/**
 * Weighted overlap of two gram sets: the mean of Dice (how much both share) and of how much of `a`
 * (the text being typed) is found in `b`, so a short question inside a longer one still counts.
 */
function overlap(a: Set<string>, b: Set<string>, weight: (g: string) => number): number {
	let shared = 0;
	let inA = 0;
	let inB = 0;
	for (const g of a) {
		const w = weight(g);
		inA += w;
		if (b.has(g)) shared += w;
	}
	for (const g of b) inB += weight(g);
	if (inA === 0 || inB === 0) return 0;
	return ((2 * shared) / (inA + inB) + shared / inA) / 2;
}

/**
 * Similarity of `typed` to `existing` from 0 (nothing in common) to 1 (same after normalising), without
 * corpus weights. Not symmetric: a short `typed` inside a long `existing` scores higher than the reverse.
 */
export function similarity(typed: string, existing: string): number {
	return overlap(grams(normaliseQuestion(typed)), grams(normaliseQuestion(existing)), gramWeight);
}

export interface SimilarOptions {
	/** Lowest score shown (0–1). */
	threshold?: number;
	/** Most candidates answered. */
	limit?: number;
	/** Typed text shorter than this (normalised characters) finds nothing yet. */
	minLength?: number;
}

export const SIMILAR_DEFAULTS: Required<SimilarOptions> = { threshold: 0.38, limit: 3, minLength: 5 };

/**
 * Questions similar to `text`, best first, with their score. Weights grams by IDF over `candidates`
 * plus the typed text, so the ranking adapts to the meeting's own vocabulary.
 */
export function findSimilar<T extends { id: string; text: string }>(
	text: string,
	candidates: readonly T[],
	options: SimilarOptions = {}
): { item: T; score: number }[] {
	const { threshold, limit, minLength } = { ...SIMILAR_DEFAULTS, ...options };
	const normalised = normaliseQuestion(text);
	if ([...normalised].length < minLength || candidates.length === 0) return [];
	const query = grams(normalised);
	const docs = candidates.map((item) => ({ item, grams: grams(normaliseQuestion(item.text)) }));
	const df = new Map<string, number>();
	for (const d of [...docs.map((d) => d.grams), query]) for (const g of d) df.set(g, (df.get(g) ?? 0) + 1);
	const n = docs.length + 1;
	const weight = (g: string) => gramWeight(g) * Math.log(1 + n / (df.get(g) ?? 1));
	return docs
		.map((d) => ({ item: d.item, score: overlap(query, d.grams, weight) }))
		.filter((r) => r.score >= threshold)
		.sort((a, b) => b.score - a.score)
		.slice(0, limit);
}
