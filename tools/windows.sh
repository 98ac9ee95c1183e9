#!/usr/bin/env bash
# The Windows stage of the test command (tools/test.sh calls it last; it can also run alone).
#
# 1. Clones the repository with core.symlinks=false (what Git for Windows does by default) and builds
#    both programs for x86_64-pc-windows-gnu from that clone, through `npm run tauri -- build`, the
#    command the README gives for Windows.
# 2. Runs a smoke suite of the CLI under Wine, in Chinese (code page 936), in a throw-away Wine prefix:
#    the sample, imports of its Word, Excel and GBK files, render, sheets, exports, a Chinese path with
#    spaces, the default database folder (%LOCALAPPDATA%) and the one-time move from Roaming, a database on
#    a network drive (no WAL), redirected output in GBK, a closed pipe, and the desktop's Chinese message
#    when WebView2 is missing.
# 3. Builds the installer (packaging/windows/fengong.nsi, Debian's makensis) and the portable zip, and
#    installs and uninstalls under Wine: files, shortcuts, uninstall entry, data kept unless asked.
#
# The cross-build uses the `wintest` profile (Cargo.toml: quick to compile, slow to run) so the whole test
# command stays within an hour on two cores; FENGONG_WIN_PROFILE=release makes the real release files, and
# FENGONG_WIN_OUT=folder keeps the installer and zip (they are otherwise thrown away with the temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=x86_64-pc-windows-gnu
PROFILE=${FENGONG_WIN_PROFILE:-wintest}
VERSION=$(python3 -c 'import json,sys; print(json.load(open("src-tauri/tauri.conf.json"))["version"])')
CARGO_VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[ "$VERSION" = "$CARGO_VERSION" ] || { echo "tauri.conf.json 的版本 $VERSION 与 Cargo.toml 的 $CARGO_VERSION 不一致" >&2; exit 1; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc

WORK=$(mktemp -d /tmp/fengong-windows.XXXXXX)
export WINEPREFIX=$WORK/prefix WINEDEBUG=-all
# No menu entries in the real desktop, no Mono or Gecko download prompts.
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
# Chinese Windows: ANSI and OEM code page 936.
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
cleanup() {
  wineserver -k 2>/dev/null || true
  if [ -n "${FENGONG_WIN_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Wine links the prefix's Desktop and Documents to the folders in $HOME: give it a home of its own, so that
# no shortcut lands on the real desktop (rustup and cargo still need the real one).
mkdir -p "$WORK/home"
wine() { HOME=$WORK/home command wine "$@"; }
wineboot() { HOME=$WORK/home command wineboot "$@"; }
fail() { echo "失败：$*" >&2; exit 1; }
step() { echo "== windows: $*"; }

step "clone with core.symlinks=false (tracked files as they are in the work tree)"
# `git stash create` makes a commit of the work tree's tracked changes without touching the work tree, so
# the stage tests what is being worked on; on a clean checkout (CI) it prints nothing and HEAD is used.
rev=$(git stash create)
rev=${rev:-$(git rev-parse HEAD)}
git clone -q --no-checkout -c core.symlinks=false "$ROOT" "$WORK/clone"
git push -q "$WORK/clone" "$rev:refs/heads/under-test"
git -C "$WORK/clone" -c core.symlinks=false checkout -q under-test
# The UI's packages as `npm ci` installed them here (hard links: seconds instead of a minute).
cp -al ui/node_modules "$WORK/clone/ui/node_modules"

step "cross-build the desktop and the CLI with npm run tauri -- build ($PROFILE)"
start=$SECONDS
# Warnings are errors here too: clippy in tools/test.sh sees only the Linux side of #[cfg(windows)] code.
built() {
  if ! "$@" >"$WORK/build.log" 2>&1; then tail -40 "$WORK/build.log" >&2; fail "交叉编译失败"; fi
  if grep -n "^warning" "$WORK/build.log" | grep -v "ui/dist"; then fail "交叉编译有警告（见上）"; fi
}
# Both programs in one cargo run (`-p` twice), so that the CLI is built with the same dependency features
# as the desktop and nothing is compiled twice.
built bash -c "cd '$WORK/clone/ui' && npm run --silent tauri -- build --no-bundle --ci --target $TARGET \
  -- --profile '$PROFILE' --locked -p fengong-desktop -p fengong"
echo "   cross-build: $((SECONDS - start)) s"
BIN=$CARGO_TARGET_DIR/$TARGET/$PROFILE
for f in fengong.exe fengong-desktop.exe WebView2Loader.dll; do [ -f "$BIN/$f" ] || fail "没有生成 $BIN/$f"; done

step "Wine prefix (zh_CN), with the test-only bcryptprimitives.dll"
wineboot -i >/dev/null 2>&1
wineserver -w
SYS32=$WINEPREFIX/drive_c/windows/system32
x86_64-w64-mingw32-gcc -O2 -shared -o "$SYS32/bcryptprimitives.dll" \
  packaging/windows/wine-test-only/bcryptprimitives.c packaging/windows/wine-test-only/bcryptprimitives.def -ladvapi32
WUSER=$(ls "$WINEPREFIX/drive_c/users" | grep -v -x Public | head -1)
LOCAL="$WINEPREFIX/drive_c/users/$WUSER/AppData/Local"
ROAMING="$WINEPREFIX/drive_c/users/$WUSER/AppData/Roaming"
mkdir -p "$WORK/run"
cp "$BIN/fengong.exe" "$WORK/run/"
fg() { (cd "$WORK/run" && wine fengong.exe "$@"); }

step "CLI: version and help in Chinese"
fg --version | grep -q "fengong $VERSION" || fail "fengong.exe --version"
fg --help | iconv -f GBK -t UTF-8 | grep -q "任务分工表" || fail "fengong.exe --help 的中文（GBK）"

step "CLI: an old database in Roaming %APPDATA% is copied to %LOCALAPPDATA% once and kept"
fg --db 'C:\users\'"$WUSER"'\AppData\Roaming\cn.fengong.desktop\fengong.db' sample >/dev/null
[ -f "$ROAMING/cn.fengong.desktop/fengong.db" ] || fail "Roaming 中没有旧数据库"
old_sum=$(sha256sum <"$ROAMING/cn.fengong.desktop/fengong.db")
fg --encoding utf-8 list >"$WORK/list.txt" 2>"$WORK/moved.txt"
grep -q "移到本机" "$WORK/moved.txt" || fail "没有说明数据库已移动：$(cat "$WORK/moved.txt")"
[ -f "$LOCAL/cn.fengong.desktop/fengong.db" ] || fail "%LOCALAPPDATA% 中没有数据库"
[ "$(sha256sum <"$ROAMING/cn.fengong.desktop/fengong.db")" = "$old_sum" ] || fail "旧数据库被改动了"
[ -f "$ROAMING/cn.fengong.desktop/分工数据库已移到本机-说明.txt" ] || fail "旧位置没有说明文件"
grep -q "广东自贸试验区第八批" "$WORK/list.txt" || fail "移动后的数据库没有示例文档"
fg --encoding utf-8 list 2>"$WORK/again.txt" >/dev/null
[ ! -s "$WORK/again.txt" ] || fail "第二次启动又移动了数据库：$(cat "$WORK/again.txt")"

step "CLI: redirected output in the console's code page (GBK), UTF-8 when asked, a closed pipe"
fg list >"$WORK/list-gbk.txt"
iconv -f UTF-8 -t UTF-8 "$WORK/list-gbk.txt" >/dev/null 2>&1 && fail "重定向输出仍是 UTF-8"
iconv -f GBK -t UTF-8 "$WORK/list-gbk.txt" | grep -q "广东自贸试验区第八批" || fail "重定向输出不是 GBK"
fg --encoding utf-8 units | grep -q "深圳市税务局" || fail "--encoding utf-8"
fg --encoding utf-8 units 2>"$WORK/pipe.txt" | head -1 >/dev/null
! grep -q "错误" "$WORK/pipe.txt" || fail "管道关闭时报错：$(cat "$WORK/pipe.txt")"

step "CLI: a database on a mapped network drive is opened without WAL, and the user is told"
# N: as Wine's own network drive type: GetDriveTypeW says DRIVE_REMOTE, as for a mapped share.
mkdir -p "$WORK/share"
ln -s "$WORK/share" "$WINEPREFIX/dosdevices/n:"
wine reg add 'HKLM\Software\Wine\Drives' /v 'n:' /d network /f >/dev/null
wineserver -k 2>/dev/null || true
fg --encoding utf-8 --db 'N:\分工.db' sample 2>"$WORK/network.txt" >/dev/null
grep -q "在网络位置上" "$WORK/network.txt" || fail "网络盘上的数据库没有提示：$(cat "$WORK/network.txt")"
# SQLite's header bytes 18 and 19: 1 = rollback journal, 2 = WAL.
[ "$(od -An -tu1 -j18 -N2 "$WORK/share/分工.db" | tr -s ' ')" = " 1 1" ] || fail "网络盘上的数据库仍用 WAL"
[ "$(od -An -tu1 -j18 -N2 "$LOCAL/cn.fengong.desktop/fengong.db" | tr -s ' ')" = " 2 2" ] || fail "本机数据库没有用 WAL"

step "CLI: exports, render and sheets into a Chinese folder with spaces"
OUTDIR="$WINEPREFIX/drive_c/分工 测试"
mkdir -p "$OUTDIR"
W='C:\分工 测试'
for ext in docx xlsx csv; do fg export 1 -o "$W\附件 一.$ext" >/dev/null; done
fg render 1 -o "$W\附件 一.pdf" >/dev/null
fg sheets --all -o "$W\各单位" >/dev/null
pdfinfo "$OUTDIR/附件 一.pdf" | grep -q "^Pages: *[1-9]" || fail "PDF 无效"
pdffonts "$OUTDIR/附件 一.pdf" | grep -q "Fandol\|Song\|Fang" || fail "PDF 没有嵌入字体"
qpdf --check "$OUTDIR/附件 一.pdf" >/dev/null || fail "qpdf --check"
[ "$(ls "$OUTDIR/各单位" | grep -c '\.pdf$')" -ge 5 ] || fail "各单位清单太少"

step "CLI: imports of the Word, Excel and GBK files into a database in a Chinese path"
sed '1s/^\xef\xbb\xbf//' "$OUTDIR/附件 一.csv" | iconv -f UTF-8 -t GBK >"$OUTDIR/附件 GBK.csv"
iconv -f UTF-8 -t GBK samples/gd-ftz-batch8.txt >"$OUTDIR/示例 GBK.txt"
for f in "附件 一.docx" "附件 一.xlsx" "附件 GBK.csv" "示例 GBK.txt"; do
  fg --db "$W\库 一.db" import "$W\\$f" --again >"$WORK/import.txt" 2>&1 || fail "导入 $f：$(iconv -f GBK -t UTF-8 "$WORK/import.txt")"
done
fg --db "$W\库 一.db" --encoding utf-8 list >"$WORK/imported.txt"
# Four documents of 20 items each (a CSV carries no title: that one is named after its file).
[ "$(awk -F'\t' 'NR > 1 && $2 == 20' "$WORK/imported.txt" | wc -l)" = 4 ] || fail "导入后的文档：$(cat "$WORK/imported.txt")"
fg --db "$W\库 一.db" --encoding utf-8 search 深圳市税务局 | grep -q "深圳" || fail "检索"

step "desktop: a Chinese message and exit code 3 when WebView2 is missing"
cp "$BIN/fengong-desktop.exe" "$BIN/WebView2Loader.dll" "$WORK/run/"
set +e
(cd "$WORK/run" && DISPLAY= timeout 120 wine fengong-desktop.exe) >"$WORK/desktop.out" 2>"$WORK/desktop.err"
code=$?
set -e
[ "$code" = 3 ] || fail "fengong-desktop.exe 退出码 $code（应为 3）：$(head -c 600 "$WORK/desktop.err")"
iconv -f GBK -t UTF-8 "$WORK/desktop.err" 2>/dev/null | grep -q "WebView2" ||
  grep -q "WebView2" "$WORK/desktop.err" || fail "没有说明缺少 WebView2"

step "package: installer (makensis) and portable zip"
STAGE=$WORK/stage
mkdir -p "$STAGE"
cp "$BIN/fengong.exe" "$BIN/fengong-desktop.exe" "$BIN/WebView2Loader.dll" "$STAGE/"
cp icons/icon.ico "$STAGE/fengong.ico"
crlf_bom() { printf '\xef\xbb\xbf'; sed 's/$/\r/'; }
sed "s/{VERSION}/$VERSION/" packaging/windows/readme.txt | crlf_bom >"$STAGE/说明.txt"
crlf_bom <LICENSE >"$STAGE/LICENSE.txt"
crlf_bom <fonts/LICENSE-Fandol.txt >"$STAGE/LICENSE-Fandol.txt"
OUT=${FENGONG_WIN_OUT:-$WORK/out}
mkdir -p "$OUT"
SETUP="$OUT/分工-$VERSION-安装程序.exe"
ZIP="$OUT/分工-$VERSION-免安装版.zip"
# zlib for the test profile: a tenth of lzma's time; releases (FENGONG_WIN_PROFILE=release) get lzma.
compressor=zlib
[ "$PROFILE" = release ] && compressor=lzma
start=$SECONDS
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSRC="$STAGE" -DOUT="$SETUP" -DCOMPRESSOR=$compressor \
  packaging/windows/fengong.nsi
echo "   makensis ($compressor): $((SECONDS - start)) s, $(du -m "$SETUP" | cut -f1) MB"
# Python's zipfile marks non-ASCII names as UTF-8 (flag bit 11), which Windows Explorer reads; Info-ZIP
# writes them so that Explorer on Chinese Windows shows mojibake.
python3 - "$STAGE" "$ZIP" "分工-$VERSION" <<'EOF'
import os, sys, zipfile
stage, out, folder = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(stage)):
        z.write(os.path.join(stage, name), f"{folder}/{name}")
EOF
python3 - "$ZIP" <<'EOF' || fail "zip 内容"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = {i.filename.split("/", 1)[1]: i for i in z.infolist()}
need = {"fengong-desktop.exe", "fengong.exe", "WebView2Loader.dll", "说明.txt", "LICENSE.txt", "LICENSE-Fandol.txt"}
assert need <= names.keys(), names.keys()
assert names["说明.txt"].flag_bits & 0x800, "UTF-8 flag"
assert z.read(names["说明.txt"]).startswith("\ufeff".encode()), "BOM"
assert z.testzip() is None
EOF

step "installer under Wine: silent install, WebView2 offline installer run when missing"
# A stand-in for Microsoft's offline WebView2 installer beside the setup: it records how it was started.
cat >"$WORK/wv2.c" <<'EOF'
#include <stdio.h>
#include <windows.h>
int main(void) {
    FILE *f = fopen("C:\\wv2-ran.txt", "w");
    if (!f) return 1;
    fputs(GetCommandLineA(), f);
    fclose(f);
    return 0;
}
EOF
x86_64-w64-mingw32-gcc -O2 -o "$OUT/MicrosoftEdgeWebView2RuntimeInstallerX64.exe" "$WORK/wv2.c"
PROGS="$LOCAL/Programs/分工"
install() { (cd "$OUT" && wine "$(basename "$SETUP")" /S); wineserver -w; }
install
for f in fengong-desktop.exe fengong.exe WebView2Loader.dll 说明.txt 卸载分工.exe; do
  [ -f "$PROGS/$f" ] || fail "安装后没有 $f"
done
START="$ROAMING/Microsoft/Windows/Start Menu/Programs/分工.lnk"
[ -f "$START" ] || fail "开始菜单没有“分工”快捷方式"
# (Wine's Desktop folder is a link to its $HOME.)
desktop_lnk="$WINEPREFIX/drive_c/users/$WUSER/Desktop/分工.lnk"
[ -f "$desktop_lnk" ] || fail "桌面没有“分工”快捷方式"
grep -q "/silent /install" "$WINEPREFIX/drive_c/wv2-ran.txt" || fail "没有运行旁边的 WebView2 离线安装程序"
KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.fengong.desktop'
wine reg query "$KEY" /v DisplayVersion | grep -q "$VERSION" || fail "卸载信息没有版本"
wine "C:\\users\\$WUSER\\AppData\\Local\\Programs\\分工\\fengong.exe" --encoding utf-8 list |
  grep -q "广东自贸试验区第八批" || fail "安装的 fengong.exe 读不到数据库"

step "uninstall under Wine: the program goes, the data stays; /DELETEDATA removes it"
uninstall() { (cd "$WORK" && wine "C:\\users\\$WUSER\\AppData\\Local\\Programs\\分工\\卸载分工.exe" /S "$@"); wineserver -w; }
uninstall
[ ! -e "$PROGS" ] || fail "卸载后还有 $(ls "$PROGS")"
[ ! -e "$START" ] && [ ! -e "$desktop_lnk" ] || fail "卸载后快捷方式还在"
! wine reg query "$KEY" >/dev/null 2>&1 || fail "卸载后卸载信息还在"
[ -f "$LOCAL/cn.fengong.desktop/fengong.db" ] || fail "卸载删掉了数据库"
install
uninstall /DELETEDATA
[ ! -e "$LOCAL/cn.fengong.desktop" ] || fail "/DELETEDATA 没有删除数据"

echo "== windows: all checks passed (installer $(du -m "$SETUP" | cut -f1) MB, zip $(du -m "$ZIP" | cut -f1) MB)"
