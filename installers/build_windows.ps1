# Build 府办台账 on a 64-bit Windows PC: the program folder dist\fuban\ (fuban.exe, fuban-cli.exe)
# and the installer dist\fuban-setup-<version>.exe, then run the frozen self-test.
#
#   powershell -ExecutionPolicy Bypass -File installers\build_windows.ps1
#
# Needs 64-bit Python 3.11+ (python.org, "py" launcher) and NSIS 3 (makensis).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

py -3 -m venv .venv-build
& .venv-build\Scripts\python.exe -m pip install --upgrade pip
& .venv-build\Scripts\python.exe -m pip install -e ".[build]"
& .venv-build\Scripts\python.exe installers\build.py
if ($LASTEXITCODE -ne 0) { throw "构建失败" }

# The frozen console tool checks itself: database, every printed form, fonts, _rl_accel.
& dist\fuban\fuban-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "自检未通过" }
