#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite, browser tests included.
# Honours DATABASE_URL (PostgreSQL); without it the tests run on SQLite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/test_chain.py -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# pip only when something is missing: it took some 11 s to find nothing to do (scripts/installed.py).
if ! python3 scripts/installed.py test; then
    python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
fi

# npm ci wipes node_modules first: skip it when the installed tree is newer than the lock file.
# --prefer-offline: a package already in npm's cache is taken from it (the lock file's hashes are
# checked all the same) instead of asking the registry again, which under a clock set years ahead
# (faketime) took two minutes of retries.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --prefer-offline --no-audit --no-fund --loglevel=error
fi

# The browser tests drive Debian's Chromium; Noto CJK renders the Chinese pages in screenshots.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if command -v dpkg >/dev/null && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then missing+=(fonts-noto-cjk); fi
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Where Python is told to write no bytecode (PYTHONDONTWRITEBYTECODE), each worker compiled the
# product and rewrote every test module's asserts again on each run (about 10 s a worker): the
# bytecode is kept under the temporary directory instead, never in the repository.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-${TMPDIR:-/tmp}/fazhi-pycache-$(id -u)}"

# One worker per core (pytest-xdist); FAZHI_TEST_WORKERS=0 runs in this process only.
exec python3 -m pytest -q -n "${FAZHI_TEST_WORKERS:-auto}" "$@"
