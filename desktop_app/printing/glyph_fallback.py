"""Per-character font fallback (FORMS.md → Every form: no character is ever lost).

Each role draws from its own face; a character that face lacks (喆 堃 赟 in a GB2312 face, 㑇 from
CJK Extension A, 𠮷 from Extension B) is taken from the first face that has it: the other roles'
faces, then coverage faces — Windows' 宋体 and SimSun-ExtB (`simsunb.ttf`), the Extension A face
shipped in resources/fonts, and broad Linux system faces. Coverage faces are parsed only when a
document first needs one (some are 20–30 MB). A character no face has is drawn with the role's
face (an empty box) and reported: the caller lists it in the PDF's metadata, the log and the
preview's status bar.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop_app.printing import subset_cache
from desktop_app.printing.font_files import FolderIndex
from desktop_app.printing.fonts import (
    RESOURCES_FONTS,
    Candidate,
    is_truetype,
    linux_font_dirs,
    windows_font_dirs,
)

log = logging.getLogger(__name__)

# Faces tried for a character no role face has, in order (file names as in each folder); each
# source in turn — the Windows font folder, the shipped faces, the Linux font folders — so the
# shipped Extension A face comes before any Extension B face a Linux PC may have.
COVERAGE: tuple[Candidate, ...] = (
    Candidate("simsun.ttc"),  # Windows 宋体: GB18030 BMP, Extension A included
    Candidate("simsunb.ttf"),  # Windows SimSun-ExtB: Extension B (every Chinese Windows)
    Candidate("SimsunExtG.ttf"),  # Windows 11 SimSun-ExtG: Extension G
    Candidate("mingliub.ttc"),  # Windows MingLiU-ExtB (traditional-Chinese systems): Extension B
    Candidate("fuban-han-ext-a.ttf"),  # shipped: Extension A (Hanazono Mincho subset)
    Candidate("wqy-microhei.ttc"),  # shipped 黑体 stand-in: all of GBK
    Candidate("HanaMinA.ttf"),  # Linux fonts-hanazono: BMP and Extension A
    Candidate("HanaMinB.ttf"),  # Linux fonts-hanazono: Extensions B–F
    Candidate("TW-Sung-Ext-B-98_1.ttf"),  # 全字庫正宋體 Ext-B (Taiwan, open licence)
    Candidate("Jigmo2.ttf"),  # Jigmo (CC0): Extension B
    Candidate("NotoSerifSC-Regular.ttf"),  # Noto Serif SC, TrueType build: some Extension B
    Candidate("uming.ttc"),
)
# Not here: Noto Serif/Sans CJK as most Linux systems install them (.ttc/.otf with CFF
# outlines), which ReportLab cannot embed; is_truetype skips such a file wherever it is named.

# A role's own style first: a 仿宋 line borrows from 宋/楷 before 黑.
ROLE_ORDER = {
    "fangsong": ("songti", "xiaobiaosong", "kaiti", "heiti"),
    "songti": ("xiaobiaosong", "fangsong", "kaiti", "heiti"),
    "xiaobiaosong": ("songti", "fangsong", "kaiti", "heiti"),
    "kaiti": ("fangsong", "songti", "xiaobiaosong", "heiti"),
    "heiti": ("songti", "fangsong", "kaiti", "xiaobiaosong"),
}


@dataclass(frozen=True)
class Face:
    reportlab_name: str
    path: Path
    chars: frozenset[int]


@dataclass
class CoverageSearch:
    """Where coverage faces are looked for; tests pass their own folders."""

    configured: list[Path]
    windows_dirs: list[Path]
    bundled_dir: Path
    system_dirs: list[Path]

    @classmethod
    def default(cls, configured: list[Path] | None = None) -> CoverageSearch:
        return cls(configured or [], windows_font_dirs(), RESOURCES_FONTS, linux_font_dirs())

    def paths(self) -> list[Path]:
        """The coverage faces present, in the order they are tried: configured files, then
        each source's faces in COVERAGE order (each folder tree walked once)."""
        found: list[Path] = [p for p in self.configured if p.is_file() and is_truetype(p)]
        for folders, recursive in (
            (self.windows_dirs, False),
            ([self.bundled_dir], False),
            (self.system_dirs, True),
        ):
            index = FolderIndex(folders, recursive)
            for cand in COVERAGE:
                path = index.find(cand.file)
                if path is not None and path not in found and is_truetype(path, cand.index):
                    found.append(path)
        return found


