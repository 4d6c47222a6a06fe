"""Build .xlsx files for import tests."""

from io import BytesIO

from openpyxl import Workbook

from ecobureau.enterprises import excel
from ecobureau.enterprises.tests.factories import make_credit_code


def row(n: int, **cells: str) -> dict[str, str]:
    """A good row for enterprise number n in district A (铁东区), with overrides
    given by header name."""
    values = {
        "统一社会信用代码": make_credit_code(n),
        "单位名称": f"鞍山市导入测试企业{n}有限公司",
        "生产经营场所地址": f"鞍山市铁东区测试路{n}号",
        "区县": "铁东区",
        "乡镇街道": "站前街道",
        "经度": "122.994500",
        "纬度": "41.108600",
        "行业代码": "2614",
        "行业类别": "有机化学原料制造",
        "企业规模": "中型",
        "法定代表人": "王某",
        "环保联系人": "李某",
        "联系电话": "0412-5550000",
        "重点排污单位": "市控",
        "排污许可管理类别": "重点管理",
        "状态": "正常生产",
        "监管单位": "铁东分局",
        "备注": "",
    }
    values.update(cells)
    return values


def workbook(
    rows: list[dict[str, str]], headers: tuple[str, ...] = excel.HEADERS
) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for values in rows:
        sheet.append([values.get(header, "") for header in headers])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out
