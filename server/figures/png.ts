/**
 * Rasterises a figure's SVG to PNG for documents that need a bitmap beside the SVG (the minutes'
 * .docx embeds both; Word and LibreOffice draw the SVG, older readers the PNG). Uses resvg with the
 * CJK font the machine has (fonts-noto-cjk), so Japanese labels render as they do in the browser.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const CJK_FONTS = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'];

/** The PNG of `svg` drawn at `scale` times its size (2 for print). */
export function svgToPng(svg: string, scale = 2): Buffer {
	const fontFiles = CJK_FONTS.filter((f) => existsSync(f));
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: scale },
		background: '#ffffff',
		font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'Noto Sans CJK JP' }
	});
	return resvg.render().asPng();
}
