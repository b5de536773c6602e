"""Dashboard providers for seals."""

from __future__ import annotations
