"""The shape of the API's error answers, for operations that declare one of their
own (an optional query parameter naming an object that may not exist, say); the
usual ones are listed on every operation by `ecobureau.api.DocumentedErrorsAPI`."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """django-ninja's error body: a sentence, or a list of field errors for 422."""

    detail: Any


NOT_FOUND = {404: ErrorOut}
