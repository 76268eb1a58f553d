/**
 * The SVG `<pattern>` of a patterned tone (hatching or dots over the tone's fill), as markup. Shared
 * by the browser's figures and the server's serialiser; it holds no text from users.
 */
import { TONES, patternId, tonePattern, type Tone } from './palette.js';

/** The `<pattern>` element for `tone` inside figure `figureId`, or '' when the tone has no pattern. */
export function patternMarkup(figureId: string, tone: Tone): string {
	const kind = tonePattern(tone);
	if (!kind) return '';
	const { fill, stroke } = TONES[tone];
	const id = patternId(figureId, tone);
	const inner =
		kind === 'hatch'
			? `<rect width="6" height="6" fill="${fill}"/><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="${stroke}" stroke-width="1.4"/>`
			: `<rect width="6" height="6" fill="${fill}"/><circle cx="3" cy="3" r="1.3" fill="${stroke}"/>`;
	return `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse">${inner}</pattern>`;
}

/** The fill a mark of `tone` paints with: its pattern when it has one, else its colour. */
export function toneFill(figureId: string, tone: Tone): string {
	return tonePattern(tone) ? `url(#${patternId(figureId, tone)})` : TONES[tone].fill;
}
