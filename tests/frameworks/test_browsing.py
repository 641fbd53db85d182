from django.urls import reverse

from tests.conftest import make_framework_version
from vises.access import rules
from vises.frameworks import browse, document, store


def test_default_framework_browsed_in_dutch(client, world):
    version = store.load_default()
    user = world.user("enterprise_member")
    user.preferred_language = "nl"
    user.save()
    client.force_login(user)
    page = client.get(reverse("framework_detail", args=[version.pk]))
    assert "Niveaus van effect" in page.text
    assert "Lokale verankering" in page.text
    theme = client.get(reverse("framework_theme", args=[version.pk, "individuals"]))
    assert theme.status_code == 200
    assert theme.context["indicators"]
    assert all("individuals" in i["themes"] for i in theme.context["indicators"])


def test_unknown_theme_is_not_found(client, world):
    version = make_framework_version()
    client.force_login(world.user("coach"))
    response = client.get(reverse("framework_theme", args=[version.pk, "nowhere"]))
    assert response.status_code == 404


def test_glossary_is_alphabetical_in_the_readers_language():
    data, _warnings = document.parse(store.DEFAULT_FILE.read_text(encoding="utf-8"))
    for language in ["fr", "nl", "en"]:
        terms = [t["term"][language] for t in browse.glossary(data, language)]
        assert terms == sorted(terms, key=browse._folded)


def test_search_ignores_case_and_accents_and_finds_each_kind(client, world):
    version = store.load_default()
    client.force_login(world.user("coach"))
    page = client.get(
        reverse("framework_search", args=[version.pk]),
        {"q": "TRAVAIL"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    kinds = {hit.kind for hit in page.context["hits"]}
    assert {"indicator", "question", "item"} <= kinds
    accents = client.get(reverse("framework_search", args=[version.pk]), {"q": "economique"})
    assert any("économique" in hit.text.lower() for hit in accents.context["hits"])


def test_missing_translation_shows_a_marked_fallback(client, world):
    version = make_framework_version(title={"fr": "Exemple", "en": "Example"})
    user = world.user("coach")
    user.preferred_language = "nl"
    user.save()
    client.force_login(user)
    page = client.get(reverse("framework_detail", args=[version.pk]))
    assert '<span lang="en" class="fallback"' in page.text
    assert "Example" in page.text


def test_drafts_are_seen_only_by_their_networks_admins(world):
    draft = make_framework_version("nord", network=world.network, status="draft")
    published = make_framework_version("nord-v", network=world.network)
    for role, sees_draft, sees_published in [
        ("network_admin", True, True),
        ("coach", False, True),
        ("enterprise_member", False, True),
        ("outsider", False, False),
    ]:
        visible = set(rules.framework_versions_for(world.user(role)))
        assert (draft in visible, published in visible) == (sees_draft, sees_published), role
