#!/usr/bin/env bash
# `npm run demo [-- --once | --queue]`: installs the pinned n8n (cached, scripts/e2e/install-n8n.sh), builds the package,
# then starts the Confluence simulator and n8n with the example workflows (scripts/demo/cli.ts). Arguments go to cli.ts.
# --queue: n8n's queue mode, with PostgreSQL and Redis from scripts/queue/services.sh (installed when missing).
#
#   DEMO_SKIP_BUILD=1   use dist/ as it is
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step() { printf '=== demo: %s (+%ss)\n' "$1" "$SECONDS"; }

step "install n8n 2.41.1 (the first run downloads it: 3-15 min, more on a loaded machine; cached after that)"
bash scripts/e2e/install-n8n.sh 2 >/dev/null

if [[ "${DEMO_SKIP_BUILD:-}" == 1 && -f dist/nodes/Confluence/Confluence.node.js ]]; then
	step "build (skipped: DEMO_SKIP_BUILD=1)"
else
	step "build"
	build_log="$(npm run --silent build 2>&1)" || {
		printf '%s\n' "$build_log" >&2
		echo "demo: npm run build failed" >&2
		exit 1
	}
fi

step "start"
exec node node_modules/ts-node/dist/bin.js --transpile-only scripts/demo/cli.ts "$@"
