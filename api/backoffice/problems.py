"""A page's errors as the design system shows them: an error summary at the top whose links
lead to the fields, and each message again beside its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    target: str  # the id of the field (or of the form) the message is about
    text: str


def from_error(
    error: Any, target: str = "contenu", fields: Mapping[str, str] | None = None
) -> list[Problem]:
    """`error` as pages give it: a sentence about `target`, per-field messages (`fields`,
    field id → message) or a mapping of field names to messages (the directory's forms,
    where "ligne N" and "fichier" are a CSV file's problems)."""
    if not error and not fields:
        return []
    if fields:
        return [Problem(field, text) for field, text in fields.items()]
    if isinstance(error, Mapping):
        return [
            Problem(*_directory_problem(str(field), str(text)))
            for field, texts in error.items()
            for text in (texts if isinstance(texts, list | tuple) else [texts])
        ]
    return [Problem(target, str(error))]


def _directory_problem(field: str, text: str) -> tuple[str, str]:
    if field.startswith("ligne") or field == "fichier":
        return "fichier", f"{field.capitalize()} : {text}"
    return field, text


def by_target(problems: list[Problem]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.target, []).append(problem.text)
    return found


def for_form(error: Exception, form_id: str, field_id: Callable[[str], str]) -> dict[str, Any]:
    """What a page needs to show a refused form: the problems (by field when the error says
    which, otherwise about the whole form, `form_id`) and which form to keep open."""
    fields: Mapping[str, str] = getattr(error, "fields", None) or {}
    field = getattr(error, "field", None)
    if not fields and field:
        fields = {field: str(error)}
    found = [Problem(field_id(name), text) for name, text in fields.items()] or [
        Problem(form_id, str(error))
    ]
    return {"error": str(error), "problems": found, "error_action": form_id}
