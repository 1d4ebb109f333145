#!/usr/bin/env bash
# Runs the whole CRM test suite:
#   build (Release) -> EF migration checks -> dotnet format check -> domain unit tests ->
#   API tests on SQLite -> API tests on a throwaway PostgreSQL cluster ->
#   browser tests (if tests/Crm.Browser.Tests exists).
# Every suite runs even if an earlier one failed. Results (TRX + logs) go to
# artifacts/test-results. The very last line of output is always
# "N passed, M failed"; the exit code is 0 iff M == 0 and N > 0.
#
# The functions can be sourced without running anything (main only runs when
# the file is executed directly).

set -uo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
RESULTS="$REPO_ROOT/artifacts/test-results"

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

# Throwaway PostgreSQL state (see pg_start / pg_stop).
PG_BIN=""
PG_DIR=""
PG_PORT=""

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# record NAME PASSED FAILED [NOTE]
record() {
    local name=$1 passed=$2 failed=$3 note=${4:-}
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    SUMMARY+=("$(printf '%-24s %5d passed %5d failed  %s' "$name" "$passed" "$failed" "$note")")
}

# ---------------------------------------------------------------------------
# Package installation (Debian apt)
# ---------------------------------------------------------------------------
apt_install() {
    local -a sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            warn "need root (or sudo) to install: $*"
            return 1
        fi
    fi
    log "Installing $* via apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null
}

