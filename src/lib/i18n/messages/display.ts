/** UI words of broadcasts' show time and the display's kiosk mode (language chosen by the organiser). */
export const ja = {
	'broadcast.showFor': '表示時間',
	'broadcast.showDefault': '標準（投影画面1分・各自の画面10分）',
	'broadcast.showSeconds': '{n}秒',
	'broadcast.showMinutes': '{n}分',
	'broadcast.until': '{time}まで表示',
	'console.plenary.language': '投影画面の言語',
	'console.plenary.language.ja': '日本語',
	'console.plenary.language.en': '英語（English）',
	'display.offline': '再接続中'
};

export const en: Record<keyof typeof ja, string> = {
	'broadcast.showFor': 'Show for',
	'broadcast.showDefault': 'Default (display 1 min, own screens 10 min)',
	'broadcast.showSeconds': '{n} s',
	'broadcast.showMinutes': '{n} min',
	'broadcast.until': 'shown until {time}',
	'console.plenary.language': 'Display language',
	'console.plenary.language.ja': 'Japanese (日本語)',
	'console.plenary.language.en': 'English',
	'display.offline': 'Reconnecting'
};
