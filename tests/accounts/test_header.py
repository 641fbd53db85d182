"""The header every page shares: its parts made once per process must still follow the
language spoken and the address the site is served under."""

import re

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from vises.accounts.models import User


@pytest.mark.parametrize(
    ("language", "current"), [("en", "English"), ("fr", "Français"), ("nl", "Nederlands")]
)
def test_the_language_switcher_marks_the_language_spoken(world, client, language, current):
    coach = world.user("coach")
    User.objects.filter(pk=coach.pk).update(preferred_language=language)
    client.force_login(coach)
    page = client.get("/").content.decode()
    buttons = re.findall(r'<button type="submit" name="language" value="(\w+)"[^>]*>(\w+)<', page)
    assert [name for _, name in buttons] == ["Français", "Nederlands", "English"]
    marked = re.findall(r'value="(\w+)" lang="\w+"\s+aria-current="true">', page)
    assert marked == [language]
    assert f'aria-current="true">{current}</button>' in page


def test_the_header_links_follow_the_address_the_site_is_served_under(world, client):
    client.force_login(world.user("coach"))
    # As a WSGI server sets it for a site served under /vises/ (the test client does not).
    set_script_prefix("/vises/")
    try:
        under = client.get("/").content.decode()
    finally:
        clear_script_prefix()
    assert '<a class="brand" href="/vises/">' in under
    assert 'href="/vises/enterprises/"' in under
    assert '<form class="language-switcher" action="/vises/language/"' in under
    at_root = client.get("/").content.decode()
    assert '<a class="brand" href="/">' in at_root
    assert 'href="/enterprises/"' in at_root
