#!/usr/bin/env bash
# The system packages the test suites need (Debian): redis-server, Chromium (/usr/bin/chromium or
# CHROMIUM_PATH), fontconfig with the Noto CJK fonts, nginx, and for rendering the minutes' .docx
# pages in e2e LibreOffice Writer without a GUI (soffice: /usr/bin/soffice from libreoffice-common,
# pulled in by libreoffice-writer-nogui) and poppler-utils (pdftoppm, pdftotext, pdfinfo).
# Shared by .ci/run and `npm test`.
#
# Silent when everything is there. As root it installs what is missing (one apt-get update, then
# apt-get install --no-install-recommends). Otherwise it prints the exact command and exits 1.
# Every message is one line.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

# Fills `missing` (Debian package names) and `what` (what is missing, for the message).
check() {
	missing=()
	what=()
	have redis-server || { missing+=(redis-server); what+=(redis-server); }
	if [ ! -x "$chromium" ]; then
		what+=("$chromium")
		# A custom CHROMIUM_PATH is the caller's to provide; the package puts it at /usr/bin/chromium.
		[ "$chromium" = /usr/bin/chromium ] && missing+=(chromium)
	fi
	have fc-list || { missing+=(fontconfig); what+=(fontconfig); }
	# Read the whole list first: `fc-list | grep -q` under pipefail fails when grep exits early (SIGPIPE).
	local fonts=""
	have fc-list && fonts="$(fc-list 2>/dev/null || true)"
	grep -qi 'Noto.*CJK' <<<"$fonts" || { missing+=(fonts-noto-cjk); what+=("Noto CJK fonts"); }
	have nginx || { missing+=(nginx); what+=(nginx); }
	have soffice || [ -x /usr/lib/libreoffice/program/soffice ] || { missing+=(libreoffice-writer-nogui); what+=("soffice (LibreOffice Writer)"); }
	{ have pdftoppm && have pdftotext && have pdfinfo; } || { missing+=(poppler-utils); what+=("pdftoppm/pdftotext/pdfinfo"); }
}

check
[ "${#what[@]}" -eq 0 ] && exit 0

if [ "${#missing[@]}" -eq 0 ]; then
	echo "ensure-system: $chromium is missing: install Chromium there or point CHROMIUM_PATH at it" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "ensure-system: missing ${what[*]}; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

echo "ensure-system: installing ${missing[*]}"
if ! apt-get update -qq >/dev/null 2>&1; then
	echo "ensure-system: apt-get update failed (no network or no Debian sources?)" >&2
	exit 1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "ensure-system: apt-get install -y --no-install-recommends ${missing[*]} failed" >&2
	exit 1
fi
fc-cache -f >/dev/null 2>&1 || true

check
if [ "${#what[@]}" -gt 0 ]; then
	echo "ensure-system: still missing after installing: ${what[*]}" >&2
	exit 1
fi
