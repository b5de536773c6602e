"""Build the program folder and the installer: `python installers/build.py` from the project root,
with the project installed (`pip install -e .[build]`) and NSIS's makensis on the PATH (Windows:
the NSIS installer's folder is also looked in; Debian: `apt-get install nsis`).

    python installers/build.py                 # dist/fuban/ and dist/fuban-setup-<version>.exe
    python installers/build.py --bundle-only   # only the PyInstaller folder
    python installers/build.py --installer-only --payload DIR   # compile the installer over DIR

The version comes from the package metadata (pyproject.toml), as in the program itself. The
installer script is compiled with warnings as errors."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLERS = ROOT / "installers"


def folder_size(path: Path) -> int:
    """Bytes in the folder, each file once (the Linux bundle links libraries by symlink)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build_bundle(dist: Path, work: Path) -> Path:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(INSTALLERS / "fuban.spec"),
        ],
        cwd=ROOT,
        check=True,
    )
    bundle = dist / "fuban"
    seconds = time.perf_counter() - start
    print(f"程序文件夹：{bundle}（{folder_size(bundle) / 2**20:.0f} MB，用时 {seconds:.0f} 秒）")
    return bundle


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    raise SystemExit(
        "找不到 makensis：请安装 NSIS 3（Windows: nsis.sourceforge.io；Debian: apt-get install nsis）"
    )


def version4(version: str) -> str:
    numbers = [p for p in version.split("+")[0].split(".") if p.isdigit()][:4]
    return ".".join(numbers + ["0"] * (4 - len(numbers)))


def build_installer(payload: Path, out: Path) -> Path:
    version = metadata.version("fuban")
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [
            find_makensis(),
            "-WX",  # a warning fails the build
            "-V2",
            f"-DVERSION={version}",
            f"-DVERSION4={version4(version)}",
            f"-DSOURCE={payload.resolve()}",
            f"-DOUTFILE={out.resolve()}",
            str(INSTALLERS / "fuban.nsi"),
        ],
        cwd=INSTALLERS,
        check=True,
    )
    seconds = time.perf_counter() - start
    print(f"安装程序：{out}（{out.stat().st_size / 2**20:.1f} MB，用时 {seconds:.0f} 秒）")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建府办台账的程序文件夹和安装程序")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="输出文件夹")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller 工作文件夹")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--bundle-only", action="store_true", help="只构建程序文件夹")
    only.add_argument("--installer-only", action="store_true", help="只编译安装程序")
    parser.add_argument(
        "--payload", type=Path, help="安装程序打包的文件夹（默认为构建出的程序文件夹）"
    )
    parser.add_argument("--out", type=Path, help="安装程序文件名")
    args = parser.parse_args(argv)
    version = metadata.version("fuban")
    payload = args.payload
    if not args.installer_only:
        bundle = build_bundle(args.dist, args.work)
        payload = payload or bundle
    if args.bundle_only:
        return 0
    payload = payload or args.dist / "fuban"
    if not (payload / "fuban.exe").is_file():
        raise SystemExit(f"{payload} 中没有 fuban.exe：请先构建程序文件夹，或用 --payload 指定")
    build_installer(payload, args.out or args.dist / f"fuban-setup-{version}.exe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
