"""Password hashes: scrypt at the current cost, verification of older (cheaper) hashes, and the
work padding that keeps a failed sign-in equally slow whatever the stored hash's cost.

scrypt comes from the standard library (a memory-hard KDF, no extra dependency). The cost is
N=2**17, r=8, p=1: 128 MiB and a fraction of a second per sign-in, a steep price per guess for
anyone holding a copy of the hashes. Hashes written at a lower N (the first releases used 2**14)
still verify; the sign-in rewrites them at the current cost (`needs_upgrade`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

PRODUCTION_N, R, P = 2**17, 8, 1
# Tests only: a lower N so the suite does not spend 128 MiB and a fraction of a second on every
# account it creates (tests/conftest.py sets it; one test checks the production cost). The app
# never sets it. Values outside [2**10, PRODUCTION_N] or not a power of two are ignored.
COST_ENV = "FUBAN_SCRYPT_N"
MIN_N, MAX_STORED_N = 2**10, 2**20  # a stored hash beyond MAX_STORED_N is refused unread


def current_n() -> int:
    raw = os.environ.get(COST_ENV, "")
    if raw.isdigit():
        n = int(raw)
        if MIN_N <= n <= PRODUCTION_N and n & (n - 1) == 0:
            return n
    return PRODUCTION_N


@dataclass(frozen=True)
class StoredHash:
    n: int
    r: int
    p: int
    salt: bytes
    key: str  # hex

    @classmethod
    def parse(cls, stored: str) -> StoredHash | None:
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
    n = current_n()
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, n, R, P, 32)
    return f"scrypt${n}${R}${P}${salt.hex()}${key.hex()}"


def verify_password(password: str, stored: str) -> bool:
    parsed = StoredHash.parse(stored)
    if parsed is None:
        return False
    got = _scrypt(password, parsed.salt, parsed.n, parsed.r, parsed.p, len(parsed.key) // 2)
    return hmac.compare_digest(got.hex(), parsed.key)


def needs_upgrade(stored: str) -> bool:
    """True for a hash written at a lower cost than today's: rewrite it once the password is known."""
    parsed = StoredHash.parse(stored)
    return parsed is not None and parsed.n * parsed.r * parsed.p < current_n() * R * P


def dummy_hash() -> str:
    """A well-formed hash at the current cost that no password matches: an unknown user name
    costs the same scrypt work as a wrong password (sign-in timing reveals no names)."""
    return f"scrypt${current_n()}${R}${P}${'00' * 16}${'00' * 32}"


def pad_failed_check(stored: str) -> None:
    """After a wrong password against a cheaper hash, spend the rest of today's work, so a
    not-yet-upgraded account fails as slowly as an unknown name. The padding doubles N each run
    (n, 2n, 4n … up to today's N/2: together n + n + 2n + … = today's N), because scrypt's time
    per unit of N grows with its memory: many small runs would finish measurably sooner."""
    parsed = StoredHash.parse(stored)
    if parsed is None:  # an unreadable hash: the full work at today's cost
        verify_password("", dummy_hash())
        return
    remaining = current_n() * R * P - parsed.n * parsed.r * parsed.p
    n = parsed.n
    while remaining >= 2 * R * P:
        step = 1 << (min(n, remaining // (R * P)).bit_length() - 1)  # scrypt's N: a power of 2
        _scrypt("", parsed.salt, step, R, P, 32)
        remaining -= step * R * P
        n = step * 2
