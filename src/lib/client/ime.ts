/**
 * IME-safe Enter: while a Japanese IME is converting, Enter confirms the conversion and must never
 * submit a form or send a message. Safari fires compositionend before keydown, so keyCode 229 is
 * checked as well as `isComposing`.
 */

/** True when this keydown belongs to an IME composition. */
export function isComposingKey(event: KeyboardEvent): boolean {
	return event.isComposing || event.keyCode === 229;
}

/**
 * Svelte action for a <form> (or any container): stops Enter during composition from reaching the
 * form's implicit submit or other handlers.
 */
export function imeGuard(node: HTMLElement) {
	const onKeydown = (event: KeyboardEvent) => {
		if (event.key === 'Enter' && isComposingKey(event)) {
			event.preventDefault();
			event.stopPropagation();
		}
	};
	node.addEventListener('keydown', onKeydown, true);
	return {
		destroy() {
			node.removeEventListener('keydown', onKeydown, true);
		}
	};
}
