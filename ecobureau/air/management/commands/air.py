"""`python manage.py air …`: the air module's jobs and rare operations.

air import FILE… --city CODE [--create-stations] [--station NAME]
air import-weather FILE --city CODE
air forecast [--date YYYY-MM-DD]       the 14:00 job (safe to rerun)
air score                              scores published forecasts (safe to rerun)
air train [--city CODE]                retrains the cities' models
air backtest [FILE…] [--db-city CODE] [--future-weather] [--standard …]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.lib import aqi as aqi_lib

from ... import services
from ...models import City


def default_data() -> Path:
    """The Beijing research files (shared data/air beside the checkout)."""
    from django.conf import settings

    configured = getattr(settings, "AIR_RESEARCH_DATA_DIR", "")
    return (
        Path(configured) if configured else settings.BASE_DIR.parent / "shared/data/air"
    )


class Command(BaseCommand):
    help = "空气质量：导入观测数据、导入气象预报、生成预报、评分、训练模型、回测"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser(
            "import", help="导入小时观测数据文件（北京研究数据格式）"
        )
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--city", required=True, help="城市代码")
        imp.add_argument("--city-name", help="城市不存在时以此名称登记")
        imp.add_argument(
            "--label", default="", help="城市的数据来源标注，如“北京研究数据（UCI）”"
        )
        imp.add_argument(
            "--create-stations", action="store_true", help="自动登记文件中的新点位"
        )
        imp.add_argument("--station", help="PM2.5单项格式文件的点位编码")
        weather = actions.add_parser(
            "import-weather", help="导入气象部门的逐日天气预报"
        )
        weather.add_argument("file", type=Path)
        weather.add_argument("--city", required=True)
        fc = actions.add_parser(
            "forecast", help="生成今日（或指定签发日）的7天预报草稿"
        )
        fc.add_argument("--date", help="签发日，默认今天")
        actions.add_parser("score", help="对已发布预报进行实况评分")
        train = actions.add_parser("train", help="重新训练预报模型")
        train.add_argument("--city", help="只训练该城市")
        bt = actions.add_parser("backtest", help="在历史数据上回测预报流程")
        bt.add_argument(
            "files", nargs="*", type=Path, help="小时数据文件，默认为北京12站"
        )
        bt.add_argument("--db-city", help="改用数据库中该城市的观测数据")
        bt.add_argument("--test-from", default="2016-03-01")
        bt.add_argument("--test-to", default="2017-02-28")
        bt.add_argument(
            "--standard", choices=aqi_lib.STANDARDS, help="默认：测试期适用的标准"
        )
        bt.add_argument(
            "--future-weather",
            action="store_true",
            help="用预报日的实况天气代替天气预报（使用未来信息，仅作对照，不作正式成绩）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, f"_{action}")(options)

    def _city(self, code: str) -> City:
        city = City.objects.filter(code=code).first()
        if city is None:
            raise CommandError(f"城市“{code}”不存在")
        return city

    def _import(self, options: dict[str, Any]) -> None:
        city = City.objects.filter(code=options["city"]).first()
        if city is None:
            if not options["city_name"]:
                raise CommandError(
                    f"城市“{options['city']}”不存在：请用 --city-name 指定名称以登记"
                )
            city = services.city_create(
                code=options["city"],
                name=options["city_name"],
                by=None,
                label=options["label"],
            )
        started = time.monotonic()
        report = services.observations_import(
            city=city,
            paths=options["files"],
            by=None,
            create_stations=options["create_stations"],
            station_for_pm25_file=options["station"],
        )
        if not report.ok:
            for line in report.errors[:200]:
                self.stderr.write(line)
            if len(report.errors) > 200:
                self.stderr.write(f"……另有{len(report.errors) - 200}处错误")
            raise CommandError(f"共{len(report.errors)}处错误，未写入任何数据")
        self.stdout.write(
            f"已导入{report.rows}条小时数据（{len(report.files)}个文件），"
            f"新登记点位{len(report.created_stations)}个，"
            f"重算日均值{report.days}天，用时{time.monotonic() - started:.1f}秒"
        )

    def _import_weather(self, options: dict[str, Any]) -> None:
        from ...services import weather

        city = self._city(options["city"])
        report = weather.weather_import(city=city, path=options["file"], by=None)
        if report.errors:
            for line in report.errors:
                self.stderr.write(line)
            raise CommandError(f"共{len(report.errors)}处错误，未写入任何数据")
        self.stdout.write(f"已导入{report.rows}天气象预报")

    def _forecast(self, options: dict[str, Any]) -> None:
        if options["date"]:
            issue = _parse_date(options["date"])
            forecasts = [
                services.forecast_create(city=city, issue=issue)
                for city in City.objects.filter(forecast_enabled=True).order_by("code")
            ]
        else:
            forecasts = services.forecasts_run(now=timezone.now())
        for forecast in forecasts:
            self.stdout.write(
                f"{forecast}：{forecast.status_label}（{forecast.method_note}）"
            )

    def _score(self, options: dict[str, Any]) -> None:
        count = services.forecasts_score(today=timezone.localdate())
        self.stdout.write(f"已评分{count}个预报日")

    def _train(self, options: dict[str, Any]) -> None:
        cities = (
            [self._city(options["city"])]
            if options["city"]
            else list(City.objects.filter(forecast_enabled=True))
        )
        today = timezone.localdate()
        for city in cities:
            for with_weather in (False, True):
                row = services.model_train(
                    city=city, end=today, with_weather=with_weather
                )
                self.stdout.write(
                    f"{city}：{'含' if with_weather else '不含'}天气预报的模型，"
                    f"有效训练日{row.training_days}天{'（数据不足，按持续法）' if row.fallback else ''}"
                )

    def _backtest(self, options: dict[str, Any]) -> None:
        from ecobureau.lib import air_backtest

        from ...services import backtest

        test_from, test_to = (
            _parse_date(options["test_from"]),
            _parse_date(options["test_to"]),
        )
        standard = options["standard"] or aqi_lib.standard_for(test_from)
        started = time.monotonic()
        if options["db_city"]:
            series = backtest.series_from_db(
                self._city(options["db_city"]), test_to=test_to, standard=standard
            )
        else:
            files = options["files"] or sorted(
                default_data().glob("PRSA_Data_*.csv.gz")
            )
            if not files:
                raise CommandError("没有找到数据文件")
            try:
                series = backtest.series_from_files(files, standard=standard)
            except ValueError as error:
                raise CommandError(str(error)) from None
        loaded = time.monotonic()
        result = air_backtest.run(
            series,
            test_from=test_from,
            test_to=test_to,
            future_weather=options["future_weather"],
        )
        done = time.monotonic()
        self.stdout.write(air_backtest.format_table(result))
        self.stdout.write(
            f"\n用时：读取与统计 {loaded - started:.1f} 秒，训练与回测 {done - loaded:.1f} 秒"
        )
        sys.stdout.flush()


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期应为YYYY-MM-DD，收到“{text}”") from None
