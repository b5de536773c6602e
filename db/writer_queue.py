"""First come, first served among the writers of one SQLite file (db.engine's BEGIN IMMEDIATE).

SQLite lets whoever asks at the right moment have the write lock. With four processes saving
without pause, a retry loop that gives every waiter the same chance at each release still left
the unlucky one waiting 0.5–2.8 s on a loaded PC (docs/PERFORMANCE.md). Here each writer takes a
ticket and only the writer whose predecessor has gone asks SQLite for the lock, so a save waits
for at most the saves that asked before it.

How: a small lock file beside the database (`<database>.writers.lock`). Its first 8 bytes hold
the next ticket number; taking a ticket locks those bytes for a moment. Ticket t is an OS
byte-range lock on one byte of the file (at `_SLOTS_AT + t mod _SLOTS`), taken while the ticket
is drawn and held until the writer has the database's write lock. The writer with ticket t waits
until it can lock its predecessor's byte (t - 1): then the one before it has the write lock, has
given up, or has died. The waiting is on the predecessor's byte only, so the order holds without
anyone polling SQLite but the first in line.

Why OS locks and not ticket files: the OS releases a process's locks when it dies, so a crashed
or killed writer never blocks the others, and nothing in the file can: the stored number only
picks bytes, any value (even a torn write) works, and the file is never deleted (deleting a lock
file races with its users). Readers never touch it.

Scope: one PC — the embedded mode (WAL needs all its users on one host). POSIX locks
(`fcntl.lockf`) belong to the process and closing any handle of the file drops them all; Windows
locks (`msvcrt.locking`) belong to the handle. So the threads of one process take turns through a
thread lock, one at a time in the file's queue, and each turn opens the file and closes it at its
end (a few microseconds beside a save; no handle stays open, so the folder of a temporary
database can be deleted on Windows once its engine is done). Waits are by polling with
sub-millisecond sleeps: both systems can try a lock without blocking, only POSIX can wait on one
without a timeout, and msvcrt's blocking mode retries once a second. If the file cannot be
opened (a read-only folder), writers fall back to the retry loop alone.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TICKET_BYTES = 8  # the next ticket number, little-endian; also the range locked to draw one
_SLOTS_AT = 1 << 20
_SLOTS = 1 << 20  # tickets in flight before two share a byte: far more than writers ever wait
_POLL_PAUSE = 0.0005

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, offset: int, length: int) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, length)
        except OSError:
            return False
        return True

    def _unlock(fd: int, offset: int, length: int) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, length)

else:
    import fcntl

    def _try_lock(fd: int, offset: int, length: int) -> bool:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, offset, os.SEEK_SET)
        except OSError:  # EAGAIN or EACCES: another process holds it
            return False
        return True

    def _unlock(fd: int, offset: int, length: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_UN, length, offset, os.SEEK_SET)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".writers.lock")


class WriterQueue:
    """The queue of one database file in this process (see `for_database`)."""

    def __init__(self, path: Path):
        self.path = path
        self._in_process = threading.Lock()  # one waiter per process in the file's queue

    @contextmanager
    def turn(self, give_up_at: float) -> Iterator[bool]:
        """Wait until every writer that asked before this one has had the write lock (or has
        gone); yields True then (at once when the file cannot be used: no queue), False when
        `give_up_at` (time.monotonic()) came first — the caller then asks SQLite for the lock
        once more, as it would without a queue. Leave the block once BEGIN IMMEDIATE has
        succeeded or failed: that hands the turn on."""
        if not self._in_process.acquire(timeout=max(0.0, give_up_at - time.monotonic())):
            yield False
            return
        fd = -1
        try:
            try:
                flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)  # no \n translation
                fd = os.open(self.path, flags, 0o600)  # the owner's, as the database (config)
            except OSError:
                pass
            ticket = None if fd < 0 else self._draw(fd)
            if ticket is None:  # no file, or no byte: the retry loop alone, as before
                yield time.monotonic() < give_up_at
                return
            try:
                yield self._wait_for(fd, _slot(ticket - 1), give_up_at)
            finally:
                # The next in line goes. Unlocked before closing: Windows releases a closed
                # handle's locks only "when resources allow" and asks for explicit unlocks.
                _unlock(fd, _slot(ticket), 1)
        finally:
            if fd >= 0:
                os.close(fd)
            self._in_process.release()

    def _draw(self, fd: int) -> int | None:
        """The next ticket, its byte already locked; None if that byte is taken (only a
        counter reset by hand could do that): this writer then goes without a turn."""
        while not _try_lock(fd, 0, _TICKET_BYTES):
            time.sleep(_POLL_PAUSE / 5)  # held for two small reads and writes
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            stored = os.read(fd, _TICKET_BYTES)
            ticket = int.from_bytes(stored, "little") if len(stored) == _TICKET_BYTES else 0
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, ((ticket + 1) % (1 << 63)).to_bytes(_TICKET_BYTES, "little"))
            return ticket if _try_lock(fd, _slot(ticket), 1) else None
        finally:
            _unlock(fd, 0, _TICKET_BYTES)

    @staticmethod
    def _wait_for(fd: int, predecessor: int, give_up_at: float) -> bool:
        while not _try_lock(fd, predecessor, 1):
            if time.monotonic() >= give_up_at:
                return False
            time.sleep(_POLL_PAUSE)
        _unlock(fd, predecessor, 1)
        return True


def _slot(ticket: int) -> int:
    return _SLOTS_AT + ticket % _SLOTS


_queues: dict[Path, WriterQueue] = {}
_queues_lock = threading.Lock()


def for_database(database: str) -> WriterQueue:
    """The process's one queue for the database file at `database` (every engine on the file
    shares it: POSIX locks belong to the process, so two turns at once would not exclude each
    other, and one's closing would drop the other's locks)."""
    path = lock_path(Path(database).resolve())
    with _queues_lock:
        return _queues.setdefault(path, WriterQueue(path))
