#!/usr/bin/env bash
# Lighthouse (mobile) on a few public pages, served by gunicorn from a throw-away SQLite database.
# `make lighthouse` runs this; results go to test-artifacts/lighthouse/ and docs/PERFORMANCE.md.
# Needs chromium (CHROME_PATH, default /usr/bin/chromium) and npm. Exits non-zero only if the
# server or Lighthouse cannot run; missed targets are reported, not fatal.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
LH_VERSION=13.5.0
# Home in both languages, a store search (김밥), a program page, and two forms: a program application and
# a merchant suggestion.
PAGES=(/ko/ /en/ "/ko/stores?q=%EA%B9%80%EB%B0%A5" /ko/programs/thousand-won-taxi
       /ko/programs/thousand-won-taxi/apply /ko/suggestions/new)
RUNS=${LH_RUNS:-3}
OUT=$ROOT/test-artifacts/lighthouse
# Lighthouse is installed outside the project (not in package.json), once per version.
LH_PREFIX=${XDG_CACHE_HOME:-$HOME/.cache}/alleyweb-lighthouse/$LH_VERSION
LH=$LH_PREFIX/node_modules/.bin/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

[ -x "$CHROME_PATH" ] || { echo "lighthouse: no chromium at $CHROME_PATH" >&2; exit 1; }
if [ ! -x "$LH" ]; then
    echo "Installing lighthouse@$LH_VERSION into $LH_PREFIX"
    mkdir -p "$LH_PREFIX"
    npm install --prefix "$LH_PREFIX" --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION"
fi

TMP=$(mktemp -d /tmp/alleyweb-lh.XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export ALLEYWEB_ENV=development
export ALLEYWEB_INSTANCE_DIR=$TMP/instance
export DATABASE_URL=sqlite:///$TMP/lh.db
"$BIN/flask" --app wsgi db upgrade >"$TMP/setup.log" 2>&1 || { cat "$TMP/setup.log" >&2; exit 1; }
"$BIN/flask" --app wsgi seed demo >>"$TMP/setup.log" 2>&1 || { cat "$TMP/setup.log" >&2; exit 1; }

PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
"$BIN/gunicorn" --workers 2 --bind "127.0.0.1:$PORT" wsgi:app >"$TMP/gunicorn.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
    "$BIN/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
        "$BASE/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
done
"$BIN/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$BASE/healthz" \
    || { echo "lighthouse: gunicorn did not answer /healthz" >&2; cat "$TMP/gunicorn.log" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
for page in "${PAGES[@]}"; do
    slug=$(echo "$page" | tr -cs 'a-z0-9\n' '-' | sed 's/^-*//; s/-*$//')
    for run in $(seq "$RUNS"); do
        echo "Lighthouse $page (run $run/$RUNS)"
        # Headless Chromium now and then fails to record the trace (NO_NAVSTART): such a run is tried again.
        for attempt in 1 2 3; do
            "$LH" "$BASE$page" --quiet --output=json --output-path="$OUT/$slug-$run.json" \
                --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update" \
                && ! grep -q '"runtimeError"' "$OUT/$slug-$run.json" && break
            [ "$attempt" = 3 ] && { echo "lighthouse: failed on $page" >&2; exit 1; }
            echo "Lighthouse $page: run $run failed, trying again"
        done
    done
done

CHROMIUM_VERSION=$("$CHROME_PATH" --version 2>/dev/null || true) \
    "$BIN/python" benchmarks/lighthouse_report.py "$OUT" "${PAGES[@]}"
