"""JSON API of this module, mounted at /api/grid/ (ecobureau/api.py)."""

from ninja import Router

router = Router(tags=["网格化监管"])
