"""Absence rules (第六十二条, 第二十七条, 第六条): R62.1–R62.10."""

from __future__ import annotations
