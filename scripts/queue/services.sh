#!/usr/bin/env bash
# Private PostgreSQL and Redis for n8n's queue mode (the e2e suite, the demo): loopback ports, data in one folder,
# no system service, no persistence for Redis. Idempotent: `start` on a running set prints the same facts again.
#
#   scripts/queue/services.sh start DIR [PG_PORT REDIS_PORT]   start both (free ports picked when not given)
#   scripts/queue/services.sh stop DIR                         stop both; DIR is left for the caller to delete
#   scripts/queue/services.sh install                          only install the Debian packages when missing
#
# `start` ends with KEY=value lines (PG_PORT, PG_USER, PG_PASSWORD, PG_DATABASE, REDIS_PORT). Missing Debian packages
# (postgresql, redis-server) are installed with apt-get when running as root; otherwise the script says what to run.
set -euo pipefail

log() { printf '[queue-services %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
	printf 'queue-services: FAILED: %s\n' "$*" >&2
	exit 1
}

readonly PG_USER=n8n
readonly PG_PASSWORD=n8n-queue
readonly PG_DATABASE=n8n

pg_bin_dir() {
	local dir
	for dir in /usr/lib/postgresql/*/bin; do
		[[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && {
			echo "$dir"
			return 0
		}
	done
	return 1
}

install_packages() {
	local missing=()
	pg_bin_dir >/dev/null || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v psql >/dev/null || missing+=(postgresql-client)
	((${#missing[@]} == 0)) && return 0
	if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
		fail "missing ${missing[*]}: run \`sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}\`"
	fi
	log "installing ${missing[*]} from Debian (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	# Debian's postgresql package creates and starts a system cluster; policy-rc.d keeps services from starting.
	local policy=/usr/sbin/policy-rc.d created_policy=0
	if [[ ! -e "$policy" ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod +x "$policy"
		created_policy=1
	fi
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || {
		((created_policy)) && rm -f "$policy"
		fail "apt-get install ${missing[*]} failed"
	}
	((created_policy)) && rm -f "$policy"
	return 0
}

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# PostgreSQL refuses to run as root: as root, its files belong to the `postgres` account Debian's package creates.
as_pg_owner() {
	if [[ "$(id -u)" == 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	local dir="$1" pg_port="${2:-}" redis_port="${3:-}"
	install_packages
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	local bin
	bin="$(pg_bin_dir)" || fail "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
	local pgdata="$dir/pgdata" state="$dir/ports"
	if [[ -f "$state" ]]; then
		# shellcheck disable=SC1090
		source "$state"
		pg_port="$PG_PORT"
		redis_port="$REDIS_PORT"
	fi
	[[ -n "$pg_port" ]] || pg_port="$(free_port)"
	[[ -n "$redis_port" ]] || redis_port="$(free_port)"
	printf 'PG_PORT=%s\nREDIS_PORT=%s\n' "$pg_port" "$redis_port" >"$state"

	if [[ "$(id -u)" == 0 ]]; then
		id postgres >/dev/null 2>&1 || fail "the postgres account is missing (Debian's postgresql package creates it)"
		chown postgres "$dir"
		chmod 755 "$dir"
	fi
	if [[ ! -f "$pgdata/PG_VERSION" ]]; then
		log "initdb $pgdata"
		local pwfile="$dir/pgpass"
		printf '%s\n' "$PG_PASSWORD" >"$pwfile"
		[[ "$(id -u)" == 0 ]] && chown postgres "$pwfile"
		as_pg_owner "$bin/initdb" -D "$pgdata" -U "$PG_USER" --pwfile="$pwfile" -A scram-sha-256 \
			--no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || fail "initdb failed: $(tail -5 "$dir/initdb.log")"
		rm -f "$pwfile"
	fi
	if ! as_pg_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
		log "postgres on 127.0.0.1:$pg_port"
		as_pg_owner "$bin/pg_ctl" -D "$pgdata" -l "$dir/postgres.log" -w -t 60 start \
			-o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			>/dev/null || fail "postgres did not start: $(tail -5 "$dir/postgres.log")"
	fi
	if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$pg_port" -U "$PG_USER" -d postgres -tAc \
		"select 1 from pg_database where datname='$PG_DATABASE'" | grep -q 1; then
		PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$pg_port" -U "$PG_USER" -d postgres -qc \
			"create database $PG_DATABASE" || fail "could not create database $PG_DATABASE"
	fi

	if ! redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG; then
		log "redis on 127.0.0.1:$redis_port"
		redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
			--pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" ||
			fail "redis-server did not start"
		local tries=0
		until redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG; do
			((++tries > 100)) && fail "redis did not answer: $(tail -5 "$dir/redis.log")"
			sleep 0.1
		done
	fi
	printf 'PG_PORT=%s\nPG_USER=%s\nPG_PASSWORD=%s\nPG_DATABASE=%s\nREDIS_PORT=%s\n' \
		"$pg_port" "$PG_USER" "$PG_PASSWORD" "$PG_DATABASE" "$redis_port"
}

stop() {
	local dir="$1"
	[[ -d "$dir" ]] || return 0
	local bin
	if [[ -f "$dir/redis.pid" ]]; then
		local pid
		pid="$(cat "$dir/redis.pid")"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		rm -f "$dir/redis.pid"
	fi
	if [[ -f "$dir/pgdata/postmaster.pid" ]] && bin="$(pg_bin_dir)"; then
		as_pg_owner "$bin/pg_ctl" -D "$dir/pgdata" -m immediate -w stop >/dev/null 2>&1 || true
	fi
}

case "${1:-}" in
start)
	[[ -n "${2:-}" ]] || fail "usage: $0 start DIR [PG_PORT REDIS_PORT]"
	start "$2" "${3:-}" "${4:-}"
	;;
stop)
	[[ -n "${2:-}" ]] || fail "usage: $0 stop DIR"
	stop "$2"
	;;
install) install_packages ;;
*) fail "usage: $0 start DIR [PG_PORT REDIS_PORT] | stop DIR | install" ;;
esac
