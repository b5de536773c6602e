"""Benchmark: the directory's dated questions with 10 years of history.

Run on demand:  python -m tests.bench.directory_queries [--pg]
History: 2016–2026, the mayor changing every 5 years, 8 vice-mayor posts re-staffed every two years,
60 units whose heads change yearly, portfolios reshuffled yearly, AB pairs yearly, 12 entrustments
a year. Each question is asked for 500 random days; the figure is time per question.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from db import migrate
from db.engine import Database
from db.models import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from desktop_app.services.directory import queries as q
from tests.bench import machine

START, END = date(2016, 1, 1), date(2026, 12, 31)


def build(db: Database) -> tuple[list[int], int]:
    rnd = random.Random(7)
    with db.uow("bench") as s:
        units = [Unit(name=f"单位{i}", kind="department") for i in range(60)]
        s.add_all(units)
        s.flush()
        people: list[Person] = []

        def person() -> int:
            p = Person(name=f"人员{len(people)}")
            people.append(p)
            s.add(p)
            s.flush()
            return p.id

        for y in range(START.year, END.year + 1, 5):
            s.add(
                Appointment(
                    person_id=person(),
                    post_code="mayor",
                    start_date=date(y, 1, 1),
                    end_date=date(y + 4, 12, 31),
                )
            )
        for y in range(START.year, END.year + 1, 2):
            vms = [person() for _ in range(8)]
            for v in vms:
                s.add(
                    Appointment(
                        person_id=v,
                        post_code="vice_mayor",
                        start_date=date(y, 1, 1),
                        end_date=date(y + 1, 12, 31),
                    )
                )
            for year in (y, y + 1):
                first, last = date(year, 1, 1), date(year, 12, 31)
                for a, b in zip(vms[::2], vms[1::2], strict=True):
                    s.add(AbPair(person_a_id=a, person_b_id=b, start_date=first, end_date=last))
                for u in units:
                    s.add(
                        Portfolio(
                            person_id=rnd.choice(vms), unit_id=u.id, start_date=first, end_date=last
                        )
                    )
        for year in range(START.year, END.year + 1):
            for u in units:
                s.add(
                    Appointment(
                        person_id=person(),
                        post_code="unit_head",
                        unit_id=u.id,
                        start_date=date(year, 1, 1),
                        end_date=date(year, 12, 31),
                    )
                )
            for m in range(1, 13):
                d0 = date(year, m, 10)
                s.add(
                    Entrustment(
                        principal_id=people[0].id,
                        agent_id=people[1].id,
                        start_date=d0,
                        end_date=d0 + timedelta(days=3),
                    )
                )
        s.flush()
        return [u.id for u in units], people[5].id


def timed(fn, days) -> tuple[float, float]:
    samples = []
    for d in days:
        t = time.perf_counter()
        fn(d)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def run(db: Database) -> None:
    migrate.upgrade(db)
    t = time.perf_counter()
    units, someone = build(db)
    print(f"  history written in {time.perf_counter() - t:.1f} s")
    rnd = random.Random(1)
    span = (END - START).days
    days = [START + timedelta(days=rnd.randrange(span)) for _ in range(500)]
    with db.read() as s:
        rows = {
            m.__tablename__: s.query(m).count()
            for m in (Appointment, Portfolio, AbPair, Entrustment)
        }
        print(f"  rows: {rows}")
        questions = {
            "who held 市长 on D": lambda d: q.holder(s, "mayor", d),
            "vice mayor in charge of unit U on D": lambda d: q.vice_mayor_in_charge(
                s, rnd.choice(units), d
            ),
            "AB partner of X on D": lambda d: q.ab_partner(s, someone, d),
            "entrusted by the mayor on D": lambda d: q.entrusted_agent(s, d),
            "highest post of X on D (R62.5)": lambda d: q.highest_post_of(s, someone, d),
        }
        for name, fn in questions.items():
            med, p95 = timed(fn, days)
            print(f"  {name:<38} median {med:.2f} ms   p95 {p95:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="", help="PostgreSQL URL of an EMPTY database to use too")
    args = parser.parse_args()
    machine.start("directory questions over 10 years of dated history")
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        d = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        run(d)
        d.dispose()
    if args.pg:
        print("PostgreSQL:")
        d = Database(args.pg)
        run(d)
        d.dispose()
    machine.report("end")


if __name__ == "__main__":
    main()
