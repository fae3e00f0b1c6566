#!/usr/bin/env bash
# The apt packages (Debian's or Ubuntu's) the end-to-end suite needs, installed when missing: Chromium for the editor
# checks (playwright-core downloads no browser), Redis and PostgreSQL for n8n's queue mode (the suite
# starts its own servers on free ports). Used by .ci/run and the Publish workflow.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -gt 0 ] || exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "Installing apt's ${missing[*]} for the end-to-end suite"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
