"""The NSIS installer script (installers/fuban.nsi) compiles without a warning, and says in
Chinese what it refuses. Compiling over a small placeholder folder takes seconds; the real
program folder is compressed only in the Windows build."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installers" / "fuban.nsi"


def _load_build_script():
    """installers/build.py, loaded by path (a module named `build` may already be imported)."""
    spec = importlib.util.spec_from_file_location("fuban_build", ROOT / "installers" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


def _makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("makensis is required in CI (.ci/run installs Debian's nsis)")
        pytest.skip("makensis（NSIS）未安装：apt-get install nsis")
    return found


def test_installer_script_compiles_without_warnings(tmp_path):
    _makensis()
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for name in ("fuban.exe", "fuban-cli.exe", "_internal/base_library.zip"):
        (payload / name).write_bytes(b"placeholder")
    out = build.build_installer(payload, tmp_path / "fuban-setup-test.exe")
    data = out.read_bytes()
    assert data[:2] == b"MZ" and len(data) > 50_000  # a Windows program


def test_installer_refuses_old_or_32_bit_windows_in_chinese():
    text = SCRIPT.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text  # per user, no administrator rights
    assert "!define MIN_BUILD 17763" in text and "${AtLeastBuild} ${MIN_BUILD}" in text
    assert "${IfNot} ${RunningX64}" in text
    assert "这台电脑是 32 位 Windows，无法安装" in text
    assert 'RMDir /r "$INSTDIR\\_internal"' in text  # old program files go on upgrade
    assert "台账数据没有删除" in text  # the uninstaller keeps the data and says where


def test_installer_offers_every_user_of_the_pc_with_administrator_rights():
    """Per user stays the default (no rights asked); the page's other choice installs into
    Program Files with every user's shortcuts and the uninstall entry in HKLM, after Windows
    gave the installer administrator rights."""
    text = SCRIPT.read_text(encoding="utf-8")
    assert "仅为我安装（推荐，不需要管理员权限）" in text
    assert "为本机所有用户安装（需要管理员权限）" in text
    assert "Page custom InstallModePage InstallModeLeave" in text
    assert 'StrCpy $INSTDIR "$PROGRAMFILES64\\${APPKEY}"' in text
    assert 'StrCpy $INSTDIR "$LOCALAPPDATA\\Programs\\${APPKEY}"' in text
    assert "SetShellVarContext all" in text and "SetShellVarContext current" in text
    assert 'ExecShell "runas" "$EXEPATH" "/ALLUSERS"' in text  # asks Windows for the rights
    # The uninstall entry follows the mode (SHCTX: HKLM or HKCU), never a fixed HKCU.
    assert "WriteRegStr HKCU" not in text and "DeleteRegKey HKCU" not in text
    assert 'WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString"' in text
    assert 'DeleteRegKey SHCTX "${UNINSTKEY}"' in text


def test_version_resource_numbers():
    assert build.version4("0.1.0") == "0.1.0.0"
    assert build.version4("1.2") == "1.2.0.0"
    assert build.version4("2.0.1.4+local") == "2.0.1.4"


def test_makensis_fails_on_a_warning(tmp_path):
    """-WX is what keeps the script warning-free: a script with a warning does not compile."""
    makensis = _makensis()
    script = tmp_path / "w.nsi"
    script.write_text(
        f'Unicode true\nOutFile "{tmp_path / "w.exe"}"\nSection\nSectionEnd\n'
        "Function unused\nFunctionEnd\n",
        encoding="utf-8",
    )
    done = subprocess.run([makensis, "-WX", "-V1", str(script)], capture_output=True)
    assert done.returncode != 0
