"""Connecting to the shared server as a clerk's own login (db.server_roles), and the SCRAM form
of a password that the account functions give to the server.

The app sends the server a SCRAM-SHA-256 verifier, never the password itself: an ALTER ROLE …
PASSWORD statement can end up in the server's log, and a verifier there reveals nothing that
lets anyone sign in (RFC 5802/7677, the form PostgreSQL stores with password_encryption =
scram-sha-256).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from sqlalchemy.engine import make_url

from db.server_roles import RoleNames

SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def scram_verifier(
    password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS
) -> str:
    """The verifier PostgreSQL stores for `password` ("SCRAM-SHA-256$i:salt$StoredKey:ServerKey").
    The password is normalised as SASLprep does for ordinary text (NFKC), as libpq does when it
    signs in, so the two agree."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    normalised = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", normalised, salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return f"SCRAM-SHA-256${iterations}:{_b64(salt)}${_b64(stored_key)}:{_b64(server_key)}"


def login_url(base_url: str, username: str, password: str, prefix: str = "fuban") -> str:
    """`base_url` (server, port, database) with the account's own login and password."""
    u = make_url(base_url).set(
        username=RoleNames(prefix).login(username.strip()), password=password
    )
    return u.render_as_string(hide_password=False)
