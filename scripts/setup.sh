#!/usr/bin/env bash
# Installs everything the program and its tests need on a fresh Debian machine:
# the Debian tools the tests drive for real (OpenVPN: the client profiles and connect; openssl: the connect
# test's PKI; Chromium's headless shell: the sign-in check's end-to-end test, driven over DevTools), then the
# pinned npm tree. (The XML schema checks use libxml2 compiled to WebAssembly, from npm.)
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(openvpn openssl chromium-headless-shell)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
