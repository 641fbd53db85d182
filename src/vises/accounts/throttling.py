"""How sign-in attempts are counted for throttling (django-axes)."""


def attempted_email(request, credentials) -> str:
    """The address an attempt was made for, lower-cased: emails sign in case-insensitively,
    so "Ana@x.org" and "ana@x.org" must share one failure count."""
    email = (credentials or {}).get("username") or request.POST.get("username", "")
    return email.strip().lower()
