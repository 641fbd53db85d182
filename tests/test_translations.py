"""Every text of the interface exists in French and Dutch, and every page renders in all
three languages."""

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.access.test_every_url import ALL_PATTERNS, EXPECTED, GET, OK, ROLES, samples

LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED = ["fr", "nl"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"{language}: untranslated {missing}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language):
    placeholder = re.compile(r"%\(\w+\)s")
    for entry in catalogue(language):
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            wanted = set(placeholder.findall(entry.msgid)) | set(
                placeholder.findall(entry.msgid_plural or "")
            )
            assert set(placeholder.findall(text)) <= wanted, entry.msgid
            if not entry.msgid_plural:
                assert set(placeholder.findall(text)) == wanted, entry.msgid


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_its_source(language):
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in catalogue(language)}
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    built = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled if e.msgid}
    assert built == source, "run `make messages` to recompile the catalogues"


def test_catalogue_holds_every_text_of_the_source(tmp_path):
    """Extract the texts afresh from a copy of the code; nothing may be new or changed."""
    assert shutil.which("xgettext"), "install Debian's gettext package (README, set-up)"
    package = Path(settings.LOCALE_PATHS[0]).parent
    copy = tmp_path / "vises"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (tmp_path / "extract_settings.py").write_text(
        f"from vises.settings import *\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extract_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "-l",
            "nl",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    for language in TRANSLATED:
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        new = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
        assert not new, f"{language}: run `make messages` and translate {new}"


def _pages():
    """Each page a person opens with GET, with one role allowed to see it."""
    for name, _route, params in ALL_PATTERNS:
        if name.startswith("admin:") or GET[0] not in EXPECTED[name][0]:
            continue
        rule = EXPECTED[name][1]
        role = next((r for r in ROLES if rule(r, "own") == OK), None)
        if role:
            yield pytest.param(name, params, role, id=name)


# Pages whose language is their content's, not the reader's: the sample's language.
PAGES_IN_THEIR_OWN_LANGUAGE = {"report_public": "fr", "territorial_report_public": "fr"}

LONG_ENGLISH_TEXTS = [
    entry.msgid
    for entry in catalogue("fr")
    if len(entry.msgid) > 24 and "%(" not in entry.msgid and entry.msgid != entry.msgstr
]


@pytest.mark.parametrize(("name", "params", "role"), list(_pages()))
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_every_page_renders_in_each_language(client, world, name, params, role, language):
    values = samples(world, name, "own")
    url = reverse(name, kwargs={p: values[p] for p in params})
    if role != "anonymous":
        user = world.user(role)
        user.preferred_language = language
        user.save()
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.status_code == 200
    if response["Content-Type"].startswith("image/"):
        return  # a picture shown in a page, such as a published report's infographic
    if not response["Content-Type"].startswith("text/html"):
        assert response["Content-Disposition"].startswith("attachment")  # a download
        return
    html = response.content.decode()
    if name in PAGES_IN_THEIR_OWN_LANGUAGE:
        # A published report speaks the language it was written in, whoever opens it.
        language = PAGES_IN_THEIR_OWN_LANGUAGE[name]
    assert f'<html lang="{language}">' in html
    if language != "en":
        skip_link = next(e.msgstr for e in catalogue(language) if e.msgid == "Skip to content")
        assert skip_link in html
        left_in_english = [text for text in LONG_ENGLISH_TEXTS if text in html]
        assert not left_in_english, f"{url} in {language} shows English: {left_in_english}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "3 mars 2025"), ("nl", "3 maart 2025"), ("en", "March 3, 2025")],
)
def test_dates_follow_the_language(client, world, language, expected):
    from datetime import datetime

    type(world.enterprise).objects.filter(pk=world.enterprise.pk).update(
        created_at=datetime(2025, 3, 3, 12, tzinfo=UTC)
    )
    user = world.user("enterprise_admin")
    user.preferred_language = language
    user.save()
    client.force_login(user)
    page = client.get(reverse("enterprise_detail", args=[world.enterprise.pk]))
    assert expected in page.text


@pytest.mark.django_db  # the session keeps the CSRF token
def test_anonymous_visitor_gets_the_browser_language_then_the_chosen_one(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5")
    assert '<html lang="nl">' in page.text
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl-BE")
    assert '<html lang="en">' in page.text


def test_switching_language_is_remembered_for_the_person(client, world):
    coach = world.user("coach")
    client.force_login(coach)
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/enterprises/"})
    assert response.headers["Location"] == "/enterprises/"
    coach.refresh_from_db()
    assert coach.preferred_language == "nl"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client, world):
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "1\xa0200 entreprises"), ("nl", "1.200 ondernemingen"), ("en", "1,200 enterprises")],
)
def test_numbers_follow_the_language(client, world, language, expected):
    from tests.conftest import make_enterprise

    model = type(world.enterprise)
    template = make_enterprise("Template", world.network)
    model.objects.bulk_create(
        model(
            **{
                **model.objects.filter(pk=template.pk).values().get(),
                "id": None,
                "name": f"E{i}",
                "pseudonym": f"E-{i:06}",
            }
        )
        for i in range(1200 - 4)  # with the three the admin already sees, and the template
    )
    user = world.user("network_admin")
    user.preferred_language = language
    user.save()
    client.force_login(user)
    page = client.get(reverse("enterprise_list"))
    assert expected in page.text
    assert "page=2" in page.text  # links to later pages stay plain numbers
