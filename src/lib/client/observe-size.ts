/**
 * `use:observeSize={(width, height) => …}`: an element's size, now and whenever it changes, for
 * figures drawn for the room they get. Its own ResizeObserver, in the code of the page that measures:
 * Svelte's `bind:clientWidth` would put the runtime's observer in the chunk every page loads (+1.5 kB
 * on the participant's page, which draws no figure).
 */
export function observeSize(node: HTMLElement, onSize: (width: number, height: number) => void) {
	let report = onSize;
	const observer = new ResizeObserver(() => report(node.clientWidth, node.clientHeight));
	observer.observe(node);
	report(node.clientWidth, node.clientHeight);
	return {
		update(next: (width: number, height: number) => void) {
			report = next;
		},
		destroy() {
			observer.disconnect();
		}
	};
}
