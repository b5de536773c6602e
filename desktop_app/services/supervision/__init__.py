"""督办: one register of supervision items from every source (R70–R73), requests (请示报告,
R57–R60), their written progress reports (R29.3) and the 督查通报. The top area: it takes items
from meetings (decisions) and documents (收文 under handling)."""
