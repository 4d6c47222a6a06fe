"""Import of the province's published credit list (issue 12, credit module).

    DATABASE_URL=sqlite:///bench/results/provincial.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/provincial.sqlite3 \\
        python -m bench.credit_provincial_import [--rows 5000]

Writes `--rows` bench enterprises (基准测试, 示例数据) with valid credit codes, builds
an .xlsx in the province's layout (序号, 企业名称, 统一社会信用代码, 所属地区, 评价等级,
评价年度, 评价机关) with one row per enterprise and grades spread over the four
Liaoning grades, then times `credit.services.provincial_import`: first import
(every row recorded, one record entry each), the same file again (every row
unchanged), and a file whose last row is bad (everything checked, nothing written).
Results go to results/credit-provincial-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from io import BytesIO

from bench.generate import RESULTS, setup


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("省厅公布结果")
    sheet.append(
        [
            "序号",
            "企业名称",
            "统一社会信用代码",
            "所属地区",
            "评价等级",
            "评价年度",
            "评价机关",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecobureau.accounts.models import User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division
    from ecobureau.credit import services
    from ecobureau.credit.models import ProvincialGrade
    from ecobureau.enterprises.models import Enterprise
    from ecobureau.lib import credit_code

    services.schemes_install()
    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="219902", name="基准测试区", kind="district", level=2
    )

    def code(n: int) -> str:
        body = f"91219902{n:09d}"
        return body + credit_code.check_character(body)

    codes = [code(n) for n in range(args.rows)]
    have = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list(
            "credit_code", flat=True
        )
    )
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                credit_code=c,
                name=f"基准测试省厅名单企业{n}（示例数据）",
                address="基准测试",
                district=district,
            )
            for n, c in enumerate(codes)
            if c not in have
        ),
        batch_size=1000,
    )
    # City-wide credit staff (综合协调科), as on the import page.
    user = UserFactory(
        username="bench-provincial", scope=User.Scope.CITY, role_codes=["credit_staff"]
    )
    ProvincialGrade.objects.filter(enterprise__credit_code__in=codes).delete()
    grades = ["守信", "一般守信", "失信", "严重失信"]
    rows = [
        [
            n + 1,
            f"基准测试省厅名单企业{n}（示例数据）",
            c,
            "基准测试区",
            grades[n % 4],
            2025,
            "",
        ]
        for n, c in enumerate(codes)
    ]
    good = _workbook(rows)
    bad = _workbook([*rows[:-1], [*rows[-1][:4], "优秀", 2025, ""]])
    results: dict[str, object] = {
        "rows": args.rows,
        "file_bytes": len(good),
        "engine": connection.vendor,
    }

    def run(label: str, content: bytes) -> None:
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            report = services.provincial_import(
                file=BytesIO(content),
                file_name=f"{label}.xlsx",
                authority="辽宁省生态环境厅",
                correct=False,
                correction_basis="",
                by=user,
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        results[label] = {
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "queries": len(queries),
            "recorded": report.recorded,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
        }
        print(label, results[label])

    run("first_import", good)
    run("same_file_again", good)
    run("last_row_bad", bad)
    results["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"credit-provincial-{connection.vendor}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
