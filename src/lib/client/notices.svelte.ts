/**
 * The page's one notification line: refusals of commands sent from anywhere on a meeting page go
 * here (as codes, translated when shown) and clear themselves after a while.
 */
import { getContext, setContext } from 'svelte';

const KEY = Symbol('notices');
const SHOW_MS = 6000;

export class Notices {
	/** The refusal code shown now, or null. */
	code = $state<string | null>(null);
	private timer: ReturnType<typeof setTimeout> | undefined;

	/** Shows a refusal code (replacing the one shown). */
	error = (code: string): void => {
		this.code = code;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => (this.code = null), SHOW_MS);
	};

	clear = (): void => {
		clearTimeout(this.timer);
		this.code = null;
	};
}

export function provideNotices(): Notices {
	return setContext(KEY, new Notices());
}

export function useNotices(): Notices {
	const notices = getContext<Notices | undefined>(KEY);
	if (!notices) throw new Error('useNotices() outside a MeetingShell');
	return notices;
}
