"""Password hashes: Argon2id for every hash written, the scrypt hashes of earlier releases still
verified (and rewritten as Argon2id at the next successful sign-in), and failed checks that cost
the same work whichever name was typed.

Argon2id (argon2-cffi; the standard library has no Argon2) is the first recommendation of the
OWASP Password Storage Cheat Sheet (at least m=19 MiB, t=2, p=1) and of RFC 9106. Its cost is
set here as m=24 MiB, t=3, p=1: of the sets measured, the dearest per guess (memory × passes)
whose check stays within about 60 ms of CPU on the development machine. Median CPU per check,
`python -m tests.bench.password_hash --rounds 9`, 2026-12-06, 2 cores, load average 4.4 → 4.2:

    Argon2id m=19 MiB t=2 p=1 (OWASP minimum)    38 MiB-passes   28 ms
    Argon2id m=46 MiB t=1 p=1 (OWASP, one pass)  46 MiB-passes   72 ms
    Argon2id m=32 MiB t=2 p=1                    64 MiB-passes   73 ms
    Argon2id m=19 MiB t=4 p=1                    76 MiB-passes   55 ms
    Argon2id m=24 MiB t=3 p=1 (chosen)           72 MiB-passes   54 ms
    Argon2id m=28 MiB t=3 p=1                    84 MiB-passes   68 ms
    Argon2id m=64 MiB t=3 p=4 (RFC 9106)        192 MiB-passes  262 ms
    scrypt N=2^17 r=8 p=1 (previous release)    256 MiB-passes  505 ms

(m=19 MiB t=4 costs the same; more memory is the better defence against GPUs.) p=1: the check
runs on the operation runner's worker while the GUI thread builds the window; more lanes would
only take the other core from it. Like scrypt, the check releases the GIL (cffi).

The scrypt of the previous release (N=2**17, r=8, p=1: 128 MiB written and read again) cost an
attacker about 3.5 times as much per guess, and the clerk 0.4–0.5 s of CPU at every sign-in:
alone most of the start's budget (issue 17). The first releases wrote N=2**14 (16 MiB). Both
still verify.

Failed checks. An unknown name is checked against `dummy_hash()`, an Argon2id hash at today's
cost that no password matches. A scrypt hash of an earlier release costs more than that to
check (0.4 s at N=2**17), so a wrong password against an account not yet upgraded would take
longer than against an unknown name and reveal that the name exists. `pad_failed_check` therefore
brings every failed check to the same work: one Argon2id at today's cost plus the scrypt work of
the dearest scrypt hash the database still holds (`legacy_ceiling`; nothing once every account
has signed in since the upgrade). Whether some account still holds a scrypt hash is a fact about
the database, the same for every name typed. A clerk's own login on the server cannot read other
accounts' hashes: there every failure is padded as if an N=2**17 hash were left.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import verify_secret

# Argon2id at today's cost: memory in KiB, passes, lanes.
PRODUCTION_M, T, P = 24 * 1024, 3, 1
HASH_LEN, SALT_LEN = 32, 16
# Tests only: less memory (KiB) so the suite does not spend 24 MiB and 50 ms on every account it
# creates (tests/conftest.py sets it; one test checks the production cost). The app never sets
# it. Values outside [MIN_M, PRODUCTION_M] are ignored.
COST_ENV = "FUBAN_ARGON2_M"
MIN_M = 64
# A stored Argon2id hash asking for more than this is refused unread (a planted hash must not
# make a sign-in allocate gigabytes or run for minutes).
MAX_STORED_M, MAX_STORED_T, MAX_STORED_P = 2**20, 16, 16

# scrypt as earlier releases wrote it: "scrypt$N$r$p$salt-hex$key-hex".
SCRYPT_R, SCRYPT_P = 8, 1
MAX_STORED_N = 2**20  # a stored scrypt hash beyond this is refused unread
# The dearest scrypt hash a release wrote (N=2**17, r=8, p=1), as work N·r·p: where the hashes
# cannot be read (a clerk's own login on the server, db.server_roles), failed checks are padded
# to this much scrypt work, as if an account of the database still held one.
RELEASED_SCRYPT_WORK = 2**17 * SCRYPT_R * SCRYPT_P


def current_m() -> int:
    raw = os.environ.get(COST_ENV, "")
    if raw.isdigit() and MIN_M <= int(raw) <= PRODUCTION_M:
        return int(raw)
    return PRODUCTION_M


def _hasher(m: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=T,
        memory_cost=m,
        parallelism=P,
        hash_len=HASH_LEN,
        salt_len=SALT_LEN,
        type=Type.ID,
    )


@dataclass(frozen=True)
class ScryptHash:
    n: int
    r: int
    p: int
    salt: bytes
    key: str  # hex

    @property
    def work(self) -> int:
        return self.n * self.r * self.p

    @classmethod
    def parse(cls, stored: str) -> ScryptHash | None:
        try:
            scheme, n, r, p, salt, key = stored.split("$")
            parsed = cls(int(n), int(r), int(p), bytes.fromhex(salt), key)
        except (ValueError, AttributeError):
            return None
        usable = (
            scheme == "scrypt"
            and parsed.n >= 2
            and parsed.n & (parsed.n - 1) == 0
            and parsed.n <= MAX_STORED_N
            and 1 <= parsed.r <= 32
            and 1 <= parsed.p <= 16
        )
        return parsed if usable else None


# The PHC string argon2-cffi writes: salt and hash in unpadded base64.
_ARGON2ID = re.compile(
    r"\$argon2id\$v=19\$m=\d{1,8},t=\d{1,3},p=\d{1,3}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}"
)


def _argon2_parameters(stored: str):
    """The parameters of a usable Argon2id hash, or None (another scheme, malformed, too dear)."""
    if not isinstance(stored, str) or not _ARGON2ID.fullmatch(stored):
        return None
    try:
        params = extract_parameters(stored)
    except (InvalidHashError, ValueError):
        return None
    usable = (
        params.type is Type.ID
        and params.memory_cost <= MAX_STORED_M
        and 1 <= params.time_cost <= MAX_STORED_T
        and 1 <= params.parallelism <= MAX_STORED_P
    )
    return params if usable else None


def _argon2_verify(password: str, stored: str) -> bool:
    """One Argon2id computation at the stored hash's own parameters (the unit of work the tests
    count)."""
    try:
        return verify_secret(
            stored.encode("ascii"), password.encode("utf-8", "surrogatepass"), Type.ID
        )
    except (VerificationError, InvalidHashError, UnicodeEncodeError):
        return False


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # OpenSSL needs about 128·r·(N + p) bytes; hashlib's default ceiling (32 MiB) is below the
    # 128 MiB of N=2**17, r=8, so the ceiling is given explicitly, with room for bookkeeping.
    maxmem = 128 * r * (n + p + 2) + 2**20
    return hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=dklen,
        maxmem=maxmem,
    )


def hash_password(password: str) -> str:
    return _hasher(current_m()).hash(password.encode("utf-8", "surrogatepass"))


def verify_password(password: str, stored: str) -> bool:
    """Does the password match the stored hash, Argon2id or an earlier release's scrypt?"""
    if _argon2_parameters(stored) is not None:
        return _argon2_verify(password, stored)
    legacy = ScryptHash.parse(stored)
    if legacy is None:
        return False
    got = _scrypt(password, legacy.salt, legacy.n, legacy.r, legacy.p, len(legacy.key) // 2)
    return hmac.compare_digest(got.hex(), legacy.key)


def needs_upgrade(stored: str) -> bool:
    """True for a scrypt hash and for an Argon2id hash at other parameters than today's: rewrite
    it once the password is known."""
    if ScryptHash.parse(stored) is not None:
        return True
    return _argon2_parameters(stored) is not None and _hasher(current_m()).check_needs_rehash(
        stored
    )


def dummy_hash() -> str:
    """A well-formed Argon2id hash at today's cost that no password matches: an unknown user name
    costs the same work as a wrong password (sign-in timing reveals no names)."""
    zeros = "A" * 22, "A" * 43  # 16 and 32 zero bytes in unpadded base64
    return f"$argon2id$v=19$m={current_m()},t={T},p={P}${zeros[0]}${zeros[1]}"


def legacy_ceiling(stored_hashes: Iterable[str | None]) -> int:
    """The scrypt work (N·r·p) of the dearest scrypt hash among the database's accounts; 0 when
    none is left. Failed checks are padded to it (`pad_failed_check`)."""
    works = (ScryptHash.parse(h) for h in stored_hashes if h)
    return max((w.work for w in works if w is not None), default=0)


def pad_failed_check(stored: str, ceiling: int) -> None:
    """After a failed check against `stored`, spend what is missing to one Argon2id check at
    today's cost plus `ceiling` scrypt work (`legacy_ceiling` of the database), so that every
    failure — unknown name (`dummy_hash`), current hash, scrypt hash of an earlier release —
    costs the same.

    A scrypt hash has spent its own work already: the padding adds the rest of the ceiling in
    runs that double N (n, 2n, 4n … up to ceiling/2: together n + n + 2n + … = ceiling),
    because scrypt's time per unit of N grows with its memory and many small runs would finish
    measurably sooner; the missing ceiling after an Argon2id check is one run at the ceiling's N.
    An Argon2id hash at other parameters than today's (none yet: a later release that changes
    them) fails at its own cost on top of this."""
    argon2_current = _argon2_parameters(stored) is not None and not needs_upgrade(stored)
    if not argon2_current:
        _argon2_verify("", dummy_hash())
    unit = SCRYPT_R * SCRYPT_P
    legacy = ScryptHash.parse(stored)
    if legacy is not None:
        remaining, n, salt = ceiling - legacy.work, legacy.n, legacy.salt
    else:
        remaining, n, salt = ceiling, ceiling // unit, bytes(16)
    while remaining >= 2 * unit:
        step = 1 << (min(n, remaining // unit).bit_length() - 1)  # scrypt's N: a power of 2
        _scrypt("", salt, step, SCRYPT_R, SCRYPT_P, 32)
        remaining -= step * unit
        n = step * 2