def _utf16_hex(code: int) -> str:
    if code < 0x10000:
        return f"{code:04X}"
    return chr(code).encode("utf-16-be").hex().upper()  # a surrogate pair


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with characters beyond the BMP (Extension B: 𠮷) written as
    UTF-16 surrogate pairs as the PDF reference requires; ReportLab writes their code point as
    five hex digits, and readers then extract a wrong character (₻ for 𠮷)."""
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    body = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail)


def _fix_reportlab_to_unicode() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


_fix_reportlab_to_unicode()
subset_cache.install()  # cut and compressed font subsets kept between builds

_lock = threading.Lock()
_faces: dict[str, Face] = {}  # by resolved path: a face is parsed once per process


def _face(path: Path, reportlab_name: str | None = None) -> Face:
    key = str(path.resolve())
    with _lock:
        face = _faces.get(key)
        if face is None:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            name = reportlab_name
            if name is None:
                name = f"fuban-cover-{len(_faces)}-{path.stem}"
                pdfmetrics.registerFont(TTFont(name, str(path)))
            chars = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
            face = _faces[key] = Face(name, path, chars)
        return face


_default: list[Path] | None = None


def default_paths() -> list[Path]:
    """This PC's coverage faces (the files: nothing is parsed)."""
    return _default_paths()


def _default_paths() -> list[Path]:
    """This PC's coverage faces, looked up once per process (the system folders are walked)."""
    global _default
    with _lock:
        if _default is None:
            _default = CoverageSearch.default().paths()
        return _default


class GlyphFallback:
    """Splits text into runs each drawn from one face; collects characters no face has."""

    def __init__(self, fonts, search: CoverageSearch | None = None):
        self.fonts = fonts
        self.search = search
        self._role_faces = {
            role: _face_of_role(f.path, f.index, f.reportlab_name)
            for role, f in fonts.fonts.items()
        }
        self._cover: list[Face] | None = None
        self._pick: dict[tuple[str, str], str | None] = {}
        self.missing: list[str] = []  # in order of first appearance
        self.borrowed: dict[str, str] = {}  # character → the face's file it was taken from

    def _coverage(self) -> list[Face]:
        if self._cover is None:
            paths = self.search.paths() if self.search else _default_paths()
            self._cover = [_face(p) for p in paths]
        return self._cover

    def face_for(self, ch: str, role: str) -> str | None:
        """ReportLab font name to draw `ch` in, or None when no face has it."""
        key = (ch, role)
        if key in self._pick:
            return self._pick[key]
        code = ord(ch)
        own = self._role_faces[role]
        choice: str | None = None
        if code in own.chars or ch.isspace() or code < 0x20:
            choice = own.reportlab_name
        else:
            others = [
                self._role_faces[r] for r in ROLE_ORDER.get(role, ()) if r in self._role_faces
            ]
            for face in [*others, *self._coverage()]:
                if code in face.chars:
                    choice = face.reportlab_name
                    self.borrowed[ch] = face.path.name
                    break
        self._pick[key] = choice
        if choice is None and ch not in self.missing:
            self.missing.append(ch)
            log.warning("no font has the character %r (U+%04X)", ch, code)
        return choice

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """(reportlab font name, text) runs; a missing character stays in its role's face so
        it keeps its place (and its place in the text layer)."""
        own = self.fonts.name(role)
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.face_for(ch, role) or own
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def markup(self, text: str, role: str) -> str:
        """`text` escaped for a ReportLab Paragraph whose style uses the role's face, with each
        borrowed run wrapped in <font name=…> — the per-character fallback for table forms."""
        from xml.sax.saxutils import escape

        own = self.fonts.name(role)
        return "".join(
            escape(part) if name == own else f'<font name="{name}">{escape(part)}</font>'
            for name, part in self.runs(text, role)
        )

    def subject(self, base: str) -> str:
        """The PDF's Subject metadata: `base`, then the characters no face has."""
        return base + ("；缺字：" + "".join(self.missing) if self.missing else "")

    def notes(self) -> list[str]:
        """Chinese lines for the preview's status bar and the PDF's metadata."""
        out = []
        if self.borrowed:
            faces = sorted(set(self.borrowed.values()))
            chars = "".join(self.borrowed)
            out.append(f"生僻字取自其他字体：{chars}（{'、'.join(faces)}）")
        if self.missing:
            chars = "、".join(f"{c}（U+{ord(c):04X}）" for c in self.missing)
            out.append(f"缺字：{chars} 无可用字体，打印为空框，请安装含该字的字体或在设置中指定")
        return out


def _face_of_role(path: Path, index: int, reportlab_name: str) -> Face:
    # A .ttc serves several sub-fonts: key the role faces by file and index.
    key = f"{path.resolve()}#{index}"
    with _lock:
        face = _faces.get(key)
        if face is None:
            from reportlab.pdfbase import pdfmetrics

            chars = frozenset(pdfmetrics.getFont(reportlab_name).face.charToGlyph)
            face = _faces[key] = Face(reportlab_name, path, chars)
        return face
