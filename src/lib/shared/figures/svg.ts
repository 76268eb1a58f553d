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

function markSvg(figureId: string, mark: Mark): string {
	const title = mark.label ? `<title>${escapeXml(mark.label)}</title>` : '';
	const tone = TONES[mark.tone];
	let body: string;
	switch (mark.kind) {
		case 'rect':
			body = `<rect x="${num(mark.x)}" y="${num(mark.y)}" width="${num(Math.max(0, mark.width))}" height="${num(Math.max(0, mark.height))}" fill="${mark.outline ? 'none' : toneFill(figureId, mark.tone)}" stroke="${tone.stroke}" stroke-width="1"${mark.outline ? ' stroke-dasharray="4 2"' : ''}>${title}</rect>`;
			break;
		case 'line':
			body = `<line x1="${num(mark.x1)}" y1="${num(mark.y1)}" x2="${num(mark.x2)}" y2="${num(mark.y2)}" stroke="${tone.stroke}" stroke-width="${mark.strokeWidth ?? 1}"${mark.dashed ? ' stroke-dasharray="4 3"' : ''}>${title}</line>`;
			break;
		case 'path':
			body = mark.area
				? `<path d="${escapeXml(mark.d)}" fill="${toneFill(figureId, mark.tone)}" stroke="none">${title}</path>`
				: `<path d="${escapeXml(mark.d)}" fill="none" stroke="${tone.stroke}" stroke-width="2">${title}</path>`;
			break;
		case 'text':
			body = `<text x="${num(mark.x)}" y="${num(mark.y)}" font-size="${mark.size ?? 12}"${mark.bold ? ' font-weight="bold"' : ''} text-anchor="${mark.anchor ?? 'start'}" fill="${tone.fill}">${escapeXml(mark.text)}${title}</text>`;
			break;
	}
	return mark.href ? `<a href="${escapeXml(mark.href)}"${mark.label ? ` aria-label="${escapeXml(mark.label)}"` : ''}>${body}</a>` : body;
}

/**
 * The inside of a scene's SVG: its title and summary, the patterns it uses, an optional white
 * background, the marks. With `ids`, the title and summary carry `<figureId>-title` / `-desc` (the
 * inline figure names itself by them). Every text is escaped: the browser's figure
 * (FigureSvg.svelte) inserts exactly this markup.
 */
export function sceneMarkup(scene: FigureScene, figureId = 'fig', opts: { background?: boolean; ids?: boolean } = {}): string {
	const defs = patternedTones(scene.marks.map((m) => m.tone))
		.map((t) => patternMarkup(figureId, t))
		.join('');
	const id = (suffix: string) => (opts.ids ? ` id="${escapeXml(figureId)}-${suffix}"` : '');
	return (
		`<title${id('title')}>${escapeXml(scene.title)}</title><desc${id('desc')}>${escapeXml(scene.summary)}</desc>` +
		(defs ? `<defs>${defs}</defs>` : '') +
		(opts.background ? `<rect width="100%" height="100%" fill="#ffffff"/>` : '') +
		scene.marks.map((m) => markSvg(figureId, m)).join('')
	);
}

/** The scene as an SVG document (UTF-8 text), with its title and summary inside for readers. */
export function sceneToSvg(scene: FigureScene, figureId = 'fig'): string {
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${num(scene.width)}" height="${num(scene.height)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}" font-family="${escapeXml(FIGURE_FONT)}" role="img">` +
		sceneMarkup(scene, figureId, { background: true }) +
		`</svg>`
	);
}
