/**
 * `use:svgMarkup={markup}`: fills an `<svg>` with a scene's markup (`sceneMarkup`, whose every text is
 * escaped), and again when it changes. The figure's marks are drawn this way rather than by Svelte's
 * SVG templates, whose runtime support would land in the Svelte chunk that every page loads (the
 * participant page included), although only figure pages need it.
 */
export function svgMarkup(node: SVGSVGElement, markup: string): { update(next: string): void } {
	node.innerHTML = markup;
	return {
		update(next) {
			node.innerHTML = next;
		}
	};
}
