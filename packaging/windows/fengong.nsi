; 分工 — Windows installer (NSIS 3, built on Linux by tools/windows.sh with Debian's makensis).
;
; Why our own script and not `tauri build --bundles nsis`: Tauri's NSIS bundle downloads
; nsis_tauri_utils.dll at build time, which fails offline; MSI needs Windows to build. This script uses only
; what makensis ships with.
;
; Decisions:
; - Per user, no administrator rights (offices rarely grant them): $LOCALAPPDATA\Programs\分工, uninstall
;   entry under HKCU. Shortcuts 分工 in the Start menu and on the desktop.
; - The user's data (%LOCALAPPDATA%\cn.fengong.desktop: the database and its backups) is never removed by
;   an uninstall unless the user says so (a question defaulting to 否; /DELETEDATA when silent). A reinstall
;   or an upgrade finds it again.
; - WebView2: Windows 11 and an updated Windows 10 have it. When it is missing, an offline office cannot
;   download it during the install, so: if MicrosoftEdgeWebView2RuntimeInstallerX64.exe (Microsoft's
;   offline "standalone" installer) lies beside this setup, it is run; otherwise the user is told in
;   Chinese what to ask for. The install goes on either way (the command-line tool needs no WebView2, and
;   the program itself says the same at start).
; - WebView2Loader.dll beside the exe: a GNU-toolchain build loads it at run time.
; - No file association: the program opens no file given on its command line.
;
; Defines (makensis -D…): VERSION (x.y.z), SRC (folder with the files to install), OUT (setup file).

; A 64-bit setup, like the program: Wine without its 32-bit part (Debian's wine64) runs it, so it can be
; tested here, and a 32-bit Windows, which the program does not support anyway, refuses it itself.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
!ifdef COMPRESSOR
  SetCompressor /SOLID ${COMPRESSOR}
!endif

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z"
!endif
!ifndef SRC
  !error "makensis -DSRC=folder with fengong-desktop.exe"
!endif
!ifndef OUT
  !define OUT "分工-${VERSION}-安装程序.exe"
!endif

!define PRODUCT "分工"
!define APP_ID "cn.fengong.desktop"
!define PUBLISHER "Fengong"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_OFFLINE "MicrosoftEdgeWebView2RuntimeInstallerX64.exe"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Copyright (c) 2026 Fengong contributors"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${SRC}\fengong.ico"
!define MUI_UNICON "${SRC}\fengong.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\fengong-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动分工"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; WebView2 is installed per machine (HKLM, 32-bit view on 64-bit Windows) or per user (HKCU); "pv" is its
; version, empty or 0.0.0.0 when it was removed.
Function HasWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  StrCmp $0 "0.0.0.0" 0 +2
  StrCpy $0 ""
  Push $0
FunctionEnd

Section "分工" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SRC}\fengong-desktop.exe"
  File "${SRC}\fengong.exe"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\fengong.ico"
  File "${SRC}\说明.txt"
  File "${SRC}\LICENSE.txt"
  File "${SRC}\LICENSE-Fandol.txt"
  WriteUninstaller "$INSTDIR\卸载分工.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\fengong-desktop.exe" "" "$INSTDIR\fengong.ico" 0 \
    SW_SHOWNORMAL "" "任务分工表的保存、检索与按公文格式打印"
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\fengong-desktop.exe" "" "$INSTDIR\fengong.ico" 0 \
    SW_SHOWNORMAL "" "任务分工表的保存、检索与按公文格式打印"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\fengong.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\卸载分工.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\卸载分工.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  Call HasWebView2
  Pop $0
  ${If} $0 == ""
    ${If} ${FileExists} "$EXEDIR\${WEBVIEW2_OFFLINE}"
      DetailPrint "正在安装 Microsoft Edge WebView2 运行时……"
      ExecWait '"$EXEDIR\${WEBVIEW2_OFFLINE}" /silent /install' $1
      DetailPrint "WebView2 运行时安装程序结束（返回值 $1）"
    ${Else}
      DetailPrint "此电脑没有 Microsoft Edge WebView2 运行时"
      MessageBox MB_ICONEXCLAMATION "此电脑没有 Microsoft Edge WebView2 运行时，分工的窗口要用它显示。$\r$\n$\r$\n\
Windows 11 和已更新的 Windows 10 都带有它。不能上网的电脑：请向单位信息化部门索取微软的离线安装程序 \
${WEBVIEW2_OFFLINE}（“WebView2 运行时独立安装程序 x64”），放在本安装程序旁边，再运行一次本安装程序；\
或者直接运行它。$\r$\n$\r$\n分工已经安装好，装上 WebView2 后即可使用。" /SD IDOK
    ${EndIf}
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\fengong-desktop.exe"
  Delete "$INSTDIR\fengong.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\fengong.ico"
  Delete "$INSTDIR\说明.txt"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\LICENSE-Fandol.txt"
  Delete "$INSTDIR\卸载分工.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"

  ; The data stays unless asked: a question defaulting to 否, or /DELETEDATA on a silent uninstall.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${If} ${Errors}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除您的分工数据（任务分工表数据库及其备份）？$\r$\n$\r$\n\
选“否”则保留，重新安装后可继续使用。数据位置：$LOCALAPPDATA\${APP_ID}" /SD IDNO IDYES delete_data
    Goto done
  ${EndIf}
  delete_data:
  RMDir /r "$LOCALAPPDATA\${APP_ID}"
  done:
SectionEnd
