#!/bin/sh
# The compose file's `purge` service: `flask retention purge` when the container starts, then every day
# at PURGE_AT (HH:MM, default 03:15) in TZ (default Asia/Seoul). The command is idempotent, so a restart
# that runs it again changes nothing. docker stop (SIGTERM) ends the wait at once.
set -u
export TZ="${TZ:-Asia/Seoul}"
at="${PURGE_AT:-03:15}"
trap 'exit 0' TERM INT
while :; do
    flask --app wsgi retention purge || echo "retention purge failed (exit $?); next attempt at $at" >&2
    now=$(date +%s)
    next=$(date -d "$at" +%s) || exit 2
    [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $at" +%s)
    sleep $((next - now)) &
    wait $!
done