# ---------------------------------------------------------------------------
# Throwaway PostgreSQL cluster
# ---------------------------------------------------------------------------
find_pg_bin() {
    local d
    local -a candidates=(/usr/lib/postgresql/15/bin)
    # Fall back to any other installed major version, newest first.
    local -a others=(/usr/lib/postgresql/*/bin)
    if [[ -e ${others[0]} ]]; then
        mapfile -t others < <(printf '%s\n' "${others[@]}" | sort -V -r)
        candidates+=("${others[@]}")
    fi
    for d in "${candidates[@]}"; do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    done
    return 1
}

# Run a command as the postgres OS user (initdb refuses to run as root).
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1 &&
        ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]${port}\$"; then
        return 0
    fi
    # Something accepting connections on it?
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        return 0
    fi
    return 1
}

# Starts a fresh cluster; sets PG_DIR / PG_PORT. Returns non-zero on failure.
pg_start() {
    PG_BIN=$(find_pg_bin) || {
        apt_install postgresql || true
        PG_BIN=$(find_pg_bin) || {
            warn "PostgreSQL server binaries not found and could not be installed"
            return 1
        }
    }
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        warn "OS user 'postgres' does not exist"
        return 1
    fi

    PG_DIR=$(mktemp -d /tmp/crm-pg.XXXXXXXX) || {
        warn "mktemp failed"
        PG_DIR=""
        return 1
    }
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$PG_DIR" || return 1
    fi
    chmod 700 "$PG_DIR"

    if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -E UTF8 --locale=C.UTF-8 \
        -U postgres >"$PG_DIR/initdb.log" 2>&1; then
        warn "initdb failed:"
        cat "$PG_DIR/initdb.log" >&2
        return 1
    fi

    local port=55432 attempt
    for attempt in 1 2 3 4 5; do
        while port_in_use "$port"; do
            port=$((port + 1))
            if ((port > 55999)); then
                warn "no free port found in 55432-55999"
                return 1
            fi
        done
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
            start >>"$PG_DIR/pg_ctl.log" 2>&1; then
            PG_PORT=$port
            break
        fi
        warn "PostgreSQL failed to start on port $port (attempt $attempt)"
        # Make sure a half-started server is gone before retrying.
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        port=$((port + 1))
    done
    if [[ -z $PG_PORT ]]; then
        warn "could not start PostgreSQL; server log:"
        tail -n 30 "$PG_DIR/postgres.log" >&2 2>/dev/null || true
        return 1
    fi

    # Smoke check: the server accepts TCP connections as user postgres.
    local psql="$PG_BIN/psql"
    [[ -x $psql ]] || psql=$(command -v psql || true)
    if [[ -n $psql ]]; then
        local out
        out=$("$psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAqc 'select 1' </dev/null 2>&1)
        if [[ $out != 1 ]]; then
            warn "PostgreSQL started but 'select 1' failed: $out"
            return 1
        fi
    fi
    log "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') running on 127.0.0.1:$PG_PORT ($PG_DIR)"
    return 0
}

# Stops the cluster (if any) and removes its directory. Silent.
pg_stop() {
    if [[ -n $PG_DIR && -d $PG_DIR ]]; then
        if [[ -n $PG_BIN && -f $PG_DIR/data/postmaster.pid ]]; then
            as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
                as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
                true
        fi
        rm -rf "$PG_DIR" >/dev/null 2>&1 || true
    fi
    PG_DIR=""
    PG_PORT=""
}

cleanup() {
    pg_stop
}

# ---------------------------------------------------------------------------
# TRX parsing
# ---------------------------------------------------------------------------
# trx_counter FILE ATTR -> prints the numeric value (0 if absent)
trx_counter() {
    local counters value
    counters=$(tr '\r\n' '  ' <"$1" | grep -o '<Counters [^>]*>' | head -n 1)
    value=$(sed -n "s/.* $2=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$counters")
    printf '%s\n' "${value:-0}"
}

# run_suite NAME TRXNAME CMD... : runs a dotnet test command, records results.
run_suite() {
    local name=$1 trx="$RESULTS/$2"
    shift 2
    local start=$SECONDS rc passed failed total note
    rm -f "$trx"
    log "[$name] $*"
    "$@" </dev/null
    rc=$?
    if [[ ! -f $trx ]]; then
        record "$name" 0 1 "(exit $rc, no TRX file produced)"
        return
    fi
    if ! grep -q '<Counters ' "$trx"; then
        record "$name" 0 1 "(exit $rc, TRX has no <Counters>)"
        return
    fi
    total=$(trx_counter "$trx" total)
    passed=$(trx_counter "$trx" passed)
    failed=$(($(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted)))
    note="(exit $rc, $total total, $((SECONDS - start))s)"
    if ((rc != 0 && failed == 0)); then
        failed=1
        note="(exit $rc but TRX reports no failures - test host crash?, $((SECONDS - start))s)"
    fi
    record "$name" "$passed" "$failed" "$note"
}

# migration_check CONTEXT
migration_check() {
    local ctx=$1 out rc name="ef:$1"
    log "[$name] dotnet ef migrations has-pending-model-changes --context $ctx"
    out=$(dotnet ef migrations has-pending-model-changes \
        --project src/Crm.Web --startup-project src/Crm.Web \
        --context "$ctx" --configuration Release --no-build </dev/null 2>&1)
    rc=$?
    printf '%s\n' "$out" >"$RESULTS/ef-$ctx.log"
    if ((rc == 0)); then
        record "$name" 1 0 "(no pending model changes)"
    else
        printf '%s\n' "$out"
        record "$name" 0 1 "(exit $rc, see above / ef-$ctx.log)"
    fi
}

# format_check: the code is formatted as .editorconfig says (whitespace, style and analyzer fixes).
format_check() {
    local out rc name="format"
    log "[$name] dotnet format Crm.slnx --verify-no-changes"
    out=$(dotnet format Crm.slnx --verify-no-changes --no-restore </dev/null 2>&1)
    rc=$?
    printf '%s\n' "$out" >"$RESULTS/format.log"
    if ((rc == 0)); then
        record "$name" 1 0 "(no changes needed)"
    else
        printf '%s\n' "$out" | grep -v '^Warnings were encountered' | tail -n 40
        record "$name" 0 1 "(exit $rc, run 'dotnet format Crm.slnx'; see format.log)"
    fi
}

print_summary() {
    local line
    echo
    echo "================ Test summary ================"
    for line in "${SUMMARY[@]}"; do
        printf '%s\n' "$line"
    done
    echo "Results: ${RESULTS#"$REPO_ROOT"/}"
    echo "=============================================="
}

# ---------------------------------------------------------------------------
main() {
    cd "$REPO_ROOT" || exit 1
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    export MSBUILDDISABLENODEREUSE=1

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP

    rm -rf "$RESULTS"
    mkdir -p "$RESULTS" || exit 1

    # 1. Local tools (dotnet-ef).
    log "dotnet tool restore"
    if ! dotnet tool restore </dev/null; then
        warn "dotnet tool restore failed; the EF migration checks will fail"
    fi

    # 2. Build once, fail fast.
    log "dotnet build Crm.slnx -c Release"
    local build_log="$RESULTS/build.log" rc
    dotnet build Crm.slnx -c Release </dev/null 2>&1 | tee "$build_log"
    rc=${PIPESTATUS[0]}
    if ((rc != 0)); then
        echo
        echo "BUILD FAILED (exit $rc). Errors:"
        if grep -Eq ': error [A-Za-z]*[0-9]*' "$build_log"; then
            grep -E ': error [A-Za-z]*[0-9]*' "$build_log" | sort -u | tail -n 40
        else
            tail -n 40 "$build_log"
        fi
        echo "0 passed, 1 failed"
        exit 1
    fi

    # 3. EF Core migrations must match the model for both providers.
    migration_check SqliteCrmDbContext
    migration_check PostgresCrmDbContext

    # 3b. Formatting (dotnet format --verify-no-changes).
    format_check

    # 4. Domain unit tests.
    run_suite "domain" domain.trx \
        dotnet test tests/Crm.Domain.Tests -c Release --no-build \
        --logger "trx;LogFileName=domain.trx" --results-directory "$RESULTS"

    # 5. API tests on SQLite.
    run_suite "web-sqlite" web-sqlite.trx \
        env CRM_TEST_DB=sqlite \
        dotnet test tests/Crm.Web.Tests -c Release --no-build \
        --logger "trx;LogFileName=web-sqlite.trx" --results-directory "$RESULTS"

    # 6. API tests on a throwaway PostgreSQL cluster; they include the production layout (two instances behind
    #    Debian's nginx, tests/Crm.Web.Tests/Deployment), so nginx is installed when missing.
    if [[ ! -x /usr/sbin/nginx ]] && ! command -v nginx >/dev/null 2>&1; then
        apt_install nginx || warn "nginx could not be installed; the deployment tests will fail"
    fi
    log "Starting throwaway PostgreSQL cluster"
    if pg_start; then
        run_suite "web-postgres" web-postgres.trx \
            env CRM_TEST_DB=postgres "CRM_TEST_PG=Host=127.0.0.1;Port=$PG_PORT;Username=postgres" "CRM_TEST_PG_BIN=$PG_BIN" \
            dotnet test tests/Crm.Web.Tests -c Release --no-build \
            --logger "trx;LogFileName=web-postgres.trx" --results-directory "$RESULTS"
    else
        record "web-postgres" 0 1 "(could not start PostgreSQL)"
    fi
    pg_stop

    # 7. Browser tests (optional project).
    if [[ -d tests/Crm.Browser.Tests ]]; then
        local browser_ok=1
        if ! dpkg -s chromium fonts-wqy-microhei >/dev/null 2>&1; then
            apt_install chromium fonts-wqy-microhei || browser_ok=0
        fi
        if [[ ! -x /usr/bin/chromium ]]; then
            browser_ok=0
        fi
        if ! grep -q 'Crm\.Browser\.Tests' Crm.slnx; then
            warn "tests/Crm.Browser.Tests is not in Crm.slnx; building it separately"
            if ! dotnet build tests/Crm.Browser.Tests -c Release </dev/null >"$RESULTS/build-browser.log" 2>&1; then
                grep -E ': error ' "$RESULTS/build-browser.log" | sort -u | tail -n 40
                browser_ok=0
            fi
        fi
        if ((browser_ok)); then
            run_suite "browser" browser.trx \
                env CRM_BROWSER=/usr/bin/chromium \
                dotnet test tests/Crm.Browser.Tests -c Release --no-build \
                --logger "trx;LogFileName=browser.trx" --results-directory "$RESULTS"
        else
            record "browser" 0 1 "(chromium/fonts missing or browser test build failed)"
        fi
    fi

    print_summary
    printf '%d passed, %d failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
    if ((TOTAL_FAILED == 0 && TOTAL_PASSED > 0)); then
        exit 0
    fi
    exit 1
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
