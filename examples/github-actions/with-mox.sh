#!/bin/sh
# Runs a command with a fresh `mox localserve` for its tests, then stops it:
#
#   examples/github-actions/with-mox.sh npm test
#
# The command sees MOX_HOST, MOX_SMTP_PORT, MOX_SUBMISSION_PORT, MOX_IMAP_PORT, MOX_HTTP_PORT,
# MOX_USER, MOX_PASSWORD, MOX_AUTHORIZATION (an HTTP Authorization value), MOX_FIXTURE_URL
# (GET $MOX_FIXTURE_URL/wait?to=…&subject=…&timeout=10s blocks until the mail is there),
# MOX_WEBAPI_URL and MOX_DIR. mox is run as $MOX (default "npx mox").
set -eu
MOX="${MOX:-npx mox}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/ready"
# -ephemeral: a temporary data dir removed at exit, free ports; -json: one line once ready.
$MOX localserve -ephemeral -json >"$tmp/ready" 2>"$tmp/mox.log" &
pid=$!
# Blocks until mox prints its line (or exits); no sleeping and polling.
exec 3<"$tmp/ready"
if ! IFS= read -r info <&3; then
  echo "mox localserve did not start:" >&2
  cat "$tmp/mox.log" >&2
  exit 1
fi
eval "$(node -e '
const i = JSON.parse(process.argv[1]);
const env = {
  MOX_HOST: i.host, MOX_SMTP_PORT: i.ports.smtp, MOX_SUBMISSION_PORT: i.ports.submission,
  MOX_IMAP_PORT: i.ports.imap, MOX_HTTP_PORT: i.ports.http, MOX_USER: i.credentials.username,
  MOX_PASSWORD: i.credentials.password, MOX_AUTHORIZATION: i.credentials.authorization,
  MOX_FIXTURE_URL: i.urls.fixture, MOX_WEBAPI_URL: i.urls.webapi, MOX_DIR: i.dir,
};
for (const [k, v] of Object.entries(env)) console.log(`export ${k}=\x27${String(v).replace(/\x27/g, "\x27\\\x27\x27")}\x27`);
' "$info")"
status=0
"$@" || status=$?
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ "$status" -ne 0 ]; then
  echo "--- mox localserve log (last 50 lines) ---" >&2
  tail -n 50 "$tmp/mox.log" >&2
fi
exit "$status"
