; 府办台账 installer (NSIS 3, Unicode). Compiles on Windows and on Linux (Debian's `nsis`):
;
;   makensis -WX -DVERSION=x.y.z -DSOURCE=..\dist\fuban -DOUTFILE=..\dist\fuban-setup-x.y.z.exe fuban.nsi
;
; installers/build.py passes these from the package version and the PyInstaller folder.
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\fuban, the
; uninstall entry to HKCU. The clerk's data is never in the program folder: the database, backups,
; logs and settings are in %LOCALAPPDATA%\fuban, which installing, upgrading and uninstalling
; leave alone.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined: makensis -DVERSION=x.y.z (installers/build.py does it)"
!endif
!ifndef SOURCE
  !define SOURCE "..\dist\fuban"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\fuban-setup-${VERSION}.exe"
!endif
; The version resource wants four numbers.
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif

!define APPNAME "府办台账"
!define APPKEY "fuban"
!define PUBLISHER "市人民政府办公室"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
; Windows 10 1809 (build 17763): the oldest Windows that Qt 6 (PySide6) and Python 3.11 run on.
!define MIN_BUILD 17763

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "..\resources\icons\fuban.ico"
!define MUI_UNICON "..\resources\icons\fuban.ico"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "安装${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本程序将在这台电脑上为当前用户安装${APPNAME}（会议、公文、用印、外出报备和督办台账），不需要管理员权限。$\r$\n$\r$\n如已安装旧版本，将直接升级：台账数据、备份和设置保留不动。$\r$\n$\r$\n安装前请先关闭正在运行的${APPNAME}。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES

; The last page: run the self-test (checked), or open the program.
!define MUI_FINISHPAGE_TITLE "${APPNAME}已安装"
!define MUI_FINISHPAGE_TEXT "建议先运行一次自检：检查本机的打印字体、打印机和数据库，结果显示在命令行窗口中，并写入日志。"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "运行自检（检查字体、打印机和数据库）"
!define MUI_FINISHPAGE_RUN_FUNCTION RunSelfTest
!define MUI_FINISHPAGE_SHOWREADME
!define MUI_FINISHPAGE_SHOWREADME_TEXT "打开${APPNAME}"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION StartProgram
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME}需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n$\r$\n这台电脑是 32 位 Windows，无法安装。请联系技术人员更换电脑或升级系统。" /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME}需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n$\r$\n这台电脑的 Windows 版本过旧（如 Windows 7、8 或早期的 Windows 10），无法安装。请联系技术人员升级系统。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; The old version's program files go before the new ones are copied: files a newer version no
; longer ships (an old Qt library, a removed module) must not stay behind to be loaded.
Function RemoveOldProgram
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\fuban.exe"
    Delete "$INSTDIR\fuban.exe"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPNAME}正在运行，无法升级。$\r$\n请关闭${APPNAME}的窗口后点「重试」。" /SD IDCANCEL IDRETRY retry
      Abort "${APPNAME}正在运行，安装已取消。"
    ${EndIf}
  ${EndIf}
  Delete "$INSTDIR\fuban-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir /r "$INSTDIR\_internal"
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call RemoveOldProgram
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts start in 文档 (Documents): a file the clerk saves or opens lands there first.
  SetOutPath "$DOCUMENTS"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\fuban.exe" "" "$INSTDIR\fuban.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\fuban.exe" "" "$INSTDIR\fuban.exe" 0
  SetOutPath "$INSTDIR"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\fuban.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Function RunSelfTest
  ; cmd /k keeps the window open so the technician can read the report.
  SetOutPath "$DOCUMENTS"
  Exec '"$SYSDIR\cmd.exe" /k ""$INSTDIR\fuban-cli.exe" --self-test"'
FunctionEnd

Function StartProgram
  SetOutPath "$DOCUMENTS"
  Exec '"$INSTDIR\fuban.exe"'
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\fuban.exe"
  Delete "$INSTDIR\fuban-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  ; The data stays: say where, so that nobody thinks the records went with the program.
  MessageBox MB_OK|MB_ICONINFORMATION "${APPNAME}已卸载。台账数据没有删除：$\r$\n$\r$\n数据库（默认位置）：$LOCALAPPDATA\${APPKEY}\fuban.db$\r$\n自动备份：$LOCALAPPDATA\${APPKEY}\backups$\r$\n设置和日志：$LOCALAPPDATA\${APPKEY}$\r$\n$\r$\n重新安装后可继续使用。确实不再需要时，请先把数据库和备份交档案或另行保存，再删除该文件夹。" /SD IDOK
SectionEnd
