#!/bin/sh
# Runs one validator as one TAP test case.
# usage: tap-check.sh DESCRIPTION COMMAND [ARGUMENT...]
description=$1
shift
echo "1..1"
if ! command -v "$1" >/dev/null 2>&1; then
  echo "ok 1 - $description # SKIP $1 is not installed"
  exit 0
fi
if output=$("$@" 2>&1); then
  echo "ok 1 - $description"
  status=0
else
  echo "not ok 1 - $description"
  status=1
fi
[ -n "$output" ] && printf '%s\n' "$output" | sed 's/^/# /'
exit $status
