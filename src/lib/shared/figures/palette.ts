/**
 * The colours and patterns of every figure. Okabe–Ito colours (distinguishable with the common colour
 * vision deficiencies), and each tone that must be told apart from a neighbour also differs in
 * lightness or carries a pattern, so the figures read in grayscale and on a black-and-white print.
 */
export const TONES = {
	planned: { fill: '#e4e7ec', stroke: '#4b5563' },
	actual: { fill: '#0072b2', stroke: '#00507d' },
	overrun: { fill: '#d55e00', stroke: '#8f3f00', pattern: 'hatch' },
	extension: { fill: '#56b4e9', stroke: '#0072b2', pattern: 'dots' },
	pause: { fill: '#ffffff', stroke: '#4b5563', pattern: 'hatch' },
	now: { fill: '#a4161a', stroke: '#a4161a' },
	axis: { fill: '#4b5563', stroke: '#4b5563' },
	grid: { fill: '#e4e7ec', stroke: '#d5d9e0' },
	text: { fill: '#1b1f24', stroke: '#1b1f24' },
	muted: { fill: '#4b5563', stroke: '#4b5563' },
	open: { fill: '#d55e00', stroke: '#8f3f00' },
	answered: { fill: '#009e73', stroke: '#006b4e', pattern: 'dots' },
	deferred: { fill: '#f0e442', stroke: '#7a6f00', pattern: 'hatch' },
	lines: { fill: '#0072b2', stroke: '#0072b2' },
	shared: { fill: '#009e73', stroke: '#006b4e' },
	questions: { fill: '#cc79a7', stroke: '#8c4a70' },
	people: { fill: '#e69f00', stroke: '#8a5f00' },
	/** A white label chip under a count written over a patterned bar (the ledger's figures). */
	chip: { fill: '#ffffff', stroke: '#ffffff' }
} as const satisfies Record<string, { fill: string; stroke: string; pattern?: FigurePattern }>;

export type Tone = keyof typeof TONES;
export type FigurePattern = 'hatch' | 'dots';

/** The pattern a tone carries, if any. */
export function tonePattern(tone: Tone): FigurePattern | undefined {
	const t = TONES[tone];
	return 'pattern' in t ? t.pattern : undefined;
}

/** The id of a pattern inside one figure (`figureId` keeps two figures on a page apart). */
export function patternId(figureId: string, tone: Tone): string {
	return `${figureId}-${tone}`;
}

/** The tones among `tones` that carry a pattern, once each, in palette order. */
export function patternedTones(tones: Iterable<Tone>): Tone[] {
	const used = new Set(tones);
	return (Object.keys(TONES) as Tone[]).filter((t) => used.has(t) && tonePattern(t));
}
