/**
 * Whether this page runs inside the Zoom client: Zoom's embedded browser sends a user agent with
 * `ZoomApps` in it (the Zoom App home URL, /zoom, checks it before it loads the SDK).
 */

/** True inside the Zoom client's embedded browser (never during server rendering). */
export function inZoomClient(): boolean {
	return typeof navigator !== 'undefined' && navigator.userAgent.includes('ZoomApps');
}
