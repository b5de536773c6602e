"""Full-text search index over the document registers (收文, 发文): Chinese substring matching.

Chinese has no spaces between words, and a clerk searches for any fragment of a title, an organ or
an opinion — two characters are common (「防汛」). Neither engine's word tokenizer helps, and
SQLite's trigram tokenizer cannot answer two-character terms from its index. So each record's
searchable text is cut into every overlapping pair of characters (bigrams) and the database's own
full-text facility indexes those pairs as words; a query becomes the phrase of its own bigrams,
which matches exactly where the text contains the query as a substring.

- One row of `document_search` per document: its bigram tokens, plus what searches filter on
  (kind, 密级 for R44, voided).
- SQLite: an FTS5 table over `tokens` (external content = `document_search`, kept in step by
  triggers, so even a restore through plain INSERT/DELETE keeps it right).
- PostgreSQL: `tokens` is a tsvector column (written as to_tsvector('simple', …) of the same
  text) with a GIN index, queried with tsquery phrases. Stored rather than computed in the index
  expression: checking a candidate row then reads the vector instead of parsing the text again.

Tokens are spelled with the letters a–p (each character's code point in hex, a=0 … p=f; four
letters, or 「q」 and six letters beyond U+FFFF), so both engines' tokenizers see plain ASCII words
whatever the server's locale (PostgreSQL's parser splits CJK text differently by locale).
Every character is kept, punctuation included, so 「同政发〔2018〕34号」 does not find 134号.
Whitespace separates runs; each run also ends with its last character alone, so a one-character
query (a prefix search) finds characters at the end of a run too.

Pinyin initials (issue 18): the short fields that name a document (number, title, organ, unit,
addressees — INITIALS_FIELDS; not the long opinions) are also indexed as the letter pairs of
their initials (db.pinyin: 「防汛」 → 「fx」), spelled 「r」 + two letters (「rfx」, a word no
character token can be), after the character tokens. A query part of two or more latin letters
matches either as written or as the phrase of its letter pairs, so 「fx」 finds 防汛 through the
same index as fast as 「防汛」 does.

The FTS5 table and its shadow tables are made by migration 0007, not by this metadata.
"""

import unicodedata

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from db.base import Base
from db.models.documents import IncomingDocument
from db.models.outgoing import OutgoingDocument

FTS_TABLE = "document_search_fts"
PG_INDEX = "ix_document_search_tokens"
PG_CONFIG = "'simple'::regconfig"
MAX_INDEXED_CHARS = 8000  # per document; PostgreSQL keeps word positions up to 16383
_HEX_TO_LETTER = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


class TsVector(UserDefinedType):
    """PostgreSQL's tsvector column type (as sqlalchemy.dialects.postgresql.TSVECTOR: no bind or
    result processing). Spelled here because importing that dialect package on SQLite also loads
    its asyncpg module and asyncio — 35–40 ms of every start of the window."""

    cache_ok = True

    def get_col_spec(self, **_kw) -> str:
        return "TSVECTOR"


TOKENS_TYPE = Text().with_variant(TsVector(), "postgresql")


