"""Realistic document registers for the 200,000-document benchmark: 20 years of a county
government's incoming documents (with proposals and reading opinions) and outgoing documents.

Rows go in through SQLAlchemy Core in batches (the ORM would take minutes); the search index is
then built by db.search_index.refresh — the code the app's session event runs.
"""

from __future__ import annotations

import heapq
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, MetaData, Table, insert, inspect

from db.base import utcnow
from db.engine import Database
from db.models import IncomingDocument, IncomingReading, Person, Unit
from db.search_index import refresh

START = datetime(2007, 1, 1, 0, 30, tzinfo=UTC)
YEARS = 20
BATCH = 2000

TOPICS = [
    "防汛抗旱",
    "森林草原防火",
    "安全生产大检查",
    "秸秆禁烧",
    "脱贫攻坚",
    "乡村振兴",
    "疫情防控",
    "生态环境保护",
    "城市管理综合执法",
    "招商引资",
    "扫黑除恶专项斗争",
    "农村人居环境整治",
    "耕地保护",
    "食品药品安全",
    "校园及周边安全",
    "冬季供暖保障",
    "春耕生产",
    "边境管控",
    "口岸通关便利化",
    "赫哲族民族文化保护",
    "黑土地保护",
    "粮食安全",
    "河湖长制",
    "优化营商环境",
    "政务公开",
    "信访维稳",
    "安全度汛",
    "地质灾害防治",
    "道路交通安全",
    "消防安全",
    "高标准农田建设",
    "农村饮水安全",
    "棚户区改造",
    "老旧小区改造",
    "就业创业",
    "社会保险扩面",
    "义务教育均衡发展",
    "医疗卫生服务体系建设",
    "养老服务体系建设",
    "退役军人服务保障",
    "统计执法检查",
    "审计整改",
    "国有资产管理",
    "政府债务风险防范",
    "财政预算执行",
    "减税降费",
    "全国文明城市创建",
    "国家卫生城市复审",
    "爱国卫生运动",
    "非洲猪瘟防控",
    "重大动物疫病防控",
    "林长制",
    "湿地保护",
    "中俄跨境合作",
    "对俄经贸合作",
    "冰雪旅游",
    "全域旅游",
    "数字政府建设",
    "12345政务服务便民热线",
    "安全生产专项整治三年行动",
]
ACTIONS = ["做好", "加强", "进一步做好", "切实做好", "全面开展", "深入推进", "认真落实", "扎实开展"]
ENDINGS = ["工作", "工作的实施方案", "专项行动", "有关事项", "工作情况", "督导检查"]
KINDS = [
    ("通知", "action", 10),
    ("通知", "notice", 8),
    ("意见", "action", 3),
    ("通报", "notice", 4),
    ("报告", "notice", 2),
    ("请示", "request", 3),
    ("批复", "notice", 2),
    ("函", "request", 3),
    ("纪要", "notice", 1),
    ("决定", "notice", 1),
]
SENDERS = [
    ("黑龙江省人民政府", "黑政发"),
    ("黑龙江省人民政府办公厅", "黑政办发"),
    ("佳木斯市人民政府", "佳政发"),
    ("佳木斯市人民政府办公室", "佳政办发"),
    ("黑龙江省应急管理厅", "黑应急发"),
    ("黑龙江省财政厅", "黑财发"),
    ("黑龙江省农业农村厅", "黑农厅发"),
    ("黑龙江省生态环境厅", "黑环发"),
    ("佳木斯市应急管理局", "佳应急发"),
    ("佳木斯市财政局", "佳财发"),
    ("同江市水务局", "同水发"),
    ("同江市农业农村局", "同农发"),
    ("同江市教育局", "同教发"),
    ("同江市财政局", "同财发"),
    ("同江市街津口赫哲族乡人民政府", "街政发"),
    ("同江市八岔赫哲族乡人民政府", "八政发"),
    ("同江海关", "同关发"),
]
UNITS = [
    "水务局",
    "应急管理局",
    "农业农村局",
    "财政局",
    "教育局",
    "卫生健康局",
    "公安局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "商务局",
    "发展和改革局",
    "民政局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "文化广电和旅游局",
    "林业和草原局",
    "审计局",
    "统计局",
    "信访局",
    "退役军人事务局",
    "口岸办",
    "民族宗教事务局",
]
LEADERS = ["李明远", "张海峰", "王建国", "刘志强", "陈晓东", "赵春梅", "孙立新", "周文斌"]
PROPOSALS = [
    "拟请{leader}副市长阅示，并转{unit}牵头办理。",
    "拟转{unit}按文件要求抓好落实，{days}个工作日内报送落实情况。",
    "拟呈{leader}副市长阅知。",
    "拟请市长阅示，{leader}副市长、{unit}阅办。",
    "拟转{unit}研究提出办理意见，报{leader}副市长审定。",
]
OPINIONS = [
    "同意拟办意见，请{unit}抓好落实。",
    "已阅。",
    "请{unit}牵头研究提出意见，{days}日内报市政府。",
    "请{unit}会同有关部门认真贯彻落实，确保各项措施落实到位。",
    "此事重要，请{unit}主要负责同志亲自部署，及时报告进展情况。",
    "请按规定程序办理，注意做好风险防范。",
]


