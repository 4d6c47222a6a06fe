"""The JSON API under /api/, with its OpenAPI docs at /api/docs (assets vendored by
django-ninja's static files)."""

from ninja import NinjaAPI
from ninja.security import SessionAuth

from ecobureau.accounts.api import router as me_router
from ecobureau.air.api import router as air_router
from ecobureau.casework.api import router as workbench_router
from ecobureau.complaints.api import router as complaints_router
from ecobureau.enterprises.api import router as enterprises_router
from ecobureau.grid.api import router as grid_router
from ecobureau.monitoring.api import router as monitoring_router
from ecobureau.permits.api import router as permits_router
from ecobureau.rewards.api import router as rewards_router

api = NinjaAPI(
    title="EcoBureau API",
    version="1",
    description="生态环境局业务平台接口。登录后以会话身份调用；数据范围与网页一致。",
    auth=SessionAuth(),
    urls_namespace="api",
)
api.add_router("/enterprises/", enterprises_router)
api.add_router("/me/", me_router)
api.add_router("/workbench/", workbench_router)
api.add_router("/permits/", permits_router)
api.add_router("/complaints/", complaints_router)
api.add_router("/rewards/", rewards_router)
api.add_router("/grid/", grid_router)
api.add_router("/monitoring/", monitoring_router)
api.add_router("/air/", air_router)
