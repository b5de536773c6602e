"""Seals and the seal register (用印, R45–R48, R14, LOG)."""

from __future__ import annotations
