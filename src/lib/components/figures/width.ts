/**
 * `use:trackWidth={(w) => …}`: reports an element's content width now and whenever it changes (a
 * ResizeObserver), for figures that build their scene for the width they have. Used instead of
 * `bind:clientWidth`, whose runtime support lands in the Svelte chunk that every page loads (even the
 * participant page, which draws no figure): this stays in the figure's own code.
 */
export function trackWidth(node: HTMLElement, report: (width: number) => void): { destroy(): void } {
	report(node.clientWidth);
	const observer = new ResizeObserver(() => report(node.clientWidth));
	observer.observe(node);
	return { destroy: () => observer.disconnect() };
}
