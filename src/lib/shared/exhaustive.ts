/**
 * `exhaustiveSwitchError` (after tldraw's): the `default:` of a switch over a tagged union. It takes
 * `never`, so a case left out fails to compile; and it throws, so a value the types did not foresee
 * (a log written by other code, a cast) stops with a clear error instead of flowing on as data.
 */
export function exhaustiveSwitchError(value: never, property?: string): never {
	const shown = property && value !== null && typeof value === 'object' && property in value ? (value as Record<string, unknown>)[property] : value;
	throw new Error(`Unknown switch case ${JSON.stringify(shown)}`);
}
