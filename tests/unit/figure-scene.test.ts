/** The figure foundation: the serialised SVG is the scene (escaped text, patterns for patterned tones), text fitting. */
import { describe, expect, it } from 'vitest';
import { sceneToSvg } from '../../src/lib/shared/figures/svg.js';
import { fitText, textWidth } from '../../src/lib/shared/figures/scene.js';
import { TONES } from '../../src/lib/shared/figures/palette.js';

describe('figure scenes', () => {
	it('serialises text as text: markup in a label never becomes an element', () => {
		const svg = sceneToSvg({ width: 100, height: 40, title: '<b>題</b>', summary: 'a & b', marks: [{ kind: 'text', x: 0, y: 10, text: '<script>x</script>', tone: 'text' }] });
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
		expect(svg).toContain('<title>&lt;b&gt;題&lt;/b&gt;</title><desc>a &amp; b</desc>');
	});

	it('defines a pattern only for the patterned tones a scene uses, and fills those marks with it', () => {
		const svg = sceneToSvg({ width: 100, height: 40, title: 't', summary: 's', marks: [
			{ kind: 'rect', x: 0, y: 0, width: 10, height: 10, tone: 'overrun' },
			{ kind: 'rect', x: 0, y: 0, width: 10, height: 10, tone: 'actual' }
		] }, 'tl');
		expect(svg.match(/<pattern /g)).toHaveLength(1);
		expect(svg).toContain('fill="url(#tl-overrun)"');
		expect(svg).toContain(`fill="${TONES.actual.fill}"`);
	});

	it('fits Japanese text by full-width characters and ends a cut with …', () => {
		expect(textWidth('開会', 10)).toBe(20);
		expect(textWidth('ab', 10)).toBe(12);
		expect(fitText('生活困窮者自立支援制度', 10, 50)).toBe('生活困窮…');
		expect(fitText('短い', 10, 50)).toBe('短い');
	});
});
