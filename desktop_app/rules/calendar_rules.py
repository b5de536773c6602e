"""CAL1/CAL2 registered for the rule list; the logic lives in desktop_app.workdays."""

from desktop_app.rules.registry import register

register(
    "CAL1",
    "工作日历规则",
    "rule",
    "工作日按国家法定节假日和调休安排计算；日历库无数据的年份，由管理员录入当年放假通知，未录入前暂按周末计算。",
)
register("CAL2", "工作日历规则", "rule", "“提前N天”“N日内”按自然日计算；“N个工作日”按工作日计算。")
