/** UI words of the Zoom files (ブレイクアウトルームの事前割り当て・参加者レポート). Japanese first; see GLOSSARY.md. */
export const ja = {
	'zoom.title': 'Zoomとの連携',
	'zoom.breakout.help': 'ルーム割り当てを Zoom の「ブレイクアウトルームの事前割り当て」用 CSV として書き出します。Zoom のミーティング設定で読み込んでください。',
	'zoom.breakout.download': '事前割り当て CSV をダウンロード（{n}名）',
	'zoom.breakout.missing': 'メールアドレスがないため Zoom で事前割り当てできない人が{n}名います（Zoom で手動で割り当ててください）：',
	'zoom.breakout.overLimits': 'Zoom の上限（ルーム{rooms}室・{people}名）を超えています。ルームか人数を減らしてください。'
};

export const en: Record<keyof typeof ja, string> = {
	'zoom.title': 'Zoom',
	'zoom.breakout.help': 'Export the room plan as Zoom’s breakout room pre-assignment CSV, to import in the Zoom meeting’s settings.',
	'zoom.breakout.download': 'Download the pre-assignment CSV ({n} people)',
	'zoom.breakout.missing': '{n} people have no email, so Zoom cannot pre-assign them (assign them in Zoom by hand):',
	'zoom.breakout.overLimits': 'Over Zoom’s limits ({rooms} rooms, {people} people). Use fewer rooms or people.'
};
