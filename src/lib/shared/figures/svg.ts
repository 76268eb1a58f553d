/**
 * Serialises a figure scene to a standalone SVG document: the same marks, colours and patterns the
 * browser draws, for the server (the minutes' .docx embeds it) and for tests that read a figure.
 */
import { FIGURE_FONT, type FigureScene, type Mark } from './scene.js';
import { TONES, patternedTones } from './palette.js';
import { patternMarkup, toneFill } from './patterns.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function num(n: number): string {
	return String(Math.round(n * 100) / 100);
}

function markSvg(figureId: string, mark: Mark, interactive: boolean): string {
	const title = mark.label ? `<title>${escapeXml(mark.label)}</title>` : '';
	// On a page, a mark with neither a link nor a label is decoration: it never takes the pointer, so
	// a count written over a linked bar does not keep the click from the bar.
	const pe = interactive && !mark.href && !mark.label ? ' pointer-events="none"' : '';
	const tone = TONES[mark.tone];
	let body: string;
	switch (mark.kind) {
		case 'rect':
			body = `<rect${pe} x="${num(mark.x)}" y="${num(mark.y)}" width="${num(Math.max(0, mark.width))}" height="${num(Math.max(0, mark.height))}" fill="${mark.outline ? 'none' : toneFill(figureId, mark.tone)}" stroke="${tone.stroke}" stroke-width="1"${mark.outline ? ' stroke-dasharray="4 2"' : ''}>${title}</rect>`;
			break;
		case 'line':
			body = `<line${pe} x1="${num(mark.x1)}" y1="${num(mark.y1)}" x2="${num(mark.x2)}" y2="${num(mark.y2)}" stroke="${tone.stroke}" stroke-width="${mark.strokeWidth ?? 1}"${mark.dashed ? ' stroke-dasharray="4 3"' : ''}>${title}</line>`;
			break;
		case 'path':
			body = mark.area
				? `<path${pe} d="${escapeXml(mark.d)}" fill="${toneFill(figureId, mark.tone)}" stroke="none">${title}</path>`
				: `<path${pe} d="${escapeXml(mark.d)}" fill="none" stroke="${tone.stroke}" stroke-width="2">${title}</path>`;
			break;
		case 'text':
			body = `<text${pe} x="${num(mark.x)}" y="${num(mark.y)}" font-size="${mark.size ?? 12}"${mark.bold ? ' font-weight="bold"' : ''} text-anchor="${mark.anchor ?? 'start'}" fill="${tone.fill}">${escapeXml(mark.text)}${title}</text>`;
			break;
	}
	if (!mark.href) return body;
	return `<a href="${escapeXml(mark.href)}"${interactive && mark.label ? ` aria-label="${escapeXml(mark.label)}"` : ''}>${body}</a>`;
}

/**
 * The scene as an SVG document (UTF-8 text), with its title and summary inside for readers. With
 * `interactive` (a page's inline figure, FigureSvg.svelte) the title and summary name and describe it
 * by id, a figure with links is a group of them (each named by its label), any other one image.
 */
export function sceneToSvg(scene: FigureScene, figureId = 'fig', opts: { interactive?: boolean } = {}): string {
	const interactive = opts.interactive ?? false;
	const hasLinks = scene.marks.some((m) => m.href);
	const named = interactive ? ` role="${hasLinks ? 'group' : 'img'}" aria-labelledby="${figureId}-title" aria-describedby="${figureId}-desc"` : ' role="img"';
	const ids = (part: string) => (interactive ? ` id="${figureId}-${part}"` : '');
	const defs = patternedTones(scene.marks.map((m) => m.tone))
		.map((t) => patternMarkup(figureId, t))
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${num(scene.width)}" height="${num(scene.height)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}" font-family="${escapeXml(FIGURE_FONT)}"${named}>` +
		`<title${ids('title')}>${escapeXml(scene.title)}</title><desc${ids('desc')}>${escapeXml(scene.summary)}</desc>` +
		(defs ? `<defs>${defs}</defs>` : '') +
		`<rect width="100%" height="100%" fill="#ffffff"/>` +
		scene.marks.map((m) => markSvg(figureId, m, interactive)).join('') +
		`</svg>`
	);
}
