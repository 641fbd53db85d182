"""axe-core finds no serious or critical accessibility violation on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}" for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe found serious or critical violations on {page.url}:\n{report}"


def test_sign_in_page(page: Page, world):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    # The same page showing an error after a failed attempt.
    form = page.locator("main form")
    form.locator("input[name=username]").fill(world.user("coach").email)
    form.locator("input[name=password]").fill("not the password")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_enterprise_list_as_network_admin(page: Page, world, sign_in):
    sign_in(page, world.user("network_admin").email)
    page.goto("/enterprises/")
    expect(page.get_by_role("link", name="Atelier Vert")).to_be_visible()
    assert_accessible(page)


def test_enterprise_detail(page: Page, world, sign_in):
    sign_in(page, world.user("network_admin").email)
    page.goto(f"/enterprises/{world.enterprise.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Vert")
    assert_accessible(page)


def test_framework_pages_and_draft_editing(page: Page, world, sign_in):
    from vises.frameworks import store

    draft = store.fork(store.load_default(), world.network)
    sign_in(page, world.user("network_admin").email)
    for path in [
        f"/frameworks/{draft.pk}/",
        f"/frameworks/{draft.pk}/themes/individuals/",
        f"/frameworks/{draft.pk}/glossary/",
        f"/frameworks/{draft.pk}/search/?q=travail",
        f"/frameworks/{draft.pk}/draft/indicators/new/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_evaluation_journey_pages(page: Page, world, sign_in):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    sign_in(page, world.user("enterprise_admin").email)
    evaluation.stakeholders.create(
        name="Trainees", importance=5, influence=2, involvement="consult"
    )
    for path in [
        "",
        "preliminary/",
        "portrait/",
        "portrait/summary/",
        "history/",
        "questions/",
        "stakeholders/",
    ]:
        page.goto(f"/evaluations/{evaluation.pk}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
