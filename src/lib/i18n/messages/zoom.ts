/** UI words of the Zoom files (ブレイクアウトルームの事前割り当て・参加者レポート). Japanese first; see GLOSSARY.md. */
export const ja = {
	'zoom.title': 'Zoomとの連携',
	'zoom.breakout.help': 'ルーム割り当てを Zoom の「ブレイクアウトルームの事前割り当て」用 CSV として書き出します。Zoom のミーティング設定で読み込んでください。',
	'zoom.breakout.download': '事前割り当て CSV をダウンロード（{n}名）',
	'zoom.breakout.missing': 'メールアドレスがないため Zoom で事前割り当てできない人が{n}名います（Zoom で手動で割り当ててください）：',
	'zoom.breakout.overLimits': 'Zoom の上限（ルーム{rooms}室・{people}名）を超えています。ルームか人数を減らしてください。',
	'zoom.report.title': '実際の参加状況（Zoom の参加者レポート）',
	'zoom.report.help': 'Zoom の「レポート」→「使用状況」→「参加者」から書き出した CSV を読み込むと、名簿と照合して実際の参加者数と参加時間を記録します（メールアドレス、次に氏名で照合）。議事録の参加者数にも反映されます。',
	'zoom.report.file': '参加者レポートの CSV を選ぶ',
	'zoom.report.unreadable': 'Zoom の参加者レポートとして読み取れません。',
	'zoom.report.matched': '名簿と一致：{n}名（接続 {connections}件）、一致しない人：{unmatched}名',
	'zoom.report.review': '名簿と一致しなかった人を確認してください（該当する方を選ぶか、そのままにします）：',
	'zoom.report.minutes': '{n}分',
	'zoom.report.leave': '名簿にいない（そのまま）',
	'zoom.report.record': '参加状況を記録する',
	'zoom.report.result': '参加状況（{topic}）',
	'zoom.report.registered': '登録',
	'zoom.report.attended': '実参加',
	'zoom.report.unmatchedLeft': '名簿にいない参加者：{n}名'
};

export const en: Record<keyof typeof ja, string> = {
	'zoom.title': 'Zoom',
	'zoom.breakout.help': 'Export the room plan as Zoom’s breakout room pre-assignment CSV, to import in the Zoom meeting’s settings.',
	'zoom.breakout.download': 'Download the pre-assignment CSV ({n} people)',
	'zoom.breakout.missing': '{n} people have no email, so Zoom cannot pre-assign them (assign them in Zoom by hand):',
	'zoom.breakout.overLimits': 'Over Zoom’s limits ({rooms} rooms, {people} people). Use fewer rooms or people.',
	'zoom.report.title': 'Actual attendance (Zoom participant report)',
	'zoom.report.help': 'Upload the CSV exported from Zoom (Reports → Usage → Participants): it is matched to the roster (by email, then by name) and recorded as actual attendance and time present, also in the minutes.',
	'zoom.report.file': 'Choose the participant report CSV',
	'zoom.report.unreadable': 'This is not a Zoom participant report.',
	'zoom.report.matched': 'On the roster: {n} people ({connections} connections); matched nobody: {unmatched}',
	'zoom.report.review': 'Review who matched nobody on the roster (pick their entry, or leave them):',
	'zoom.report.minutes': '{n} min',
	'zoom.report.leave': 'Not on the roster (leave)',
	'zoom.report.record': 'Record attendance',
	'zoom.report.result': 'Attendance ({topic})',
	'zoom.report.registered': 'Registered',
	'zoom.report.attended': 'Attended',
	'zoom.report.unmatchedLeft': 'Not on the roster: {n} people'
};
