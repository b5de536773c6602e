"""Leaders' absences (外出请示报备, R62, R27, R6.2)."""

from __future__ import annotations
