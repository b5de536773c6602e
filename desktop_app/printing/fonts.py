"""Fonts by role (FORMS.md → Font roles), resolved once per process and embedded as subsets.

Resolution order per role: the file configured in the machine settings → the Windows font folder
→ the fonts shipped in resources/fonts → Linux system fonts. ReportLab embeds TrueType outlines
only, so a CFF-flavoured file (OpenType 'OTTO', e.g. Noto CJK) is skipped. A role resolved to a
face other than its own is a fallback: logged once and reported with the PDF.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

RESOURCES_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@dataclass(frozen=True)
class Candidate:
    file: str  # file name, looked up in each folder
    index: int = 0  # sub-font of a .ttc collection
    proper: bool = True  # False: usable, but not the role's own face (a fallback)


# Role → candidates in order. Names are the Windows file names; shipped and Linux names follow.
ROLES: dict[str, tuple[str, tuple[Candidate, ...]]] = {
    "xiaobiaosong": (
        "小标宋",
        (
            Candidate("FZXBSJW.TTF"),
            Candidate("方正小标宋简体.ttf"),
            Candidate("FZXBSK.TTF"),
            Candidate("simsun.ttc", 0, False),
            Candidate("gbsn00lp.ttf", 0, False),
        ),
    ),
    "songti": (
        "宋体",
        (
            Candidate("simsun.ttc"),
            Candidate("simsun.ttf"),
            Candidate("gbsn00lp.ttf", 0, False),
            Candidate("uming.ttc", 0, False),
        ),
    ),
    "fangsong": (
        "仿宋",
        (
            Candidate("simfang.ttf"),
            Candidate("SIMFANG.TTF"),
            Candidate("ZhuqueFangsong-Regular.ttf"),  # 朱雀仿宋, SIL OFL: a real 仿宋 face
            Candidate("gbsn00lp.ttf", 0, False),
            Candidate("uming.ttc", 0, False),
        ),
    ),
    "heiti": (
        "黑体",
        (
            Candidate("simhei.ttf"),
            Candidate("SIMHEI.TTF"),
            Candidate("wqy-microhei.ttc", 0, False),
            Candidate("wqy-zenhei.ttc", 0, False),
        ),
    ),
    "kaiti": (
        "楷体",
        (
            Candidate("simkai.ttf"),
            Candidate("SIMKAI.TTF"),
            Candidate("gkai00mp.ttf", 0, False),
            Candidate("ukai.ttc", 0, False),
        ),
    ),
}


def windows_font_dirs() -> list[Path]:
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    elif os.name == "nt":
        dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed "for this user only" (e.g. 方正小标宋 without admin rights)
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def linux_font_dirs() -> list[Path]:
    return [
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
    ]


@dataclass(frozen=True)
class ResolvedFont:
    role: str
    role_name: str  # 仿宋 …
    path: Path
    index: int
    source: str  # configured | windows | bundled | system
    fallback: bool
    face: str = ""  # the font's own name, filled in when registered
    reportlab_name: str = ""

    @property
    def note(self) -> str:
        where = {
            "configured": "设置中指定",
            "windows": "Windows 字体",
            "bundled": "随软件附带",
            "system": "系统字体",
        }[self.source]
        return f"{self.role_name}：{self.path.name}（{where}）" + (
            "，替代字体" if self.fallback else ""
        )


def is_truetype(path: Path, index: int = 0) -> bool:
    """TrueType outlines ('\\0\\1\\0\\0' or 'true'); a .ttc is checked at its sub-font."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
            if head == b"ttcf":
                f.seek(12 + 4 * index)
                offset = int.from_bytes(f.read(4), "big")
                f.seek(offset)
                head = f.read(4)
    except OSError:
        return False
    return head in (b"\x00\x01\x00\x00", b"true")


