/** Words of the console's Zoom settings (the meeting id, a room's Zoom name), loaded on demand with those forms (index.ts → ON_DEMAND_FILES). */
export const ja = {
	'zoom.settings.meetingId': 'Zoom の会議 ID（Zoom アプリのパネルがこの会議を開くため）',
	'zoom.settings.meetingIdHelp': '例：123 4567 8901。空にすると結び付けを外します。会議 ID だけでは誰も会議に入れません。',
	'zoom.settings.meetingIdInvalid': 'Zoom の会議 ID は 9〜12 桁の数字です。',
	'zoom.settings.zoomName': 'Zoom でのルーム名（この名前と違うときだけ）',
	'zoom.settings.zoomNameShown': 'Zoom では「{name}」'
};

export const en: Record<keyof typeof ja, string> = {
	'zoom.settings.meetingId': 'Zoom meeting ID (so the Zoom App panel opens this meeting)',
	'zoom.settings.meetingIdHelp': 'E.g. 123 4567 8901. Empty unlinks. The id alone lets nobody into the meeting.',
	'zoom.settings.meetingIdInvalid': 'A Zoom meeting ID is 9 to 12 digits.',
	'zoom.settings.zoomName': 'Room name in Zoom (only when it differs)',
	'zoom.settings.zoomNameShown': 'In Zoom: “{name}”'
};
