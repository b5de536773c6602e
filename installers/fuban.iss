; Inno Setup script: per-user install of the PyInstaller folder (no administrator rights needed).
; Build: iscc installers\fuban.iss  (after `pyinstaller installers/fuban.spec`)
[Setup]
AppName=府办台账
AppVersion=0.1.0
DefaultDirName={localappdata}\Programs\fuban
DefaultGroupName=府办台账
PrivilegesRequired=lowest
OutputBaseFilename=fuban-setup-0.1.0
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\fuban\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\府办台账"; Filename: "{app}\fuban.exe"
Name: "{userdesktop}\府办台账"; Filename: "{app}\fuban.exe"

[Run]
Filename: "{app}\fuban.exe"; Description: "启动府办台账"; Flags: postinstall nowait
