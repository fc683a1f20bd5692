#!/usr/bin/env bash
# Installs the Debian packages given as arguments when some are missing and we run as root;
# otherwise names what is missing so the person can install it (see README).
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Cài gói hệ thống: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống (cần cài bằng quyền quản trị): ${missing[*]}" >&2
  echo "Missing system packages (install them as root): ${missing[*]}" >&2
  exit 1
fi
