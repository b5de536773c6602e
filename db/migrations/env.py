"""Alembic environment: run with a connection handed over by db.migrate (no alembic.ini needed)."""

from alembic import context

import db.models  # noqa: F401 - registers the tables
from db.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through `fuban db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
