from collections.abc import Callable, Iterable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from .text import has_control_characters


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person picked another language with the switcher (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most office computers run a
    browser set to English: the interface must still open in Vietnamese there."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectControlCharactersMiddleware:
    """A 400 for any query parameter or form field (name or value) and any uploaded file's name holding a control
    character: NUL and the other C0 controls, DEL and the C1 controls; tab, LF and CR are allowed in form values
    (textareas). They would reach PostgreSQL (which refuses NUL in text: a 500) or hide text. Pages get a
    Vietnamese page, ``/api/`` the API's structured error (field → messages), through the API's own exception
    handler."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = _bad_parameter(request)
        if bad is not None:
            return _refuse(request, bad)
        return self.get_response(request)


def _bad_parameter(request: HttpRequest) -> str | None:
    """The name of the first parameter (or file field) holding a control character, None if none does."""
    if has_control_characters(request.path):
        return "URL"
    bad = _first_bad(request.GET.lists())
    if bad is not None or request.method != "POST":
        return bad
    try:
        form, files = request.POST, request.FILES
    except MultiPartParserError:
        return None  # Django answers a broken multipart body itself
    bad = _first_bad(form.lists(), multi_line=True)
    if bad is not None:
        return bad
    return _first_bad((name, [u.name or "" for u in uploads]) for name, uploads in files.lists())


def _first_bad(pairs: Iterable[tuple[str, list[str]]], *, multi_line: bool = False) -> str | None:
    """The (printable) name of the first pair whose name or a value holds a control character (``multi_line``:
    line breaks and tabs allowed in the values, as in a textarea)."""
    for name, values in pairs:
        if has_control_characters(name) or any(has_control_characters(v, multi_line=multi_line) for v in values):
            return _printable(name)
    return None


def _printable(name: str) -> str:
    return "".join(c if not has_control_characters(c) else "?" for c in name)[:100]


def _refuse(request: HttpRequest, name: str) -> HttpResponse:
    message = _("The input contains a control character (such as NUL) that cannot be accepted. Check “%(name)s”.")
    message = message % {"name": name}
    if request.path.startswith("/api/"):
        return _api_error(request, {name: [message]})
    context = {"message": message}
    return render(request, "core/bad_input.html", context, status=HTTPStatus.BAD_REQUEST)


def _api_error(request: HttpRequest, detail: dict) -> HttpResponse:
    """The answer the API gives to its own validation errors, through its configured exception handler."""
    response = api_settings.EXCEPTION_HANDLER(exceptions.ValidationError(detail), {"request": request})
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {"request": request, "response": response}
    response["Cache-Control"] = "private, no-store"
    return response.render()
