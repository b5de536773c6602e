"""Full-text search index over document registers."""

from __future__ import annotations
