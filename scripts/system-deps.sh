#!/usr/bin/env bash
# Install the system packages some tests drive for real (a mail server, a browser).
# Each piece lives in scripts/system-deps.d/NAME.sh and calls `need PACKAGE COMMAND`.
# As root with apt-get (CI, a fresh machine) they are installed; otherwise we say
# what is missing and those tests skip -- unless NEXTROUND_REQUIRE_ALL=1 (CI), where
# a missing part fails the run instead of skipping quietly.
set -euo pipefail
cd "$(dirname "$0")/.."

updated=0
missing=()

need() {  # need DEBIAN_PACKAGE COMMAND_OR_PATH
    local package=$1 probe=$2
    if command -v "$probe" >/dev/null 2>&1 || [ -e "$probe" ]; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        # another install may hold the dpkg lock (unattended upgrades, a second checkout):
        # wait for it up to five minutes instead of failing at once
        local wait=(-o DPkg::Lock::Timeout=300)
        if [ "$updated" = 0 ]; then
            echo "system-deps: apt-get update"
            if ! DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" update -qq >/dev/null; then
                echo "system-deps: apt-get update failed (is another install holding the lock?)" >&2
                exit 1
            fi
            updated=1
        fi
        echo "system-deps: installing $package"
        if ! DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq \
            --no-install-recommends "$package" >/dev/null; then
            echo "system-deps: could not install $package (apt-get failed; see above)" >&2
            exit 1
        fi
    else
        missing+=("$package")
    fi
}

shopt -s nullglob
for part in scripts/system-deps.d/*.sh; do
    # shellcheck source=/dev/null
    source "$part"
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "system-deps: not root, so not installed: ${missing[*]} (their tests will skip;"
    echo "             install them with: sudo apt-get install ${missing[*]})"
fi
