"""Start-up on SQLite loads only what it needs: the models, the services of every area and the
dashboard providers do not import SQLAlchemy's PostgreSQL dialect (which brings its asyncpg
module and costs 35–40 ms of every start; issue 17), nor ReportLab or Alembic (printing and
upgrades load them when used)."""

import subprocess
import sys


def test_sqlite_start_path_does_not_load_the_postgresql_dialect(tmp_path):
    code = (
        "import sys\n"
        "import desktop_app.bootstrap, db.models, db.locks\n"
        "from desktop_app.services import areas\n"
        "from db.engine import Database\n"
        "areas.compose()\n"
        f"d = Database('sqlite:///{(tmp_path / 'x.db').as_posix()}')\n"
        "with d.engine.connect() as conn:\n"
        "    conn.exec_driver_sql('select 1')\n"
        "print(sorted(n for n in sys.modules if n.startswith('sqlalchemy.dialects.postgresql')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_tokens_column_is_tsvector_on_postgresql_and_text_on_sqlite():
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateTable

    from db.models.search import DocumentSearch

    table = DocumentSearch.__table__
    assert "tokens TSVECTOR" in str(CreateTable(table).compile(dialect=postgresql.dialect()))
    assert "tokens TEXT" in str(CreateTable(table).compile(dialect=sqlite.dialect()))


def test_composing_the_areas_loads_neither_reportlab_nor_alembic():
    """areas.compose() runs at every start (while the sign-in dialog waits): the modules it
    imports (dashboard providers, printed sheets' services) keep printing imports inside the
    functions that print."""
    code = (
        "import sys\n"
        "from desktop_app.services import areas\n"
        "areas.compose()\n"
        "print([n for n in ('reportlab', 'alembic') if n in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mapped_classes_declare_their_columns_with_objects_not_strings():
    """Every start declares ~770 mapped attributes. Written as strings (a model module with
    `from __future__ import annotations`), SQLAlchemy compiles and evaluates each one; as objects
    it reads them directly, which takes a third of the models' import time off every start."""
    import db.models  # noqa: F401
    from db.base import Base

    written_as_text = [
        f"{cls.__name__}.{name}"
        for mapper in Base.registry.mappers
        for cls in mapper.class_.__mro__
        for name, annotation in vars(cls).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert written_as_text == []
