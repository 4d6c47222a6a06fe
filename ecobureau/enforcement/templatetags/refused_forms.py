"""Refill the form a refused POST came from with what was typed (COMMON.md: a
refused form keeps what was typed); the page's other forms keep their saved
values.

The view passes ``refused_post``: ``request.POST`` when the post was refused,
else ``None``. A form is named by its hidden ``action`` and, for a form repeated
once per row, by its hidden row field (``check=c.pk``). A field's name may be
given in parts (``"note_" row.index``).

    <input name="findings" value="{% typed "record" "findings" saved=record.findings %}">
    <input name="opinion" value="{% typed "minor_decide" "opinion" check=c.pk %}">
    <input type="checkbox" name="fixed_{{ n }}" value="1"{% ticked "health" "fixed_" n saved=True %}>
    {% typed "end" "outcome" as outcome %} … {% if value == outcome %} selected{% endif %}
    {% chosen_files "file" %}
    <button name="decision" value="rejected"{% pressed "minor_decide" "decision" "rejected" check=c.pk %}>不同意</button>
    {% pressed_note "minor_decide" "decision" "not_punished" "同意" "rejected" "不同意" check=c.pk %}

A form with several submit buttons (同意 / 不同意) posts the pressed one's
``name=value``: ``pressed`` marks that button ``aria-pressed="true"`` (the others
``"false"``) on the refused form, and ``pressed_note`` says in words which one it
was, so the head sees the decision he chose is not yet made and chooses again.
A checkbox left unticked is absent from the post, so it stays unticked. A file
input cannot be refilled (browsers forbid it): ``chosen_files`` says so.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def posted_form(post: QueryDict | None, action: str, **row: object) -> QueryDict | None:
    """The refused post if it came from this form, else None."""
    if post is None or post.get("action") != action:
        return None
    if any(post.get(field) != str(value) for field, value in row.items()):
        return None
    return post


@register.simple_tag(takes_context=True)
def typed(
    context: template.Context, action: str, *name: object, saved: Any = "", **row: Any
) -> Any:
    """What was typed in the field if its form was refused, else ``saved``."""
    post = posted_form(context.get("refused_post"), action, **row)
    if post is None:
        return "" if saved is None else saved
    return post.get("".join(map(str, name)), "")


@register.simple_tag(takes_context=True)
def ticked(
    context: template.Context,
    action: str,
    *name: object,
    value: Any = "1",
    saved: Any = False,
    **row: Any,
) -> str:
    """`` checked`` for a checkbox ticked in the refused post, or saved as ticked."""
    post = posted_form(context.get("refused_post"), action, **row)
    if post is None:
        on = bool(saved)
    else:
        on = str(value) in post.getlist("".join(map(str, name)))
    return " checked" if on else ""


@register.inclusion_tag("enforcement/_chosen_files.html", takes_context=True)
def chosen_files(context: template.Context, action: str, **row: Any) -> dict[str, Any]:
    """A muted note naming the files chosen in the refused post of this form."""
    request = context.get("request")
    post = posted_form(context.get("refused_post"), action, **row)
    if request is None or post is None:
        return {"names": []}
    files = request.FILES
    return {"names": [f.name for key in files for f in files.getlist(key)]}


@register.simple_tag(takes_context=True)
def pressed(
    context: template.Context, action: str, name: str, value: Any, **row: Any
) -> SafeString:
    """On the refused form, `` aria-pressed="true"`` for the submit button whose
    ``name=value`` was posted and `` aria-pressed="false"`` for its siblings;
    nothing on any other form (a plain button, as before)."""
    post = posted_form(context.get("refused_post"), action, **row)
    if post is None:
        return mark_safe("")
    if post.get(name) == str(value):
        return mark_safe(' aria-pressed="true" data-pressed="1"')
    return mark_safe(' aria-pressed="false"')


@register.inclusion_tag("enforcement/_pressed_note.html", takes_context=True)
def pressed_note(
    context: template.Context, action: str, name: str, *pairs: Any, **row: Any
) -> dict[str, Any]:
    """The label of the button pressed on the refused form (``pairs`` are value,
    label, value, label …), or nothing."""
    post = posted_form(context.get("refused_post"), action, **row)
    if post is None or name not in post:
        return {"label": ""}
    labels = {
        str(v): str(label) for v, label in zip(pairs[::2], pairs[1::2], strict=True)
    }
    return {"label": labels.get(post.get(name, ""), "")}
