"""JSON API of this module, mounted at /api/monitoring/ (ecobureau/api.py)."""

from ninja import Router

router = Router(tags=["自动监控"])
