"""Paging bounds for the JSON API.

django-ninja's page number has no upper bound: page 10**30 becomes an OFFSET the
database cannot hold (SQLite: "datatype mismatch", PostgreSQL: bigint out of range),
which was a server error (found by the schemathesis run in
core/tests/test_api_schemathesis.py). Here a page or offset beyond any real list is
refused with 422, like any other invalid parameter.
"""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# Far beyond any list the bureau keeps (a million pages of 100), far inside bigint.
MAX_PAGE = 1_000_000
MAX_OFFSET = 100_000_000


# Row ids in query parameters: beyond a bigint the database cannot compare them
# (SQLite: "Python int too large to convert to SQLite INTEGER"; PostgreSQL: bigint
# out of range), which was a server error found by the schemathesis run. Refused
# with 422 instead.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
