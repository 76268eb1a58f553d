/**
 * `use:drawSvg={markup}`: puts a figure's SVG (from `sceneToSvg`, which escapes every text) inside
 * the element, parsed as SVG, and again whenever the markup changes. Figures are drawn this way, not
 * as Svelte SVG markup, so the shared Svelte runtime every page loads carries no SVG templates: a
 * page without a figure loads none of a figure's code (the participant's page stays the same size).
 */
export function drawSvg(node: HTMLElement, markup: string) {
	let drawn = '';
	function draw(next: string) {
		if (next === drawn) return;
		drawn = next;
		const doc = new DOMParser().parseFromString(next, 'image/svg+xml');
		node.replaceChildren(document.importNode(doc.documentElement, true));
	}
	draw(markup);
	return { update: draw };
}
