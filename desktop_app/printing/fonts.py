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

from desktop_app.printing.font_files import FolderIndex, NameIndex, windows_registry_fonts

log = logging.getLogger(__name__)

RESOURCES_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
# The 宋 face standing in for 小标宋 is drawn with its outline stroked too, this much of the type
# size wide: the bold look of a 小标宋 title (FORMS.md → Font roles).
BOLD_STROKE = 0.025


@dataclass(frozen=True)
class Candidate:
    file: str  # file name, looked up in each folder (case ignored)
    index: int = 0  # sub-font of a .ttc collection
    proper: bool = True  # False: usable, but not the role's own face (a fallback)
    names: tuple[str, ...] = ()  # face names in the Windows registry (any file name)


# Role → candidates in order. Names are the Windows file names; shipped and Linux names follow.
ROLES: dict[str, tuple[str, tuple[Candidate, ...]]] = {
    "xiaobiaosong": (
        "小标宋",
        (
            Candidate(
                "FZXBSJW.TTF", names=("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0")
            ),
            Candidate("方正小标宋简体.ttf"),
            Candidate(
                "FZXBSK.TTF", names=("方正小标宋_GBK", "FZXiaoBiaoSong-B05", "FZXBSK--GBK1-0")
            ),
            Candidate("simsun.ttc", 0, False),
            Candidate("gbsn00lp.ttf", 0, False),
        ),
    ),
    "songti": (
        "宋体",
        (
            Candidate("simsun.ttc", names=("宋体", "SimSun")),
            Candidate("simsun.ttf"),
            Candidate("gbsn00lp.ttf", 0, False),
            Candidate("uming.ttc", 0, False),
        ),
    ),
    "fangsong": (
        "仿宋",
        (
            # Windows' 仿宋 (Vista and later; on a non-Chinese Windows an optional feature)
            Candidate("simfang.ttf", names=("仿宋", "FangSong")),
            # 仿宋_GB2312, installed by many offices for older templates, under many file names
            Candidate("仿宋_GB2312.ttf", names=("仿宋_GB2312", "FangSong_GB2312")),
            Candidate("FangSong_GB2312.ttf"),
            Candidate("FS_GB2312.ttf"),
            Candidate("ZhuqueFangsong-Regular.ttf"),  # 朱雀仿宋, SIL OFL: a real 仿宋 face
            Candidate("gbsn00lp.ttf", 0, False),
            Candidate("uming.ttc", 0, False),
        ),
    ),
    "heiti": (
        "黑体",
        (
            Candidate("simhei.ttf", names=("黑体", "SimHei")),
            Candidate("wqy-microhei.ttc", 0, False),
            Candidate("wqy-zenhei.ttc", 0, False),
        ),
    ),
    "kaiti": (
        "楷体",
        (
            Candidate("simkai.ttf", names=("楷体", "KaiTi")),
            Candidate("楷体_GB2312.ttf", names=("楷体_GB2312", "KaiTi_GB2312")),
            Candidate("KaiTi_GB2312.ttf"),
            Candidate("gkai00mp.ttf", 0, False),
            Candidate("ukai.ttc", 0, False),
        ),
    ),
}

# Faces that stand in, by file, as a clerk knows them (else the font's own name is shown).
KNOWN_FACES = {
    "gbsn00lp.ttf": "文鼎简报宋",
    "gkai00mp.ttf": "文鼎简中楷",
    "wqy-microhei.ttc": "文泉驿微米黑",
    "wqy-zenhei.ttc": "文泉驿正黑",
    "uming.ttc": "文鼎明体",
    "ukai.ttc": "文鼎楷体",
    "simsun.ttc": "宋体",
}

# What a role looks for, in the note shown when another face stands in.
WANTED = {
    "xiaobiaosong": "方正小标宋简体",
    "songti": "宋体（simsun.ttc）",
    "fangsong": "仿宋（simfang.ttf）或仿宋_GB2312",
    "heiti": "黑体（simhei.ttf）",
    "kaiti": "楷体（simkai.ttf）或楷体_GB2312",
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
    def where(self) -> str:
        return {
            "configured": "设置中指定",
            "windows": "Windows 字体",
            "bundled": "随软件附带",
            "system": "系统字体",
        }[self.source]

    @property
    def note(self) -> str:
        """「仿宋：simfang.ttf（Windows 字体）」, or for a face standing in, what was not found
        and which face prints instead: 「仿宋：未找到仿宋（simfang.ttf）或仿宋_GB2312，以
        文鼎简报宋（gbsn00lp.ttf，随软件附带）代替」."""
        if not self.fallback:
            return f"{self.role_name}：{self.path.name}（{self.where}）"
        known = KNOWN_FACES.get(self.path.name.lower()) or self.face
        face = f"{known}（{self.path.name}，{self.where}）" if known else self.path.name
        wanted = WANTED.get(self.role, self.role_name)
        return f"{self.role_name}：未找到{wanted}，以{face}代替"


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


def resolve_role(
    role: str,
    configured: dict[str, str] | None = None,
    windows_dirs: list[Path] | None = None,
    bundled_dir: Path | None = None,
    system_dirs: list[Path] | None = None,
    registry: dict[str, tuple[Path, int]] | None = None,
) -> ResolvedFont:
    """Find the file for one role; raises LookupError (Chinese) when nothing usable exists.
    In the Windows source a candidate is found by its file name in the font folders, by its
    face name in the registry (`registry`: face name in lower case → file and sub-font; by
    default this PC's, unless the caller gave its own Windows folders), or by the names the
    font files there give themselves (a renamed copy that nothing lists)."""
    role_name, candidates = ROLES[role]
    custom = (configured or {}).get(role)
    if custom:
        path = Path(custom)
        if path.is_file() and is_truetype(path):
            return ResolvedFont(role, role_name, path, 0, "configured", False)
        log.warning("configured font for %s is missing or not TrueType: %s", role, custom)
    if registry is None:
        registry = windows_registry_fonts() if windows_dirs is None else {}
    sources = [
        ("windows", windows_font_dirs() if windows_dirs is None else windows_dirs, False),
        ("bundled", [bundled_dir or RESOURCES_FONTS], False),
        ("system", linux_font_dirs() if system_dirs is None else system_dirs, True),
    ]
    for source, folders, recursive in sources:
        index = FolderIndex(folders, recursive)
        by_name = NameIndex(folders) if source == "windows" else None
        for cand in candidates:
            found, sub = index.find(cand.file), cand.index
            if found is None and source == "windows":
                listed = next(
                    (registry[n.lower()] for n in cand.names if n.lower() in registry), None
                )
                if listed is not None and listed[0].is_file():
                    found, sub = listed
            if found is None and by_name is not None and cand.names:
                named = by_name.find(cand.names)
                if named is not None:
                    found, sub = named
            if found is not None and is_truetype(found, sub):
                return ResolvedFont(role, role_name, found, sub, source, not cand.proper)
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
