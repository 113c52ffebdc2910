#!/usr/bin/env bash
# `npm run test:e2e`: installs (or reuses) the pinned n8n and Debian's Chromium, builds the package, then runs the
# end-to-end tests (test/e2e/**/*.e2e.ts) in real n8n with their own jest config. Extra arguments go to jest.
#
#   E2E_N8N1=0   skip n8n 1.x (by default it is installed from test/e2e/n8n-1 and the tests that cover it run on it too)
#   E2E_SKIP_BUILD=1   use dist/ as it is (when the build already ran, as in .ci/run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step_start=$SECONDS
step() {
	printf '\n=== e2e: %s (%s, +%ss)\n' "$1" "$(date -u +%H:%M:%S)" "$((SECONDS - step_start))"
}

step "install n8n 2.x"
bash scripts/e2e/install-n8n.sh 2

if [[ "${E2E_N8N1:-1}" != 0 ]]; then
	step "install n8n 1.x"
	bash scripts/e2e/install-n8n.sh 1
fi

step "install browser"
bash scripts/e2e/install-browser.sh

step "install PostgreSQL and Redis (queue mode; Debian packages, when missing)"
bash scripts/queue/services.sh install

if [[ "${E2E_SKIP_BUILD:-}" == 1 && -f dist/nodes/Confluence/Confluence.node.js ]]; then
	step "build (skipped: E2E_SKIP_BUILD=1)"
else
	step "build"
	npm run build
fi

step "jest (test/e2e/jest.config.js)"
npx jest -c test/e2e/jest.config.js "$@"
step "done"