def _find(name: str, folders: list[Path], recursive: bool) -> Path | None:
    for folder in folders:
        if not folder.is_dir():
            continue
        direct = folder / name
        if direct.is_file():
            return direct
        if recursive:
            lower = name.lower()
            for p in folder.rglob("*"):
                if p.name.lower() == lower and p.is_file():
                    return p
    return None


def resolve_role(
    role: str,
    configured: dict[str, str] | None = None,
    windows_dirs: list[Path] | None = None,
    bundled_dir: Path | None = None,
    system_dirs: list[Path] | None = None,
) -> ResolvedFont:
    """Find the file for one role; raises LookupError (Chinese) when nothing usable exists."""
    role_name, candidates = ROLES[role]
    custom = (configured or {}).get(role)
    if custom:
        path = Path(custom)
        if path.is_file() and is_truetype(path):
            return ResolvedFont(role, role_name, path, 0, "configured", False)
        log.warning("configured font for %s is missing or not TrueType: %s", role, custom)
    sources = [
        ("windows", windows_font_dirs() if windows_dirs is None else windows_dirs, False),
        ("bundled", [bundled_dir or RESOURCES_FONTS], False),
        ("system", linux_font_dirs() if system_dirs is None else system_dirs, True),
    ]
    for source, folders, recursive in sources:
        for cand in candidates:
            found = _find(cand.file, folders, recursive)
            if found is not None and is_truetype(found, cand.index):
                return ResolvedFont(role, role_name, found, cand.index, source, not cand.proper)
    raise LookupError(f"找不到可用于「{role_name}」的 TrueType 中文字体，请在设置中指定字体文件。")


@dataclass(frozen=True)
class FontSet:
    fonts: dict[str, ResolvedFont]

    def name(self, role: str) -> str:
        return self.fonts[role].reportlab_name

    @property
    def fallbacks(self) -> list[ResolvedFont]:
        return [f for f in self.fonts.values() if f.fallback]

    def summary(self) -> str:
        """One line for the PDF's metadata and the preview's status bar."""
        return "；".join(f.note for f in self.fonts.values())


_lock = threading.Lock()
_cache: dict[tuple, FontSet] = {}
_warned: set[str] = set()


def machine_font_overrides() -> dict[str, str]:
    """The font files set on this PC (设置 → 打印字体, `fonts` in settings.json); a settings file
    that cannot be read prints with the default faces (and says so in the log)."""
    from desktop_app import config

    try:
        return dict(config.load().fonts)
    except (OSError, ValueError, TypeError) as exc:
        log.warning("font settings unreadable, default faces used: %s", exc)
        return {}


def load_fonts(configured: dict[str, str] | None = None) -> FontSet:
    """Resolve and register every role once per process (thread-safe; call it off the GUI
    thread — a large CJK font takes 0.02–0.2 s to parse). Without `configured`, the files set
    on this PC are used, so every printed form honours the print settings."""
    if configured is None:
        configured = machine_font_overrides()
    key = tuple(sorted(configured.items()))
    with _lock:
        if key in _cache:
            return _cache[key]
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        fonts: dict[str, ResolvedFont] = {}
        registered: dict[tuple[str, int], str] = {}
        for role in ROLES:
            r = resolve_role(role, configured)
            ident = (str(r.path), r.index)
            if ident not in registered:  # one file serving several roles is parsed once
                rl_name = f"fuban-{len(registered)}-{r.path.stem}"
                tt = TTFont(rl_name, str(r.path), subfontIndex=r.index)
                pdfmetrics.registerFont(tt)
                registered[ident] = rl_name
            rl_name = registered[ident]
            face = pdfmetrics.getFont(rl_name).face.name
            face = face.decode("latin-1") if isinstance(face, bytes) else str(face)
            fonts[role] = ResolvedFont(
                r.role, r.role_name, r.path, r.index, r.source, r.fallback, face, rl_name
            )
            if r.fallback and role not in _warned:
                _warned.add(role)
                log.warning("font role %s falls back to %s", r.role_name, r.path)
        result = FontSet(fonts)
        _cache[key] = result
        return result
