"""Backups are signed: a keyed hash (HMAC-SHA256) over the manifest, which lists the SHA-256 of
every table file. The key is kept outside the database — a file in this computer's fuban
settings folder, readable by its owner only — so a backup edited by hand (say, one line turning a
文秘 into 管理员) no longer verifies, and restore refuses it before anything is replaced.

A backup made on another computer verifies with that computer's key file (`--key-file`); the IT
person keeps a copy of the server PC's key with the backups.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

from desktop_app import config

KEY_FILE = "backup.key"


def key_path() -> Path:
    return config.config_dir() / KEY_FILE


def machine_key() -> bytes:
    """This computer's backup key, made on first use."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32), encoding="ascii")
        config.owner_only(tmp)
        tmp.replace(path)
    return read_key(path)


def read_key(path: Path) -> bytes:
    try:
        return bytes.fromhex(Path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        from desktop_app.services.system.maintenance import BackupError

        raise BackupError(f"无法读取备份密钥文件「{path}」。") from None


def table_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign(manifest: dict, key: bytes) -> str:
    return hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()


def verify(manifest: dict, files: dict[str, bytes], key: bytes) -> str | None:
    """None when the backup is as it was written; else what is wrong (Chinese)."""
    signature = manifest.get("signature")
    if not signature:
        return "备份没有签名（由旧版本生成，或签名被删除）"
    if not hmac.compare_digest(signature, sign(manifest, key)):
        return "备份的签名与本机密钥不符（文件被改动，或由另一台电脑生成）"
    digests = manifest.get("tables_sha256", {})
    for name, data in files.items():
        if digests.get(name) != table_digest(data):
            return f"备份中的表 {name} 被改动"
    return None
