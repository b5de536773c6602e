"""`fuban print sample`: a specimen page set to check a new PC's fonts and printer — a 纪要 of
several pages with every heading level, the attendance lines and the closing block, and a
register page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from desktop_app.formatting import format_date, format_issue_number
from desktop_app.printing.minutes import Minutes, MinutesItem

OFFICE = "同江市人民政府办公室"


def sample_minutes() -> Minutes:
    meeting_day, issued = date(2018, 8, 31), date(2018, 9, 4)
    items = [
        MinutesItem(
            "审议《同江市人民政府工作规则（修订稿）》的问题",
            [
                "会议听取了市政府办公室关于《同江市人民政府工作规则（修订稿）》起草情况的汇报。会议认为，"
                "修订后的工作规则进一步明确了市政府组成人员职责，规范了会议、公文、请示报告和督办检查等工作程序，"
                "对于建设法治政府、服务型政府具有重要意义。会议原则同意该规则。",
                "（一）关于会议制度。市政府常务会议原则上每月召开一次，须有半数以上成员出席方能召开。"
                "提请会议审议的议题，须经分管副市长审核、常务副市长审签、市长审定。",
                "（二）关于公文处理。以市政府名义制发的公文，由分管副市长审核，常务副市长签发；"
                "涉及两位以上副市长分管工作的，由常务副市长或市长签发。",
                "1.各部门要严格按照公文处理程序报送文件，非正常程序传递的文件不予受理。",
                "2.规范性文件须经市政府法制部门审核后提交常务会议讨论决定。",
                "（1）起草部门应同时提出解读意见；（2）自发布之日起十五日内报送备案。",
            ],
        ),
        MinutesItem(
            "研究2018年秋季农业生产和防汛工作的问题",
            [
                "会议听取了农业农村局关于秋季农业生产情况和水务部门关于防汛工作的汇报。会议要求，"
                "各乡镇、各有关部门要克服麻痹思想，落实防汛责任，加强巡查值守，确保群众生命财产安全；"
                "要抓好秋收准备，做好农机调度和粮食收储工作，确保颗粒归仓。",
                "会议明确，防汛工作由分管副市长负责统筹，财政局负责落实防汛资金，"
                "各乡镇党委书记、乡镇长汛期原则上不得同时外出。",
            ],
        ),
        MinutesItem(
            "研究城市基础设施建设项目资金安排的问题",
            [
                "会议听取了住房和城乡建设局关于2018年城市基础设施建设项目进展情况的汇报，原则同意所提资金安排意见。"
                "会议要求，财政局、审计局要加强资金监管，严格执行政府投资项目管理规定，"
                "确保资金安全和项目质量；住房和城乡建设局要倒排工期，确保年底前完成主体工程。",
                "会议强调，凡以市政府名义签订的合同、协议，须经合法性审查。",
            ],
        ),
        MinutesItem(
            "研究信访积案化解工作的问题",
            [
                "会议听取了信访局关于信访积案化解工作的汇报。会议要求，各级领导干部要亲自阅批重要信访文电，"
                "亲自接待重要群访和疑难单访，确保信访渠道畅通；对重点积案要逐案明确包案领导和责任单位，"
                "限期化解，化解情况由督办检查室跟踪督办并定期通报。",
            ],
        ),
    ]
    return Minutes(
        mark="同江市人民政府常务会议纪要",
        issue_number=format_issue_number(2018, 12),
        office=OFFICE,
        date_text=format_date(issued),
        opening=f"{format_date(meeting_day)}，市长李明远主持召开市政府第二十五次常务会议，"
        "研究了工作规则修订、秋季农业生产和防汛、城市基础设施建设资金安排、信访积案化解等事项。"
        "现纪要如下：",
        items=items,
        present=["李明远", "张海峰", "赵文华", "孙立新", "周志强", "吴秀兰"],
        on_leave=["（无）"],
        attending=[
            "市政府党组其他成员",
            "市政府办公室陈立",
            "法制办公室杨帆",
            "财政局朱宏",
            "发展和改革局胡晓燕",
            "审计局郭峰",
            "信访局何斌",
            "安全生产监督管理局高雪",
            "住房和城乡建设局郑红梅",
            "农业农村局罗健",
            # rarer name characters (GBK 堃 赟, Extension A 㑇): the specimen shows whether
            # this PC's fonts print them
            "统计局李堃",
            "档案馆赵赟",
            "人防办张㑇",
        ],
        cc="市委办公室，市人大常委会办公室，市政协办公室，各乡（镇）人民政府，市政府各部门",
        issued_text=format_date(issued),
    )


def write_sample(out: Path) -> tuple[list[tuple[Path, int]], list[str]]:
    """Write the specimen: `out` holds the 纪要 pages; the register page goes beside it as
    `<stem>-登记簿.pdf` (a landscape page in its own file keeps each file's geometry uniform)."""
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.minutes import build_minutes_pdf

    fonts = load_fonts()
    out.parent.mkdir(parents=True, exist_ok=True)
    minutes = build_minutes_pdf(sample_minutes(), fonts)
    out.write_bytes(minutes.pdf)
    written = [(out, minutes.pages)]
    register_pdf, register_pages = sample_register_pdf(fonts)
    register_path = out.with_name(f"{out.stem}-登记簿.pdf")
    register_path.write_bytes(register_pdf)
    written.append((register_path, register_pages))
    glyph_notes = [n for n in minutes.notes if n.startswith(("生僻字", "缺字", "小标宋"))]
    return written, [f"字体：{fonts.summary()}", *glyph_notes]


SEAL_COLUMNS = [
    ("序号", 0.6, "center"),
    ("日期", 1.9, "center"),
    ("编号", 2.2, "left"),
    ("用印单位", 1.5, "left"),
    ("文件名称", 2.8, "left"),
    ("事由", 2.0, "left"),
    ("印章", 1.6, "left"),
    ("份数", 0.6, "center"),
    ("经办人", 0.9, "center"),
    ("批准人", 0.9, "center"),
    ("监印人", 0.9, "center"),
    ("备注", 1.5, "left"),
]


def sample_register_pdf(fonts) -> tuple[bytes, int]:
    """One page of a 用印登记簿 with a voided entry: the landscape register template."""
    from desktop_app.formatting import format_doc_number
    from desktop_app.printing.register import RegisterColumn, RegisterSpec, build_register_pdf

    units = ["财政局", "住房和城乡建设局", "市政府办公室", "农业农村局", "审计局"]
    titles = [
        "关于申请2018年城市基础设施建设项目资金的请示",
        "同江市人民政府与黑龙江某公司战略合作框架协议",
        "关于2018年上半年政府工作情况的报告",
        "秋季农业生产补贴资金拨付通知",
        "2017年度财政预算执行情况审计报告",
    ]
    rows = []
    for n in range(1, 9):
        k = (n - 1) % len(units)
        rows.append(
            [
                str(n),
                format_date(date(2018, 9, n + 3)),
                format_doc_number("用印", 2018, 56 + n),
                units[k],
                titles[k],
                "报送上级" if k != 1 else "签订合同（已经合法性审查）",
                "同江市人民政府印" if k != 2 else "同江市人民政府办公室印",
                str(k + 2),
                "王晓",
                "张海峰" if k != 1 else "李明远",
                "刘敏",
                "盖章位置错误，已收回销毁" if n == 4 else "",
            ]
        )
    spec = RegisterSpec(
        "用印登记簿",
        OFFICE,
        [RegisterColumn(t, w, a) for t, w, a in SEAL_COLUMNS],
        filter_text="2018年9月",
        printed_on=date(2018, 9, 30),
        voided_rows={3},
    )
    pdf = build_register_pdf(spec, rows, fonts)
    return pdf, len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
