/**
 * `use:observeWidth={(w) => …}`: an element's width, now and whenever it changes, for figures drawn
 * for the width they get. Its own ResizeObserver, in the code of the page that measures: Svelte's
 * `bind:clientWidth` would put the runtime's observer in the chunk every page loads (+1.5 kB on the
 * participant's page).
 */
export function observeWidth(node: HTMLElement, onWidth: (width: number) => void) {
	let report = onWidth;
	const observer = new ResizeObserver(() => report(node.clientWidth));
	observer.observe(node);
	report(node.clientWidth);
	return {
		update(next: (width: number) => void) {
			report = next;
		},
		destroy() {
			observer.disconnect();
		}
	};
}
