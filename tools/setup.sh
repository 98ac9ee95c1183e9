#!/usr/bin/env bash
# Installs what Fengong needs to build, run and test on a fresh Debian/Ubuntu machine. Safe to re-run:
# it installs only what is missing. Needs root or sudo for apt, a Rust toolchain (rustup) and Node.js ≥ 20.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PKGS=(
  # building the core (bundled SQLite is C) and the Tauri shell
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  # running the real window headless and driving it over WebDriver
  xvfb xauth dbus-daemon dbus-x11 at-spi2-core webkit2gtk-driver
  # checking real PDFs: pdffonts, pdftotext, pdftoppm, pdfinfo; qpdf --check; screenshots
  poppler-utils qpdf imagemagick
  # opening a produced PDF (opener plugin; xdg-open needs `file` to tell a PDF) and a CJK fallback face
  xdg-utils file fonts-noto-cjk
  # the export tests open the Word/Excel files in LibreOffice and check every printed page
  libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito
  # xmllint: the Word export is validated against the ECMA-376 schemas kept in schemas/
  libxml2-utils
  # the Windows stage (tools/windows.sh): cross-linker, Wine to run the programs, makensis for the
  # installer, a Chinese locale so that Wine runs in code page 936, Python's zipfile for the portable zip
  gcc-mingw-w64-x86-64 wine wine64 nsis locales python3
)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "需要 Rust 工具链：请先按 https://rustup.rs 安装 rustup" >&2; exit 1; }
# The formatting and lint gates in tools/test.sh need rustfmt and clippy (rustup's minimal profile lacks them).
if command -v rustup >/dev/null; then
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
fi
# Cross-compiling for Windows (the standard library for the target).
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  rustup target add x86_64-pc-windows-gnu
fi
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
  echo "== locale zh_CN.UTF-8"
  $SUDO sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
command -v npm >/dev/null || { echo "需要 Node.js 20 或更新版本（含 npm）" >&2; exit 1; }

# WebDriver bridge for end-to-end tests of the real window.
if ! command -v tauri-driver >/dev/null; then
  echo "== cargo install tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi

# The web UI's packages (exact versions from package-lock.json).
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "== npm ci (ui)"
  (cd ui && npm ci --no-audit --no-fund)
fi
