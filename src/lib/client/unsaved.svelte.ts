/**
 * Warns before leaving a page with unsaved edits: the browser's own prompt on reload or close
 * (beforeunload) and a confirm on navigation inside the app (SvelteKit's beforeNavigate).
 * Call during component initialisation.
 */
import { beforeNavigate } from '$app/navigation';

/** While `dirty()` is true, leaving asks first (`message()` is the in-app question). */
export function warnOnLeave(dirty: () => boolean, message: () => string): void {
	beforeNavigate((nav) => {
		// A reload or close is the browser's to ask (beforeunload below); links inside the app ask here.
		if (nav.type === 'leave' || !dirty()) return;
		if (!confirm(message())) nav.cancel();
	});
	$effect(() => {
		const onBeforeUnload = (e: BeforeUnloadEvent) => {
			if (!dirty()) return;
			e.preventDefault();
			// Older browsers show their own prompt only when returnValue is set.
			e.returnValue = '';
		};
		window.addEventListener('beforeunload', onBeforeUnload);
		return () => window.removeEventListener('beforeunload', onBeforeUnload);
	});
}
