"""Simulated instruments for the fault test and the benchmark
(`manage.py hj212 provision`): one test enterprise (labelled 示例数据) with
outlets, N instruments with their passwords, registered through the services."""

from __future__ import annotations

import secrets

from django.core.management.base import CommandError
from django.db import transaction

from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise, Outlet

from . import services
from .models import Instrument
from .simulator import Device, default_items

TEST_CREDIT_CODE = "91210300MA0HJ212X0"
DEVICES_PER_OUTLET = 50


@transaction.atomic
def provision_devices(count: int, *, prefix: str = "SIM") -> list[Device]:
    district = Division.objects.filter(level=2).order_by("code").first()
    if district is None:
        raise CommandError("没有区县数据：请先运行 manage.py load_reference。")
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code=TEST_CREDIT_CODE,
        defaults={
            "name": "HJ 212 模拟测试企业（示例数据）",
            "address": "模拟地址",
            "district": district,
            "key_source": Enterprise.KeySource.MUNICIPAL,
            "note": "示例数据：数采仪模拟与压力测试用",
        },
    )
    devices = []
    for index in range(count):
        st = "32" if index % 2 == 0 else "31"
        kind = "water" if st == "32" else "gas"
        outlet_code = (
            f"{'DW' if kind == 'water' else 'DA'}{index // DEVICES_PER_OUTLET + 1:03d}"
        )
        outlet, _ = Outlet.objects.get_or_create(
            enterprise=enterprise,
            code=outlet_code,
            defaults={"name": f"模拟排放口{outlet_code}", "kind": kind},
        )
        mn = f"{prefix}{index + 1:07d}"
        instrument = Instrument.objects.filter(mn=mn).first()
        if instrument is None:
            instrument = services.instrument_register(
                outlet=outlet,
                data=services.InstrumentData(mn=mn, name="模拟数采仪", system_code=st),
                by=None,
            )
        password = secrets.token_hex(3).upper()
        services.instrument_set_password(
            instrument=instrument, by=None, password=password
        )
        devices.append(Device(mn, password, st, default_items(st)))
    return devices
