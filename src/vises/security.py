"""Headers that hold on every page the application answers (static files excepted).

- A strict Content-Security-Policy: scripts only from our own files, never inline, never
  `eval`; styles from our own files and from the few <style> elements that carry this
  response's nonce (a report's stylesheet and its colour). Should a stored text ever slip
  through unescaped, the browser still refuses to run or style with it.
- `Cache-Control: no-store`: pages here show evaluations, answers and names; a shared
  computer or a proxy keeps none of them. Static files (served before this middleware by
  WhiteNoise) stay cacheable.

A policy in one constant plus a nonce needs no library: django-csp would add settings for
what a single line says here.
"""

import secrets

from django.http import HttpRequest, HttpResponse

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", POLICY.format(nonce=request.csp_nonce)
        )
        response.headers["Cache-Control"] = "private, no-store"
        return response
