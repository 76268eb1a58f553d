/** Words of the console's 「シリーズを作成」 form, loaded on demand with it (index.ts → ON_DEMAND_FILES). */
export const ja = {
	'seriesCreate.title': '連続開催（シリーズ）',
	'seriesCreate.help': 'この会議を最初の回として連続開催のシリーズを作ります。シリーズの台帳で、各回の質問・要望を回答まで追いかけられます。次回の会議はシリーズのページから作成できます。',
	'seriesCreate.name': 'シリーズ名',
	'seriesCreate.ministryLabel': '省庁用リンクの名前（回答者として表示）',
	'seriesCreate.ministryExample': '例：生活困窮者自立支援室',
	'seriesCreate.region': 'この会議の地域',
	'seriesCreate.adminToken': '管理トークン',
	'seriesCreate.submit': 'シリーズを作成してこの会議を加える',
	'seriesCreate.done': 'シリーズを作成し、この会議を加えました。',
	'seriesCreate.keep': '次のリンクは今だけ表示されます。控えておいてください（再表示できません）。',
	'seriesCreate.organiserLink': 'シリーズ運営者のリンク',
	'seriesCreate.ministryLink': '省庁用のリンク',
	'seriesCreate.open': 'シリーズの台帳を開く',
	'seriesCreate.inAnother': 'この会議はすでに別のシリーズに入っています。新しいシリーズは作成していません。'
};

export const en: Record<keyof typeof ja, string> = {
	'seriesCreate.title': 'Series',
	'seriesCreate.help': 'Start a series with this meeting as its first. The series ledger follows every question and request of each meeting until it is answered. Create the next meeting from the series page.',
	'seriesCreate.name': 'Series title',
	'seriesCreate.ministryLabel': 'Name of the ministry link (shown as who answered)',
	'seriesCreate.ministryExample': 'e.g. Self-reliance support office',
	'seriesCreate.region': 'Region of this meeting',
	'seriesCreate.adminToken': 'Admin token',
	'seriesCreate.submit': 'Create a series and add this meeting',
	'seriesCreate.done': 'The series was created and this meeting added to it.',
	'seriesCreate.keep': 'These links are shown only now. Keep them (they cannot be shown again).',
	'seriesCreate.organiserLink': 'Series organiser link',
	'seriesCreate.ministryLink': 'Ministry link',
	'seriesCreate.open': 'Open the series ledger',
	'seriesCreate.inAnother': 'This meeting is already in another series. No new series was created.'
};
