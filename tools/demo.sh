#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs Fengong's main job on the built-in sample: the
# 广东自贸试验区第八批 annex is imported into a demo database, shown as text, printed to
# fengong-sample.pdf in the official format, and — when a display is available — opened in the desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh

DB="${FENGONG_DEMO_DB:-$PWD/target/demo/fengong-demo.db}"
mkdir -p "$(dirname "$DB")"
rm -f "$DB" "$DB-wal" "$DB-shm"

cargo build --release --locked --bin fengong
# The build directory cargo used (CARGO_TARGET_DIR when set, as in a shared build folder).
FG="${CARGO_TARGET_DIR:-target}/release/fengong"
"$FG" --db "$DB" sample
"$FG" --db "$DB" show 1
"$FG" --db "$DB" search 税务局
"$FG" --db "$DB" render 1 -o fengong-sample.pdf
echo "已生成 fengong-sample.pdf（$(pdfinfo fengong-sample.pdf | awk '/^Pages:/ {print $2}') 页）"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "== 启动桌面程序"
  (cd ui && npm run build)
  FENGONG_DB="$DB" cargo run --release --locked -p fengong-desktop --features tauri/custom-protocol
else
  echo "（没有图形显示，未启动桌面程序；在桌面环境中运行本脚本即可打开窗口。）"
fi
