"""Seal rules (第四十五至四十八条, 第十四条): R45.1–R48, R14, LOG."""

from __future__ import annotations
