; Inno Setup 6 script: the Windows installer of Shebao Desk, from the bundle that
; packaging\build-windows.ps1 builds in dist\shebao-desk\ (it also runs this script):
;
;     ISCC.exe /DAppVersion=0.1.0 packaging\windows\shebao-desk.iss
;
; -> dist\shebao-desk-<version>-setup.exe. Installs per user (no administrator needed) or
; for all users; Start menu entry, optional desktop icon, optional service-center mode
; (the shortcuts start the app with --kiosk). Uninstalling leaves the cases in
; %APPDATA%\ShebaoDesk: they are people's records, removed only on purpose (README).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Bundle "..\..\dist\shebao-desk"

[Setup]
AppId={{6C4E2A7B-3F1D-4B8E-9A52-5D7C1E0F8B34}
AppName=Shebao Desk
AppVersion={#AppVersion}
AppPublisher=Shebao Desk
DefaultDirName={autopf}\Shebao Desk
DefaultGroupName=Shebao Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=shebao-desk-{#AppVersion}-setup
SetupIconFile=shebao-desk.ico
UninstallDisplayIcon={app}\shebao-desk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
en.KioskTask=Service-center mode: keep nothing after closing (shared PCs)
zh.KioskTask=服务大厅模式：关闭后不保留任何数据（公用电脑）

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "kiosk"; Description: "{cm:KioskTask}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Shebao Desk"; Filename: "{app}\shebao-desk.exe"; Tasks: not kiosk
Name: "{group}\Shebao Desk"; Filename: "{app}\shebao-desk.exe"; Parameters: "--kiosk"; Tasks: kiosk
Name: "{autodesktop}\Shebao Desk"; Filename: "{app}\shebao-desk.exe"; Tasks: desktopicon and not kiosk
Name: "{autodesktop}\Shebao Desk"; Filename: "{app}\shebao-desk.exe"; Parameters: "--kiosk"; Tasks: desktopicon and kiosk

[Run]
Filename: "{app}\shebao-desk.exe"; Description: "{cm:LaunchProgram,Shebao Desk}"; Flags: nowait postinstall skipifsilent