def _pick_kind(rnd: random.Random) -> tuple[str, str]:
    doc_type, nature, _ = rnd.choices(KINDS, weights=[k[2] for k in KINDS])[0]
    return doc_type, nature


def title(rnd: random.Random, year: int, doc_type: str) -> str:
    topic = rnd.choice(TOPICS)
    if doc_type == "请示":
        return f"关于{rnd.choice(['申请', '拨付', '解决'])}{year}年{topic}专项资金的请示"
    if doc_type == "批复":
        return f"关于同意{rnd.choice(UNITS)}{topic}项目立项的批复"
    return f"关于{rnd.choice(ACTIONS)}{year}年{topic}{rnd.choice(ENDINGS)}的{doc_type}"


def directory(db: Database) -> tuple[list[int], list[int]]:
    """Units and leaders the documents refer to (through the ORM: few rows, audited)."""
    with db.uow("bench") as s:
        units = [Unit(name=f"同江市{name}", kind="department") for name in UNITS]
        people = [Person(name=name) for name in LEADERS]
        s.add_all(units + people)
        s.flush()
        return [u.id for u in units], [p.id for p in people]


def incoming_rows(count: int, unit_ids: list[int], person_ids: list[int], seed: int = 5):
    """Yield (document row, [reading rows]) in received order, ids assigned from 1."""
    rnd = random.Random(seed)
    step = timedelta(days=365.25 * YEARS) / count
    seqs: dict[int, int] = {}
    now = utcnow()
    for n in range(count):
        at = START + step * n + timedelta(minutes=rnd.randint(0, 400))
        year = at.year
        seqs[year] = seqs.get(year, 0) + 1
        doc_type, nature = _pick_kind(rnd)
        sender, prefix = rnd.choice(SENDERS)
        secret = rnd.random() < 0.02
        unit_k = rnd.randrange(len(UNITS))
        leader_k = rnd.randrange(len(LEADERS))
        words = dict(unit=UNITS[unit_k], leader=LEADERS[leader_k], days=rnd.choice([3, 5, 10]))
        old = at < now - timedelta(days=30)
        copies, first = rnd.choice([1, 1, 1, 2, 3]), rnd.randint(1, 90)
        doc = dict(
            id=n + 1,
            year=year,
            seq=seqs[year],
            received_at=at,
            sender=sender,
            sender_number=f"{prefix}〔{year}〕{rnd.randint(1, 180)}号",
            title=title(rnd, year, doc_type),
            doc_type=doc_type,
            secrecy=rnd.choice(["秘密", "机密"]) if secret else "",
            secrecy_term="10年" if secret else "",
            urgency=rnd.choice(["", "", "", "", "加急", "特急"]),
            copies=copies,
            copy_numbers=",".join(f"{first + k:03d}" for k in range(copies)) if secret else "",
            channel="normal",
            reverse_flow=False,
            nature=nature,
            from_higher=prefix[0] in "黑佳",
            status="closed" if old else "routed",
            return_reason="",
            proposal=rnd.choice(PROPOSALS).format(**words),
            proposed_at=at,
            route_kind="department",
            leader_id=person_ids[leader_k],
            lead_unit_id=unit_ids[unit_k],
            assist_unit_ids="",
            deadline=(at + timedelta(days=14)).date(),
            result="已按要求办理完毕。" if old else "",
            closed_on=(at + timedelta(days=10)).date() if old else None,
            archive_ref=f"{year}-WS-{seqs[year]:05d}" if old else "",
            created_at=at,
            created_by="bench",
            updated_at=at,
            updated_by="bench",
            version=1,
            voided_at=at + timedelta(hours=2) if rnd.random() < 0.005 else None,
            voided_by=None,
            void_reason=None,
        )
        if doc["voided_at"] is not None:
            doc["voided_by"], doc["void_reason"] = "bench", "重复登记"
        readings = []
        for _ in range(rnd.choice([0, 1, 1, 1, 2])):
            readings.append(
                dict(
                    document_id=n + 1,
                    person_id=person_ids[rnd.randrange(len(LEADERS))],
                    unit_id=None,
                    read_on=(at + timedelta(days=1)).date(),
                    kind="opinion",
                    opinion=rnd.choice(OPINIONS).format(**words),
                    created_at=at,
                    created_by="bench",
                    updated_at=at,
                    updated_by="bench",
                    version=1,
                )
            )
        yield doc, readings


