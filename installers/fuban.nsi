; 府办台账 installer (NSIS 3, Unicode). Compiles on Windows and on Linux (Debian's `nsis`):
;
;   makensis -WX -DVERSION=x.y.z -DSOURCE=..\dist\fuban -DOUTFILE=..\dist\fuban-setup-x.y.z.exe fuban.nsi
;
; installers/build.py passes these from the package version and the PyInstaller folder.
;
; Per user by default, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\fuban,
; the shortcuts to the user's Start menu and desktop, the uninstall entry to HKCU. A page offers
; 「为本机所有用户安装（需要管理员权限）」 instead: %ProgramFiles%\fuban, the shortcuts for every
; user, the uninstall entry in HKLM; the installer then starts itself again with administrator
; rights (Windows asks for them: a technician can type an administrator's password over the
; clerk's account) and carries on there. The installer runs as a user (RequestExecutionLevel
; user) so that the usual install asks for nothing; NSIS's MultiUser.nsh would ask every
; administrator for elevation up front (it needs MULTIUSER_EXECUTIONLEVEL Highest).
;
; Command line (the IT person's silent installs): /S for this user; /S /ALLUSERS for every user
; (from an administrator's prompt); /CURRENTUSER to choose this user without the page.
;
; The clerk's data is never in the program folder: the database, backups, logs and settings are
; in each user's %LOCALAPPDATA%\fuban, which installing, upgrading and uninstalling leave alone.

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
!include "nsDialogs.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
; Set in .onInit by the install mode (SetMode): this user's or every user's program folder.
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"

Var AllUsers  ; 1: for every user of this PC (Program Files, HKLM); 0: for this user (HKCU)
Var ModeGiven  ; 1: /ALLUSERS or /CURRENTUSER on the command line (no page asks)
Var ModeCurrentUser  ; the page's two choices
Var ModeAllUsers
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
!define MUI_WELCOMEPAGE_TEXT "本程序将在这台电脑上安装${APPNAME}（会议、公文、用印、外出报备和督办台账）。默认只为当前用户安装，不需要管理员权限。$\r$\n$\r$\n如已安装旧版本，将直接升级：台账数据、备份和设置保留不动。$\r$\n$\r$\n安装前请先关闭正在运行的${APPNAME}。"
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenModeGiven
!insertmacro MUI_PAGE_WELCOME
Page custom InstallModePage InstallModeLeave
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

; $0 = 1 when this process has administrator rights (an elevated token: UAC's filtered token of an
; administrator who did not confirm counts as a user).
!macro IS_ADMIN UN
Function ${UN}IsAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    StrCpy $0 1
  ${Else}
    StrCpy $0 0
  ${EndIf}
FunctionEnd
!macroend
!insertmacro IS_ADMIN ""
!insertmacro IS_ADMIN "un."

; The mode's context: the shortcuts' folders ($SMPROGRAMS, $DESKTOP) and the registry root SHCTX
; follow SetShellVarContext (all: every user's, HKLM; current: this user's, HKCU).
Function SetMode
  ${If} $AllUsers == 1
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${APPKEY}"
  ${Else}
    SetShellVarContext current
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APPKEY}"
  ${EndIf}
  ; An upgrade goes where the earlier version of the same mode is.
  ReadRegStr $0 SHCTX "${UNINSTKEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

; Starts this installer again with administrator rights, for all users (Windows asks for them);
; the error flag is set when they were not given (the prompt cancelled).
Function RunElevated
  ClearErrors
  ExecShell "runas" "$EXEPATH" "/ALLUSERS"
FunctionEnd

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
  SetRegView 64  ; the uninstall entry of a 64-bit program, in HKLM's 64-bit view

  ; The mode: an earlier installation for all users (and none for this user) is upgraded as
  ; such; the command line decides over that; otherwise this user.
  StrCpy $AllUsers 0
  StrCpy $ModeGiven 0
  ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
  ReadRegStr $1 HKCU "${UNINSTKEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $1 == ""
    StrCpy $AllUsers 1
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
    StrCpy $ModeGiven 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/CURRENTUSER" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 0
    StrCpy $ModeGiven 1
  ${EndIf}
  ${If} $ModeGiven == 1
  ${AndIf} $AllUsers == 1
    Call IsAdmin
    ${If} $0 != 1
      ${If} ${Silent}
        ; A silent install for all users is run from an administrator's prompt.
        SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
        MessageBox MB_OK|MB_ICONSTOP "为本机所有用户安装需要管理员权限：请在以管理员身份运行的命令提示符中执行安装程序。" /SD IDOK
        Abort
      ${EndIf}
      Call RunElevated
      ${IfNot} ${Errors}
        Quit  ; the installer with administrator rights carries on
      ${EndIf}
      StrCpy $AllUsers 0  ; not given: this user, on the page
      StrCpy $ModeGiven 0
    ${EndIf}
  ${EndIf}
  Call SetMode
FunctionEnd

Function SkipWhenModeGiven
  ${If} $ModeGiven == 1
    Abort  ; started again with administrator rights: the clerk has read the welcome already
  ${EndIf}
FunctionEnd

Function InstallModePage
  ${If} $ModeGiven == 1
    Abort
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "选择安装方式" "为谁安装${APPNAME}？"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 24u "台账数据总是保存在每位用户自己的文件夹中（%LOCALAPPDATA%\${APPKEY}），与安装方式无关。"
  Pop $0
  ${NSD_CreateRadioButton} 0 34u 100% 12u "仅为我安装（推荐，不需要管理员权限）"
  Pop $ModeCurrentUser
  ${NSD_CreateLabel} 12u 47u -12u 20u "安装到 %LOCALAPPDATA%\Programs\${APPKEY}，快捷方式只出现在当前用户的开始菜单和桌面上。"
  Pop $0
  ${NSD_CreateRadioButton} 0 74u 100% 12u "为本机所有用户安装（需要管理员权限）"
  Pop $ModeAllUsers
  ${NSD_CreateLabel} 12u 87u -12u 28u "安装到 Program Files，每位用户的开始菜单和桌面上都有快捷方式。点「下一步」后 Windows 会要求管理员确认或输入管理员密码。"
  Pop $0
  ${If} $AllUsers == 1
    ${NSD_Check} $ModeAllUsers
  ${Else}
    ${NSD_Check} $ModeCurrentUser
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function InstallModeLeave
  ${NSD_GetState} $ModeAllUsers $1
  ${If} $1 == ${BST_CHECKED}
    Call IsAdmin
    ${If} $0 != 1
      Call RunElevated
      ${If} ${Errors}
        MessageBox MB_OK|MB_ICONEXCLAMATION "没有取得管理员权限，无法为本机所有用户安装。$\r$\n可以选择「仅为我安装」，或请技术人员输入管理员密码后再试。"
        Abort  ; stay on the page
      ${EndIf}
      Quit  ; the installer with administrator rights carries on
    ${EndIf}
    StrCpy $AllUsers 1
  ${Else}
    StrCpy $AllUsers 0
  ${EndIf}
  Call SetMode
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

  ; Shortcuts (this user's, or every user's: SetMode's context) start in 文档 (Documents): a
  ; file the clerk saves or opens lands there first. A shortcut for every user cannot name each
  ; user's 文档, so it names no folder; the program opens 文档 for exports and saved PDFs itself.
  ${If} $AllUsers == 1
    StrCpy $OUTDIR ""
  ${Else}
    SetOutPath "$DOCUMENTS"
  ${EndIf}
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\fuban.exe" "" "$INSTDIR\fuban.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\fuban.exe" "" "$INSTDIR\fuban.exe" 0
  SetOutPath "$INSTDIR"

  ; SHCTX: HKLM for all users, HKCU for this user (SetMode's context).
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\fuban.exe"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  ${If} $AllUsers == 1
    WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /ALLUSERS'
    WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /ALLUSERS /S'
  ${Else}
    WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  ${EndIf}
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Function RunSelfTest
  ; cmd /k keeps the window open so the technician can read the report.
  ${If} $AllUsers == 0
    SetOutPath "$DOCUMENTS"
  ${EndIf}
  Exec '"$SYSDIR\cmd.exe" /k ""$INSTDIR\fuban-cli.exe" --self-test"'
FunctionEnd

Function StartProgram
  ${If} $AllUsers == 1
    ; This installer has administrator rights (perhaps another account's): the program starts
    ; through the desktop (Explorer), as the clerk who is signed in, not as the administrator.
    Exec '"$WINDIR\explorer.exe" "$INSTDIR\fuban.exe"'
  ${Else}
    SetOutPath "$DOCUMENTS"
    Exec '"$INSTDIR\fuban.exe"'
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  ; Installed for all users (the entry in HKLM names this folder): every user's shortcuts and
  ; HKLM's entry go, which needs administrator rights; the uninstaller asks for them by starting
  ; itself again (in place: _?= keeps it from copying itself to the temporary folder).
  StrCpy $AllUsers 0
  ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
  ${If} $0 == $INSTDIR
    StrCpy $AllUsers 1
    SetShellVarContext all
    Call un.IsAdmin
    ${If} $0 != 1
      ${If} ${Silent}
        SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
        Abort
      ${EndIf}
      ClearErrors
      ExecShell "runas" "$EXEPATH" "/ALLUSERS _?=$INSTDIR"
      ${If} ${Errors}
        MessageBox MB_OK|MB_ICONEXCLAMATION "${APPNAME}是为本机所有用户安装的，卸载需要管理员权限。"
      ${EndIf}
      Quit
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\fuban.exe"
  Delete "$INSTDIR\fuban-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  ; The data stays: say where, so that nobody thinks the records went with the program.
  ${If} $AllUsers == 1
    ; The administrator's $LOCALAPPDATA is not the clerks': name the folder as each user has it.
    StrCpy $0 "%LOCALAPPDATA%\${APPKEY}"
  ${Else}
    StrCpy $0 "$LOCALAPPDATA\${APPKEY}"
  ${EndIf}
  MessageBox MB_OK|MB_ICONINFORMATION "${APPNAME}已卸载。台账数据没有删除：$\r$\n$\r$\n数据库（默认位置）：$0\fuban.db$\r$\n自动备份：$0\backups$\r$\n设置和日志：$0$\r$\n$\r$\n重新安装后可继续使用。确实不再需要时，请先把数据库和备份交档案或另行保存，再删除该文件夹。" /SD IDOK
SectionEnd
