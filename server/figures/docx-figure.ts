/**
 * A figure for a Word document: the scene as an SVG image with a PNG of it for readers that cannot
 * draw SVG, its summary as the image's alt text, a caption under it, kept on the page with it.
 */
import { ImageRun, Paragraph, TextRun } from 'docx';
import type { FigureScene } from '../../src/lib/shared/figures/scene.js';
import { sceneToSvg } from '../../src/lib/shared/figures/svg.js';
import { svgToPng } from './png.js';

/** The image paragraph and the caption paragraph of `scene` (`name` names the image in Word). */
export function figureParagraphs(scene: FigureScene, caption: string, name: string): Paragraph[] {
	const svg = sceneToSvg(scene, name);
	const transformation = { width: Math.round(scene.width), height: Math.round(scene.height) };
	const image = new ImageRun({
		type: 'svg',
		data: Buffer.from(svg, 'utf8'),
		fallback: { type: 'png', data: svgToPng(svg, 2) },
		transformation,
		altText: { name, title: scene.title, description: scene.summary }
	});
	return [
		new Paragraph({ children: [image], keepNext: true, keepLines: true, spacing: { before: 160, after: 60 } }),
		new Paragraph({ children: [new TextRun({ text: caption, size: 18 })], spacing: { after: 160 } })
	];
}
