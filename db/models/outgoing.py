"""Outgoing documents (发文, R33, R34, R16, R18, R49, NUM)."""

from __future__ import annotations
