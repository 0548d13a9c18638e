"""Documents of each official form, built from the real documents in tests/fixtures/forms/.

Each builder reads its fixture's cells and puts them into the model exactly as printed
(amounts in 万元 back into 元, as data files hold them), so an export can be compared with
the printed original cell by cell. ``FORMS`` maps a profile key to (fixture, builder).
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from perftui.model import Cost, Document, Indicator, Overall, Project, Task, Unit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "forms"


def fixture(prefix: str) -> dict:
    path = next(FIXTURES.glob(f"{prefix}-*.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def rows(prefix: str, table: int = 0) -> list[list[str]]:
    return fixture(prefix)["tables"][table]["rows"]


def amount(text: str, money: str = "万元") -> Decimal | None:
    """A printed amount (``250万``, ``10000万元``, ``3,309,840.00``) in 元."""
    raw = text.strip().replace(",", "").removesuffix("万元").removesuffix("万").removesuffix("元")
    if not raw:
        return None
    value = Decimal(raw)
    return (value * 10000).quantize(Decimal("0.01")) if money == "万元" else value.quantize(Decimal("0.01"))


def carried(table: list[list[str]], first: int, last: int, cols: list[int]) -> list[list[str]]:
    """Rows ``first..last`` with the cells of ``cols`` carried down where a merge left them blank."""
    out = []
    above = [""] * (max(cols) + 1)
    for row in table[first : last + 1]:
        row = list(row) + [""] * (max(cols) + 1 - len(row))
        for c in cols:
            if row[c] == "" and above[c]:
                row[c] = above[c]
            above[c] = row[c]
        out.append(row)
    return out


def wenben() -> Document:
    from perftui.store import load

    return load(Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml").doc


def shenbao88() -> Document:
    t = fixture("01")["tables"]
    head, goals, inds = t[0]["rows"], t[1]["rows"], t[2]["rows"]
    project = Project(
        name=head[0][1], dept=head[1][1], implementer=head[1][3], attribute=head[2][1], period=head[2][3],
        long_budget=amount(head[3][2]), budget=amount(head[3][4]), long_fiscal=amount(head[4][2]),
        fiscal=amount(head[4][4]), long_other=amount(head[5][2]), other=amount(head[5][4]),
        long_goals=[goals[1][1]], goals=[goals[1][2]],
        indicators=[Indicator(level1=r[0], long_level2=r[1], long_name=r[2].strip(), long_value=r[3].strip(),
                              level2=r[4], name=r[5], value=r[6]) for r in inds[1:]],
    )  # fmt: skip
    return Document(form="88号申报表", unit=Unit("015001", "武汉市青山区教育局", 2020), projects=[project])


def shenpi101() -> Document:
    t = rows("07")
    inds = carried(t, 12, 14, [1])
    project = Project(
        name=t[0][1], category=t[0][3], period=t[1][1], dept=t[1][3], implementer=t[2][1], manager=t[2][3],
        phone=t[2][5], approval=t[3][1], overview=t[4][1], goals=[t[5][1]], long_budget=amount(t[6][2]),
        fund_class=t[6][4], budget=amount(t[7][2]), fiscal=amount(t[8][2]), subject=t[8][4], other=amount(t[9][2]),
        execution=Decimal(t[10][2].removesuffix("%")), execution_points=Decimal(t[10][4].removesuffix("分")),
        indicators=[Indicator(level1=re.sub(r"\(\d+-\d+\)分$", "", r[1]), level2=r[2], name=r[3], value=r[4],
                              points=Decimal(r[5]) if r[5] else None, explain=r[6]) for r in inds],
    )  # fmt: skip
    return Document(form="101号审批表", framework="101号", unit=Unit("", "奉节县云雾土家族乡人民政府", 2023),
                    projects=[project])


def zhengti() -> Document:
    t = rows("08")
    inds = carried(rows("08", 1), 1, 6, [0, 1])
    overall = Overall(
        goal=t[4][1], budget=amount(t[1][2]), spending=amount(t[2][2]), basic=amount(t[3][2]),
        tasks=[Task(r[1], r[2], r[3], amount(r[4])) for r in t[6:9]],
        indicators=[Indicator(level1=r[0], level2=r[1], name=r[2], explain=r[3], value=r[4]) for r in inds],
    )  # fmt: skip
    return Document(form="整体支出", unit=Unit(t[0][3], t[0][1], 2019), overall=overall)


def hunan_zhengti() -> Document:
    t = rows("09")
    inds = carried(t, 6, len(t) - 1, [0])
    overall = Overall(
        duties=t[2][1], goal=t[3][1],
        indicators=[Indicator(level1=r[0], level2=r[1], name=r[2], value_type=r[3], value=r[4], unit=r[5],
                              explain=r[6], scoring=r[7], note=r[8]) for r in inds],
    )  # fmt: skip
    return Document(form="湖南整体支出", framework="101号", unit=Unit("", t[1][1], 2023), overall=overall)


def hunan() -> Document:
    t = rows("04")
    inds = carried(t, 7, 16, [1, 2])
    project = Project(
        name=t[1][1], dept=t[1][3], budget=amount(t[2][1]), superior=amount(t[2][3]), period=t[3][1],
        long_goals=[t[4][1]], goals=[t[5][1]], opinion=t[17][1],
        indicators=[Indicator(level1=r[1], level2=r[2], name=r[3], value=r[4], basis=r[5]) for r in inds],
    )  # fmt: skip
    return Document(form="湖南申报表", unit=Unit("", "湘潭市环境卫生管理处", 2023), projects=[project])


def hubei() -> Document:
    t = fixture("05")["tables"]
    head, costs, inds = t[0]["rows"], t[1]["rows"], carried(t[2]["rows"], 1, 5, [0])
    project = Project(
        name=head[0][1], category=head[1][1], attribute=head[2][1], approval=head[3][1], goals=[head[4][1]],
        costs=[Cost(r[0], amount(r[1]), r[2], amount(r[3]), amount(r[4])) for r in costs[1:-1]],
        indicators=[Indicator(level1="产出指标", level2=r[0], name=r[1], description=r[2], value=r[3]) for r in inds],
    )  # fmt: skip
    return Document(form="湖北申报表", unit=Unit("", "鄂州市机关事务服务中心", 2022), projects=[project])


def sichuan() -> Document:
    t = rows("06")
    unit_code, unit_name = t[4][0].split("-", 1)
    projects = []
    for first, last in ((4, 11), (12, 16)):
        inds = []
        for r in t[first : last + 1]:
            r = r + [""] * (12 - len(r))
            inds.append(Indicator(level1=r[4], level2=r[5], name=r[6], value=r[7] + r[8], unit=r[9],
                                  points=Decimal(r[10]) if r[10].strip() else None, direction=r[11]))
        head = t[first]
        projects.append(Project(name=head[1], budget=amount(head[2], "元"), goals=[head[3]], indicators=inds))
    return Document(form="四川一体化", unit=Unit(unit_code, unit_name, 2023), projects=projects)


def touzi() -> Document:
    t = rows("10")
    inds = carried(t, 5, 8, [1, 2])
    project = Project(
        name=t[0][1], implementer=t[1][1], budget=amount(t[2][1]), goals=[t[3][1]],
        indicators=[Indicator(level1=r[1], level2=r[2], name=r[3], value=r[4]) for r in inds],
    )  # fmt: skip
    return Document(form="中央预算内投资", framework="实施效果", unit=Unit("", "宝坻区人民政府", 2022), projects=[project])


FORMS = {
    "绩效文本": ("00", wenben),
    "88号申报表": ("01", shenbao88),
    "101号审批表": ("07", shenpi101),
    "整体支出": ("08", zhengti),
    "湖南整体支出": ("09", hunan_zhengti),
    "湖南申报表": ("04", hunan),
    "湖北申报表": ("05", hubei),
    "四川一体化": ("06", sichuan),
    "中央预算内投资": ("10", touzi),
}


def norm(text: str) -> str:
    """A cell as compared with the printed original: NFKC (full-width colons and brackets as
    ASCII), no whitespace (the originals print line breaks as spaces), an amount without its
    unit and thousands separators (the export prints the unit once, in the header note)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(?:万元|万)?", text)
    if m:
        return format(Decimal(m.group(1).replace(",", "")).normalize(), "f")
    return text
