/**
 * The store is down (Redis unreachable, SQLite locked, read-only or full): every adapter throws
 * `StoreUnavailable` then, at once, and every request owner answers `unavailable` (503) for it.
 * Nothing is queued while the store is down, so a change answered as refused is never applied later.
 */
import type { Store } from './types.js';

export class StoreUnavailable extends Error {
	constructor(readonly kind: Store['kind'], cause: unknown) {
		super(`${kind} store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
	}
}

/** True for errors that mean "the store is down, try again later". */
export function isStoreUnavailable(err: unknown): boolean {
	return err instanceof StoreUnavailable;
}

/**
 * Wraps every method of `store` so that a failure `isDown` recognises (or any failure while
 * `ready()` says no, checked before the call) is thrown as StoreUnavailable.
 */
export function guardStore<S extends Store>(store: S, isDown: (err: unknown) => boolean, ready: () => boolean = () => true): S {
	const guarded = { ...store };
	for (const name of Object.keys(store) as (keyof S)[]) {
		const fn = store[name];
		if (typeof fn !== 'function' || name === 'close') continue;
		(guarded as Record<keyof S, unknown>)[name] = async (...args: unknown[]) => {
			if (!ready()) throw new StoreUnavailable(store.kind, new Error('not connected'));
			try {
				return await (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args);
			} catch (err) {
				throw isDown(err) && !(err instanceof StoreUnavailable) ? new StoreUnavailable(store.kind, err) : err;
			}
		};
	}
	return guarded;
}
