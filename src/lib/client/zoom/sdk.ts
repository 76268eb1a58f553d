/**
 * The one boundary with the Zoom client: the only module that imports `@zoom/appssdk`, loaded only
 * by pages opened inside Zoom (a dynamic import, so pages outside Zoom never download it). Tests put
 * a fake in `window.__yoriaiFakeZoomSdk` (playwright's addInitScript) before any page script runs;
 * it implements the calls and events below and records the calls.
 */
import type sdkInstance from '@zoom/appssdk';
import type { Apis } from '@zoom/appssdk';

/** The calls and events Yoriai uses (also the capabilities to request in `config` and to add in the Zoom Marketplace). */
export const ZOOM_CAPABILITIES = [
	'getRunningContext',
	'getMeetingContext',
	'getUserContext',
	'getBreakoutRoomList',
	'onBreakoutRoomChange',
	'getMeetingParticipants',
	'getMeetingParticipantsEmail',
	'onParticipantEmail',
	'createBreakoutRooms',
	'assignParticipantToBreakoutRoom'
] as const satisfies readonly Apis[];

type Full = typeof sdkInstance;
/** The part of the Zoom Apps SDK Yoriai calls. */
export type ZoomSdk = Pick<Full, 'config' | (typeof ZOOM_CAPABILITIES)[number]>;

declare global {
	interface Window {
		/** A stand-in for the Zoom client in tests (see the module comment). */
		__yoriaiFakeZoomSdk?: ZoomSdk;
	}
}

let loading: Promise<ZoomSdk> | null = null;

/** The Zoom Apps SDK, configured with Yoriai's capabilities (once per page; later calls share it). */
export function zoomSdk(): Promise<ZoomSdk> {
	return (loading ??= (async () => {
		const sdk: ZoomSdk = window.__yoriaiFakeZoomSdk ?? (await import('@zoom/appssdk')).default;
		await sdk.config({ capabilities: [...ZOOM_CAPABILITIES] });
		return sdk;
	})());
}
