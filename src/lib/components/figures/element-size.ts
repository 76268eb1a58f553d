/**
 * Tells a figure how big its box is, with a ResizeObserver of our own. Svelte's `bind:clientWidth`
 * would do the same, but its observer then sits in the Svelte runtime chunk every page loads (about
 * 1.5 kB on the participant page, which must not grow); this code stays in the figures' chunks.
 */

/** Calls `onSize(clientWidth, clientHeight)` now and whenever `el` changes size; answers the function that stops it. */
export function observeSize(el: HTMLElement, onSize: (width: number, height: number) => void): () => void {
	const report = () => onSize(el.clientWidth, el.clientHeight);
	const observer = new ResizeObserver(report);
	observer.observe(el);
	report();
	return () => observer.disconnect();
}
