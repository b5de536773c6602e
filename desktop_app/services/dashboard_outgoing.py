"""Dashboard providers for outgoing documents."""

from __future__ import annotations
