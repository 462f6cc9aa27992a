#!/usr/bin/env bash
# A private MariaDB for the tests: everything lives in DIR, nothing is installed as a
# system service, and it works as root or as a normal user.
#
#   scripts/mariadb.sh start DIR   initialise DIR (first time), start mariadbd on a socket in
#                                  DIR and a free TCP port on 127.0.0.1, create the database
#                                  `scorecard` and the account 'scorecard'; print the URL
#                                  mysql://scorecard:PASSWORD@127.0.0.1:PORT/scorecard as the
#                                  last line of stdout (also in DIR/url; the socket form in
#                                  DIR/socket_url)
#   scripts/mariadb.sh stop DIR    shut it down and wait until the process is gone
#
# The test account may also create and drop databases named scorecard_t_* (the test
# suites' scratch databases). Progress and errors go to stderr.
set -euo pipefail

readonly START_TIMEOUT_S=60
readonly STOP_TIMEOUT_S=30

say() { echo "mariadb.sh: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
readonly command=$1
[[ $command == start || $command == stop ]] || usage
mkdir -p "$2" || die "cannot create directory $2"
dir=$(cd "$2" && pwd)
readonly dir

# mariadbd lives in sbin, which a normal user's PATH may lack.
PATH=$PATH:/usr/sbin:/usr/local/sbin

readonly datadir=$dir/data
readonly socket=$dir/mysqld.sock
readonly pidfile=$dir/mariadbd.pid
readonly errlog=$dir/error.log
# InnoDB's memory and redo log: small for the tests' many short-lived servers; the
# benchmark sizes them as production would (docs/deploy.md, "The database server").
readonly buffer_pool=${SCORECARD_MARIADB_BUFFER_POOL:-64M}
readonly log_file=${SCORECARD_MARIADB_LOG_FILE:-96M}

# mariadbd refuses to run as root unless told to; as anyone else --user only warns.
user_opt=()
if [[ $(id -u) -eq 0 ]]; then
    user_opt=(--user=root)
fi

# --no-defaults must come first: no /etc/mysql/*.cnf or ~/.my.cnf may leak into the test
# server or into our client calls.
admin() { mariadb-admin --no-defaults --socket="$socket" -uroot "$@"; }
client() { mariadb --no-defaults --socket="$socket" -uroot; }

running_pid() {
    local pid
    [[ -f $pidfile ]] || return 1
    pid=$(<"$pidfile")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
        return
    fi
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        # Nothing answering a connect means nothing listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free TCP port found on 127.0.0.1"
}

show_error_log() {
    if [[ -s $errlog ]]; then
        say "last lines of $errlog:"
        tail -n 30 "$errlog" >&2
    fi
}

initialise() {
    [[ -d $datadir/mysql ]] && return
    command -v mariadb-install-db >/dev/null || die "mariadb-install-db not found (install mariadb-server-core)"
    say "initialising $datadir"
    if ! mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$datadir" \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
        tail -n 30 "$dir/install.log" >&2
        rm -rf "$datadir"
        die "mariadb-install-db failed (full log: $dir/install.log)"
    fi
}

start_server() {
    local port=$1
    rm -f "$pidfile"
    # A fresh log per attempt, so the checks below read only this start's messages.
    [[ -f $errlog ]] && mv -f "$errlog" "$errlog.previous"
    # Its own directory for internal temporary tables, not the system's /tmp, where anything
    # else may clean up (one CI run lost a query's temporary table there).
    mkdir -p "$dir/tmp"
    # setsid: the server outlives this script and is not hit by the caller's Ctrl-C.
    setsid mariadbd --no-defaults "${user_opt[@]}" --datadir="$datadir" \
        --socket="$socket" --port="$port" --bind-address=127.0.0.1 --tmpdir="$dir/tmp" \
        --pid-file="$pidfile" --log-error="$errlog" \
        --character-set-server=utf8mb4 --skip-name-resolve \
        --innodb-buffer-pool-size="$buffer_pool" --innodb-log-file-size="$log_file" \
        --innodb-flush-log-at-trx-commit=2 \
        --innodb-doublewrite=0 --max-connections=300 \
        </dev/null >>"$dir/mariadbd.out" 2>&1 &
    local pid=$!
    local waited=0
    until admin --connect-timeout=2 ping >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            # The port may have been taken between free_port and bind: the caller retries.
            if grep -q "Address already in use" "$errlog" 2>/dev/null; then
                return 3
            fi
            show_error_log
            die "mariadbd exited during start-up (see $errlog)"
        fi
        if ((waited >= START_TIMEOUT_S * 4)); then
            show_error_log
            kill "$pid" 2>/dev/null || true
            die "mariadbd did not answer ping within ${START_TIMEOUT_S} s (see $errlog)"
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
}

create_account() {
    local password=$1
    # Scratch databases are scorecard_t_<pid>_<n>: a database-level grant on the pattern
    # lets the account create and drop exactly those, and nothing else.
    client <<SQL || die "could not create the database and account"
CREATE DATABASE IF NOT EXISTS scorecard CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'scorecard'@'localhost' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS 'scorecard'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'scorecard'@'localhost' IDENTIFIED BY '$password';
ALTER USER 'scorecard'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`scorecard\`.* TO 'scorecard'@'localhost', 'scorecard'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`scorecard\\_t\\_%\`.* TO 'scorecard'@'localhost', 'scorecard'@'127.0.0.1';
SQL
}

do_start() {
    command -v mariadbd >/dev/null || die "mariadbd not found (install mariadb-server-core)"
    command -v mariadb-admin >/dev/null || die "mariadb-admin not found (install mariadb-client)"
    # A Unix socket path is limited to 107 bytes.
    ((${#socket} <= 100)) || die "directory path too long for a Unix socket: $socket"

    local port password pid
    if pid=$(running_pid); then
        [[ -f $dir/url ]] || die "mariadbd (pid $pid) runs in $dir but $dir/url is missing"
        say "already running (pid $pid)"
        tail -n 1 "$dir/url"
        return
    fi
    initialise

    local attempt status
    for attempt in 1 2 3; do
        port=$(free_port)
        status=0
        start_server "$port" || status=$?
        [[ $status -eq 0 ]] && break
        say "port $port was taken, trying another (attempt $attempt)"
    done
    [[ $status -eq 0 ]] || die "could not find a free port for mariadbd"

    if [[ -f $dir/password ]]; then
        password=$(<"$dir/password")
    else
        password=sc$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
        (umask 077 && echo "$password" >"$dir/password")
    fi
    create_account "$password"

    local url="mysql://scorecard:$password@127.0.0.1:$port/scorecard"
    (umask 077 && echo "$url" >"$dir/url")
    (umask 077 && echo "mysql://scorecard:$password@localhost/scorecard?socket=$socket" >"$dir/socket_url")
    say "running: pid $(<"$pidfile"), port $port, socket $socket"
    echo "$url"
}

do_stop() {
    local pid
    if ! pid=$(running_pid); then
        say "not running in $dir"
        return
    fi
    admin --connect-timeout=5 shutdown >/dev/null 2>&1 || say "mariadb-admin shutdown failed; waiting, then signalling pid $pid"
    local waited=0
    # The process can outlive mariadb-admin by a moment.
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited == STOP_TIMEOUT_S * 4)); then
            say "pid $pid still running after ${STOP_TIMEOUT_S} s: sending SIGTERM"
            kill -TERM "$pid" 2>/dev/null || true
        elif ((waited == (STOP_TIMEOUT_S + 10) * 4)); then
            say "pid $pid ignored SIGTERM: sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        elif ((waited > (STOP_TIMEOUT_S + 15) * 4)); then
            die "pid $pid would not stop"
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
    rm -f "$pidfile"
    say "stopped"
}

case $command in
    start) do_start ;;
    stop) do_stop ;;
esac
