"""Dashboard providers for absences."""

from __future__ import annotations
