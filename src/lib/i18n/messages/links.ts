/** UI words about sharing role links again after one is revoked (the console's 参加用リンク). */
export const ja = {
	'links.revokeConfirm': 'このリンクを無効にしますか？このリンクで参加している人も切断されます。代わりの新しいリンクを発行するので、参加者に共有し直してください。',
	'links.renewed': '「{role}」のリンクを新しくしました。古いリンクはもう使えません。新しいリンクをZoomのチャットなどで共有し直してください。'
};

export const en: Record<keyof typeof ja, string> = {
	'links.revokeConfirm': 'Revoke this link? People who joined with it are disconnected. A new link replaces it: share the new one again.',
	'links.renewed': 'The “{role}” link was replaced. The old link no longer works: share the new link again, e.g. in the Zoom chat.'
};