class DocumentSearch(Base):
    """The search entry of one incoming or outgoing document (derived data: never audited,
    rebuilt at will by db.search_index.rebuild)."""

    __tablename__ = "document_search"
    __table_args__ = (UniqueConstraint("kind", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # order of registration
    kind: Mapped[str] = mapped_column(String(8))  # incoming | outgoing
    record_id: Mapped[int] = mapped_column(Integer)
    secrecy: Mapped[str] = mapped_column(String(8), default="")  # R44: "" = not classified
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    tokens: Mapped[str] = mapped_column(TOKENS_TYPE, default="")


# The 收文登记簿's first page for an account without the 机要 role (R44: WHERE secrecy = '' …
# ORDER BY received_at DESC, id DESC LIMIT 100) reads this index in order instead of sorting every
# unclassified document (the received_at index serves accounts that see everything).
Index(
    "ix_incoming_document_register",
    IncomingDocument.secrecy,
    IncomingDocument.received_at,
    IncomingDocument.id,
)
# The same for the 发文登记簿 (secrecy = '' … ORDER BY register_on DESC, id DESC): 193 → 34 ms
# for its first screen with 30,000 outgoing documents on SQLite.
Index(
    "ix_outgoing_document_secrecy_register",
    OutgoingDocument.secrecy,
    OutgoingDocument.register_on,
    OutgoingDocument.id,
)


def engine_managed(name: str | None) -> bool:
    """Objects the full-text facility adds outside the metadata (SQLite: the FTS5 table and its
    shadow tables; PostgreSQL: the GIN expression index); schema comparisons leave them out."""
    name = name or ""
    return name in (FTS_TABLE, PG_INDEX) or name.startswith(FTS_TABLE + "_")


def sqlite_ddl() -> list[str]:
    """The FTS5 table over document_search.tokens and the triggers that keep it in step."""
    fts, src = FTS_TABLE, "document_search"
    insert_new = f"INSERT INTO {fts}(rowid, tokens) VALUES (new.id, new.tokens);"
    delete_old = f"INSERT INTO {fts}({fts}, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    return [
        f"DROP TABLE IF EXISTS {fts}",  # a leftover would not match the new content
        f"CREATE VIRTUAL TABLE {fts} USING fts5(tokens, content='{src}', content_rowid='id', "
        f"columnsize=0, tokenize='unicode61')",
        f"CREATE TRIGGER {src}_ai AFTER INSERT ON {src} BEGIN {insert_new} END",
        f"CREATE TRIGGER {src}_ad AFTER DELETE ON {src} BEGIN {delete_old} END",
        f"CREATE TRIGGER {src}_au AFTER UPDATE OF tokens ON {src} BEGIN {delete_old} "
        f"{insert_new} END",
    ]


def sqlite_drop_ddl() -> list[str]:
    return [f"DROP TABLE IF EXISTS {FTS_TABLE}"]  # the triggers go with document_search


def normalize(text: str) -> str:
    """Full-width and half-width forms alike (NFKC), case folded: what the index and a query
    both see."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def encode_char(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:
        return "q" + format(code, "06x").translate(_HEX_TO_LETTER)
    return format(code, "04x").translate(_HEX_TO_LETTER)


class _Codes(dict[str, str]):
    """Character → its token spelling, each worked out once (an import indexes thousands of
    documents made of the same few thousand characters)."""

    def __missing__(self, ch: str) -> str:
        code = self[ch] = encode_char(ch)
        return code


_CODES = _Codes()


def runs(text: str) -> list[str]:
    """The whitespace-separated runs of the normalized text."""
    return normalize(text).split()


def run_tokens(run: str) -> list[str]:
    """Every overlapping bigram of the run, then its last character alone."""
    codes = [_CODES[c] for c in run]
    return [codes[i] + codes[i + 1] for i in range(len(codes) - 1)] + codes[-1:]


def document_tokens(texts: list[str]) -> str:
    """The `tokens` value for a document's searchable texts (one per field)."""
    out: list[str] = []
    budget = MAX_INDEXED_CHARS
    for text in texts:
        for run in runs(text):
            if budget <= 0:
                break
            run = run[:budget]
            budget -= len(run)
            out.extend(run_tokens(run))
    return " ".join(out)


INITIALS_FIELDS = frozenset({"number", "title", "sender", "sender_number", "unit", "main_to", "cc"})
MAX_INITIALS_TOKENS = 4000  # per document (PostgreSQL positions stop at 16383)
INITIALS_PREFIX = "r"  # character tokens use a–q only


def initials_tokens(text: str) -> list[str]:
    """The letter pairs of the pinyin initials of each run of Chinese characters in `text`
    (「关于防汛」 → rgy ryf rfx); a run of one character gives none."""
    from db.pinyin import han_initials

    out: list[str] = []
    for letters in han_initials(normalize(text)):
        out.extend(INITIALS_PREFIX + letters[i : i + 2] for i in range(len(letters) - 1))
    return out


def entry_tokens(texts: list[tuple[str, str]]) -> str:
    """The `tokens` value of a search entry from its (field key, text) pairs: every field's
    character tokens, then the initials of the fields that name the document."""
    chars = document_tokens([t for _, t in texts])
    initials: list[str] = []
    for key, text in texts:
        if key in INITIALS_FIELDS and len(initials) < MAX_INITIALS_TOKENS:
            initials.extend(initials_tokens(text))
    if not initials:
        return chars
    return " ".join([chars, *initials[:MAX_INITIALS_TOKENS]]) if chars else " ".join(initials)


SLICE = 16_384  # entries per slice of entry ids (PostgreSQL: see slice_token)


def slice_token(entry_id: int) -> str:
    """PostgreSQL only: the word naming the slice of entry ids an entry belongs to (「s」 and the
    slice number in the letters a–p), so a search can ask the GIN index for the newest entries
    (desktop_app.services.documents.search_pg) instead of checking every match."""
    return "s" + format(entry_id // SLICE, "x").translate(_HEX_TO_LETTER)


# slice_token in SQL, of the id expression put in for {} (an entry inserted by one statement);
# the statement is given SLICE as :slice_size
SLICE_TOKEN_SQL = (
    "'s' || translate(to_hex(({} / CAST(:slice_size AS bigint))), "
    "'0123456789abcdef', 'abcdefghijklmnop')"
)


def initials_phrase(part: str) -> list[str] | None:
    """A query part that may be pinyin initials (two or more latin letters): its letter pairs."""
    if not (len(part) >= 2 and part.isascii() and part.isalpha()):
        return None
    part = part[:200]
    return [INITIALS_PREFIX + part[i : i + 2] for i in range(len(part) - 1)]


def query_alternatives(query: str) -> list[list[str] | None]:
    """For each part of the query (as query_terms), its initials phrase, or None."""
    return [initials_phrase(run) for run in runs(query)[:20]]


def query_terms(query: str) -> list[list[str]]:
    """Per run of the query: its bigrams (a phrase), or for a one-character run the character's
    code alone (searched as a prefix of the indexed tokens)."""
    out = []
    for run in runs(query)[:20]:
        codes = [encode_char(c) for c in run[:200]]
        if len(codes) == 1:
            out.append(codes)
        else:
            out.append([codes[i] + codes[i + 1] for i in range(len(codes) - 1)])
    return out


def fts5_query(terms: list[list[str]], alternatives: list[list[str] | None] | None = None) -> str:
    """SQLite FTS5 MATCH text: phrases ANDed; a single character as a prefix query; a part
    that may be pinyin initials also matches as the phrase of its letter pairs."""
    parts = []
    for i, t in enumerate(terms):
        part = f"{t[0]}*" if not _bigram(t[0]) else '"' + " ".join(t) + '"'
        alt = alternatives[i] if alternatives and i < len(alternatives) else None
        parts.append(f'({part} OR "{" ".join(alt)}")' if alt else part)
    return " AND ".join(parts)


def tsquery(terms: list[list[str]], alternatives: list[list[str] | None] | None = None) -> str:
    """PostgreSQL to_tsquery text: phrases (<->) ANDed; a single character as a prefix (:*);
    a part that may be pinyin initials also matches as the phrase of its letter pairs."""
    parts = []
    for i, t in enumerate(terms):
        part = f"{t[0]}:*" if not _bigram(t[0]) else "(" + " <-> ".join(t) + ")"
        alt = alternatives[i] if alternatives and i < len(alternatives) else None
        parts.append(f"({part} | ({' <-> '.join(alt)}))" if alt else part)
    return " & ".join(parts)


def _bigram(token: str) -> bool:
    """A bigram token has two character codes (8, 11 or 14 letters); a single code 4 or 7."""
    return len(token) not in (4, 7)


# The session event that keeps entries current is registered wherever the models load.
from db import search_index  # noqa: E402, F401