def outgoing_rows(count: int, unit_ids: list[int], seed: int = 11):
    """Yield outgoing document rows (issued, numbered per prefix and year) in date order."""
    from datetime import date

    rnd = random.Random(seed)
    step = timedelta(days=365.25 * YEARS) / count
    seqs: dict[tuple[str, int], int] = {}
    for n in range(count):
        drafted: date = (START + step * n).date()
        issued = drafted + timedelta(days=rnd.randint(1, 4))
        issuer, prefix = rnd.choice(
            [
                ("government", "同政发"),
                ("office", "同政办发"),
                ("government", "同政函"),
                ("office", "同政办函"),
            ]
        )
        doc_type = (
            "函"
            if prefix.endswith("函")
            else rnd.choice(["通知", "通知", "意见", "决定", "通报", "批复"])
        )
        key = (prefix, issued.year)
        seqs[key] = seqs.get(key, 0) + 1
        secret = rnd.random() < 0.02
        copies, first = rnd.choice([20, 40, 60, 120]), rnd.randint(1, 50)
        at = datetime(drafted.year, drafted.month, drafted.day, 2, tzinfo=UTC)
        voided = rnd.random() < 0.005
        yield dict(
            issuer=issuer,
            doc_type=doc_type,
            title=title(rnd, issued.year, doc_type),
            drafting_unit_id=rnd.choice(unit_ids),
            drafted_on=drafted,
            vice_mayor_ids="",
            main_to="各乡镇人民政府，市政府各部门",
            cc="市委办公室，市人大常委会办公室",
            secrecy="秘密" if secret else "",
            secrecy_term="5年" if secret else "",
            copies=3 if secret else copies,
            copy_numbers=",".join(f"{first + k:03d}" for k in range(3)) if secret else "",
            openness="不予公开" if secret else "主动公开",
            openness_reason="涉密" if secret else "",
            status="issued",
            prefix=prefix,
            year=issued.year,
            seq=seqs[key],
            signed_on=issued,
            issued_on=issued,
            register_on=issued,
            archive_ref=f"{issued.year}-FW-{seqs[key]:04d}",
            created_at=at,
            created_by="bench",
            updated_at=at,
            updated_by="bench",
            version=1,
            voided_at=at + timedelta(days=5) if voided else None,
            voided_by="bench" if voided else None,
            void_reason="编号后发现错误" if voided else None,
        )


def as_in_database(conn: Connection, model) -> Table:
    """The model's table with only the columns the database has: the migration tests load
    documents into an older schema, which lacks the columns later migrations add."""
    table = model.__table__
    present = {c["name"] for c in inspect(conn).get_columns(table.name)}
    return Table(table.name, MetaData(), *(c._copy() for c in table.columns if c.name in present))


def load(db: Database, incoming: int, outgoing: int) -> None:
    """Write the documents in date order, incoming and outgoing interleaved, in batches; each
    batch is indexed by db.search_index.refresh — what the app's session event runs — so the
    entries come in the order of registration, as in the app."""
    from db.models.outgoing import OutgoingDocument

    unit_ids, person_ids = directory(db)
    docs: list[dict] = []
    readings: list[dict] = []
    outs: list[dict] = []

    def flush_incoming(conn: Connection) -> None:
        conn.execute(insert(as_in_database(conn, IncomingDocument)), docs)
        if readings:
            conn.execute(insert(as_in_database(conn, IncomingReading)), readings)
        refresh(conn, "incoming", [d["id"] for d in docs])
        docs.clear()
        readings.clear()

    def flush_outgoing(conn: Connection) -> None:
        conn.execute(insert(as_in_database(conn, OutgoingDocument)), outs)
        refresh(conn, "outgoing", [d["id"] for d in outs])
        outs.clear()

    ins = (
        (d["received_at"].date(), 0, (d, rs))
        for d, rs in incoming_rows(incoming, unit_ids, person_ids)
    )
    out = ((row["drafted_on"], 1, (row, [])) for row in outgoing_rows(outgoing, unit_ids))
    next_out = 1
    with db.engine.begin() as conn:
        for _day, kind, (row, rs) in heapq.merge(ins, out, key=lambda x: (x[0], x[1])):
            if kind == 0:
                docs.append(row)
                readings.extend(rs)
                if len(docs) >= BATCH:
                    flush_incoming(conn)
            else:
                row["id"], next_out = next_out, next_out + 1
                outs.append(row)
                if len(outs) >= BATCH // 4:
                    flush_outgoing(conn)
        if docs:
            flush_incoming(conn)
        if outs:
            flush_outgoing(conn)
        if conn.dialect.name == "postgresql":
            for table in ("incoming_document", "outgoing_document"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
