"""The JSON API under /api/, with its OpenAPI docs at /api/docs (assets vendored by
django-ninja's static files)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from ninja import NinjaAPI
from ninja.security import SessionAuth

from ecobureau.accounts.api import router as me_router
from ecobureau.air.api import router as air_router
from ecobureau.casework.api import router as workbench_router
from ecobureau.complaints.api import router as complaints_router
from ecobureau.core.api_errors import ErrorOut
from ecobureau.enterprises.api import router as enterprises_router
from ecobureau.grid.api import router as grid_router
from ecobureau.monitoring.api import router as monitoring_router
from ecobureau.permits.api import router as permits_router
from ecobureau.rewards.api import router as rewards_router

# What every error answer carries: django-ninja answers {"detail": ...} for 401, 403,
# 404 and 422 (a list of field errors for 422, a sentence otherwise).
ERROR_ANSWERS = {
    "401": "未登录或会话已过期",
    "403": "无权查看",
    "404": "不存在或不在数据范围内",
    "422": "参数无效（含超出范围的页码）",
}


class DocumentedErrorsAPI(NinjaAPI):
    """The OpenAPI description lists the error answers each operation can give,
    so clients (and the schemathesis run) can rely on it: 401 and 403 where the
    session is required, 404 where the path names an object, 422 where there are
    parameters to get wrong. django-ninja adds these answers without listing them."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                _document_errors(path, operation)
        return schema


def _document_errors(path: str, operation: dict[str, Any]) -> None:
    codes = []
    if operation.get("security"):
        codes += ["401", "403"]
    if "{" in path:
        codes.append("404")
    if operation.get("parameters") or operation.get("requestBody"):
        codes.append("422")
    responses = operation.setdefault("responses", {})
    for code in codes:
        responses.setdefault(
            code,
            {
                "description": ERROR_ANSWERS[code],
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ErrorOut"}
                    }
                },
            },
        )


api = DocumentedErrorsAPI(
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


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 handler: under /api/ a path no operation matches (such as
    /api/enterprises/abc/, whose id is not a number) answers in JSON like every
    other API error; elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)
