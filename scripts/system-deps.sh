#!/usr/bin/env bash
# Installs the Debian packages that some tests and features use, when they are missing:
# docker-compose (checks docker-compose.yml), chromium + chromium-driver (explorer test,
# report screenshots and PDF), poppler-utils (PDF pages to PNG).
# Needs root and apt-get; otherwise it says what is missing and leaves it to you.
set -euo pipefail
missing=()
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "optional system packages missing (tests that need them will skip): ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
fi
