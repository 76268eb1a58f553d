/**
 * The SVG `<pattern>` of a patterned tone (hatching or dots over the tone's fill), as markup. Shared
 * by the browser's figures and the server's serialiser; it holds no text from users.
 */
import { TONES, patternId, tonePattern, type Tone } from './palette.js';

/** One tile of a pattern (px): hatching is three strokes across it, dots one circle in it. Shared with FigureSvg.svelte, which draws the same tile as elements. */
export const PATTERN_TILE = { size: 6, hatch: 'M0 6L6 0M-1 1L1 -1M5 7L7 5', hatchWidth: 1.4, dot: { cx: 3, cy: 3, r: 1.3 } } as const;

/** The `<pattern>` element for `tone` inside figure `figureId`, or '' when the tone has no pattern. */
export function patternMarkup(figureId: string, tone: Tone): string {
	const kind = tonePattern(tone);
	if (!kind) return '';
	const { fill, stroke } = TONES[tone];
	const id = patternId(figureId, tone);
	const { size, hatch, hatchWidth, dot } = PATTERN_TILE;
	const inner =
		kind === 'hatch'
			? `<rect width="${size}" height="${size}" fill="${fill}"/><path d="${hatch}" stroke="${stroke}" stroke-width="${hatchWidth}"/>`
			: `<rect width="${size}" height="${size}" fill="${fill}"/><circle cx="${dot.cx}" cy="${dot.cy}" r="${dot.r}" fill="${stroke}"/>`;
	return `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse">${inner}</pattern>`;
}

/** The fill a mark of `tone` paints with: its pattern when it has one, else its colour. */
export function toneFill(figureId: string, tone: Tone): string {
	return tonePattern(tone) ? `url(#${patternId(figureId, tone)})` : TONES[tone].fill;
}
