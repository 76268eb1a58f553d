/**
 * Enter sends, Shift+Enter adds a line, in a textarea — but never while an IME is converting
 * (Enter then confirms the conversion). Use together with `imeGuard` on the form.
 */
import { isComposingKey } from '$lib/client/ime';

/** Svelte action: calls `submit` on a plain Enter in the textarea. */
export function enterSubmits(node: HTMLTextAreaElement, submit: () => void) {
	let send = submit;
	const onKeydown = (event: KeyboardEvent) => {
		if (event.key !== 'Enter' || event.shiftKey || event.altKey || isComposingKey(event)) return;
		event.preventDefault();
		send();
	};
	node.addEventListener('keydown', onKeydown);
	return {
		update(next: () => void) {
			send = next;
		},
		destroy() {
			node.removeEventListener('keydown', onKeydown);
		}
	};
}
