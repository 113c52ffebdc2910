#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser end-to-end tests
# (playwright-core drives it; Playwright's own browser download cannot reach its host from here).
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1; then
	echo "CHROMIUM=$CHROMIUM ($("$CHROMIUM" --version 2>/dev/null))"
	exit 0
fi

command -v apt-get >/dev/null || {
	echo "install-browser: FAILED: $CHROMIUM is missing and apt-get is not available" >&2
	exit 1
}
sudo_cmd=()
[[ "$(id -u)" == 0 ]] || sudo_cmd=(sudo)

export DEBIAN_FRONTEND=noninteractive
# The package lists are only refreshed when apt does not know the package yet (a fresh machine has none).
if ! apt-cache show chromium >/dev/null 2>&1; then
	echo "[install-browser] apt-get update" >&2
	"${sudo_cmd[@]}" apt-get update -qq >&2 || {
		echo "install-browser: FAILED: apt-get update" >&2
		exit 1
	}
fi
echo "[install-browser] apt-get install chromium" >&2
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >&2 || {
	echo "install-browser: FAILED: apt-get install chromium" >&2
	exit 1
}
"$CHROMIUM" --version >/dev/null 2>&1 || {
	echo "install-browser: FAILED: $CHROMIUM does not run after install" >&2
	exit 1
}
echo "CHROMIUM=$CHROMIUM ($("$CHROMIUM" --version 2>/dev/null))"
