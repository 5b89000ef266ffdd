#!/usr/bin/env bash
# Install the Debian packages named on the command line if any is missing.
# As root this runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "run as root:  apt-get update && apt-get install -y ${missing[*]}"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
