/**
 * Whether this page runs inside the Zoom client: Zoom's embedded browser sends a user agent with
 * `ZoomApps` in it. The only Zoom code every page carries; everything else is loaded on demand.
 */

/** True inside the Zoom client's embedded browser (never during server rendering). */
export function inZoomClient(): boolean {
	return typeof navigator !== 'undefined' && navigator.userAgent.includes('ZoomApps');
}
