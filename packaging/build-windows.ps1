# Build the Windows bundle and installer from a clean clone, in one command (PowerShell):
#
#     powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
#
# Needs Python >= 3.11 (x64) as `py -3.11` or on PATH, and for the installer Inno Setup 6
# (ISCC.exe on PATH or in its default folder). Makes its own virtual environment
# (build\venv-bundle), installs the project, PyInstaller and PySide6-Addons (QtPdf, same
# version as PySide6-Essentials), builds dist\shebao-desk\ (shebao-desk.exe, shebao.exe,
# _internal\), runs the bundle's self-test, then compiles
# dist\shebao-desk-<version>-setup.exe from packaging\windows\shebao-desk.iss.
# Not built in CI (Linux only): kept in step with build-linux.sh by hand.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$start = Get-Date
$venv = "build\venv-bundle"

if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
if (Test-Path dist\shebao-desk) { Remove-Item -Recurse -Force dist\shebao-desk }
if (Get-Command py -ErrorAction SilentlyContinue) { py -3.11 -m venv $venv } else { python -m venv $venv }
$py = "$venv\Scripts\python.exe"
& $py -m pip install -q . "pyinstaller==6.22.3" "pyinstaller-hooks-contrib>=2026.9"
$essentials = & $py -c "import importlib.metadata as m; print(m.version('PySide6-Essentials'))"
& $py -m pip install -q "PySide6-Addons==$essentials"

& "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\shebao-desk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# shebao-desk.exe is a windowed program: its exit code says whether the self-test passed
$env:QT_QPA_PLATFORM = "offscreen"
$test = Start-Process -FilePath dist\shebao-desk\shebao-desk.exe -ArgumentList "--self-test" -Wait -PassThru
Remove-Item Env:\QT_QPA_PLATFORM
if ($test.ExitCode -ne 0) { throw "the bundle's self-test failed (exit $($test.ExitCode))" }
& dist\shebao-desk\shebao.exe --version

$version = & $py -c "import forms; print(forms.__version__)"
$iscc = Get-Command ISCC.exe -ErrorAction SilentlyContinue
if (-not $iscc) { $iscc = Get-Item "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" -ErrorAction SilentlyContinue }
if ($iscc) {
    & $iscc.Source "/DAppVersion=$version" packaging\windows\shebao-desk.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
    Write-Warning "Inno Setup 6 not found: dist\shebao-desk\ is built, the installer is not."
}
$size = (Get-ChildItem -Recurse dist\shebao-desk | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("dist\shebao-desk: {0:N0} MB unpacked, built in {1:N0} s" -f $size, ((Get-Date) - $start).TotalSeconds)
