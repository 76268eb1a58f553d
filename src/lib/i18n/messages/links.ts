/** UI words about sharing role links: join codes (参加コード) and sharing a link again after it is revoked. */
export const ja = {
	'links.revokeConfirm': 'このリンクを無効にしますか？このリンクで参加している人も切断されます。代わりの新しいリンクを発行するので、参加者に共有し直してください。',
	'links.renewed': '「{role}」のリンクを新しくしました。古いリンクはもう使えません。新しいリンクをZoomのチャットなどで共有し直してください。',
	'links.code': '参加コード',
	'links.codeHint': 'トップページで参加コードを入力しても参加できます',
	'links.codeHintSite': '{site} で参加コードを入力',
	'joinCode.title': '参加コードで参加',
	'joinCode.body': '主催者から伝えられた8文字の参加コードを入力してください（大文字・小文字、ハイフンの有無は問いません）。',
	'joinCode.label': '参加コード',
	'joinCode.submit': '参加する',
	'joinCode.unknown': 'この参加コードは見つかりません。もう一度確かめてください（無効にされたリンクのコードは使えません）。',
	'joinCode.invalid': '参加コードは8文字です（例：ABCD-2345）。'
};

export const en: Record<keyof typeof ja, string> = {
	'links.revokeConfirm': 'Revoke this link? People who joined with it are disconnected. A new link replaces it: share the new one again.',
	'links.renewed': 'The “{role}” link was replaced. The old link no longer works: share the new link again, e.g. in the Zoom chat.',
	'links.code': 'Join code',
	'links.codeHint': 'People can also join by typing the code on the start page',
	'links.codeHintSite': 'Type the code at {site}',
	'joinCode.title': 'Join with a code',
	'joinCode.body': 'Type the 8-character join code the organiser gave you (upper or lower case, with or without the hyphen).',
	'joinCode.label': 'Join code',
	'joinCode.submit': 'Join',
	'joinCode.unknown': 'This join code was not found. Please check it (the code of a revoked link no longer works).',
	'joinCode.invalid': 'A join code has 8 characters (e.g. ABCD-2345).'
};
