"""No English text of the interface reaches a French or Dutch page.

The catalogue tests see only texts marked for translation. This test looks at what a
reader sees: it renders every page in French and in Dutch and looks, in the visible text
(tag-free, plus the <title> and the attributes people read), for every English text the
code could show: each msgid of the catalogues whose translation differs, and each English
sentence written in the code or in a template without going through gettext (a text the
catalogues never heard of, like a label glued into an f-string, is caught here).
"""

import ast
import re
from functools import cache
from pathlib import Path

import lxml.html
import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.access.test_every_url import ALL_PATTERNS, EXPECTED, GET, OK, samples

PACKAGE = Path(settings.LOCALE_PATHS[0]).parent
LOCALE = PACKAGE / "locale"

# The demo's texts are sample content in its enterprises' languages, migrations hold
# labels frozen at the time they were written (the models' gettext carries them today).
NOT_INTERFACE = {"demo", "migrations"}

# English texts that may stay on a French or Dutch page, each with its reason. Keep short.
ALLOWED = {
    # French regions' own names (models.Region), the same in every language.
    "Centre-Val de Loire",
    "Grand Est",
    "Pays de la Loire",
}

# The attributes whose text people read or hear.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

# The role whose page shows the most of the interface comes first: editors see forms.
ROLE_PREFERENCE = [
    "enterprise_admin",
    "network_admin",
    "coach",
    "researcher",
    "enterprise_member",
    "outsider",
    "anonymous",
]

# A text worth looking for: two words at least, one of three letters, no code.
WORDS = re.compile(r"[A-Za-z]{3,}")
CODE_LIKE = re.compile(r"[_/\\<>={}$@#|]|\.\w+\(|%(?!\(\w+\)[sd])|\w\.\w")


def _looks_like_english_text(text: str) -> bool:
    text = text.strip()
    return (
        " " in text
        and "\n" not in text
        and len(WORDS.findall(text)) >= 2
        and text.isascii()
        and not CODE_LIKE.search(text)
    )


def _visible(text: str) -> str:
    """A text as a reader sees it: no tags, one space between words."""
    if "<" in text:
        text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    return " ".join(text.split())


def _pattern(text: str) -> re.Pattern | None:
    """A search for `text` as shown, with its placeholders standing for any words; None
    when what is left has no word of three letters to recognise it by."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", _visible(text))
    if not any(WORDS.search(part) for part in parts):
        return None
    body = r".{1,200}?".join(re.escape(part) for part in parts)
    # A word of a compound name (France in Hauts-de-France) is not the word alone.
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def _catalogue_texts(language: str) -> dict[str, set[str]]:
    """Each English msgid (and plural) of the catalogue, with its translations."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    texts: dict[str, set[str]] = {}
    for entry in po:
        translations = set(entry.msgstr_plural.values()) if entry.msgid_plural else {entry.msgstr}
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            texts.setdefault(english, set()).update(translations)
    return texts


def _python_literals():
    """Every string written in the package's Python code (docstrings aside)."""
    for path in PACKAGE.rglob("*.py"):
        if not NOT_INTERFACE & set(path.relative_to(PACKAGE).parts):
            yield from literals_of(path.read_text(encoding="utf-8"))


def literals_of(source: str):
    """The strings of a Python source, even inside an f-string, docstrings aside."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


TEMPLATE_LOGIC = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{%.*?%}|{{.*?}}|{#.*?#}",
    re.S,
)


def _template_literals():
    """The words templates write outside {% translate %}: their text and the attributes
    people read."""
    for path in (PACKAGE / "templates").rglob("*.html"):
        source = TEMPLATE_LOGIC.sub("\n", path.read_text(encoding="utf-8"))
        for attribute in READ_ATTRIBUTES:
            yield from re.findall(rf'\b{attribute}="([^"]*)"', source)
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]*>", "\n", source, flags=re.S)
        yield from (line.strip() for line in text.splitlines())


@cache
def english_texts(language: str) -> list[tuple[str, re.Pattern]]:
    """What would be English on a page in `language`: catalogue texts translated into
    something else, and English sentences that never reach the catalogue."""
    catalogue = _catalogue_texts(language)
    wanted = {
        english
        for english, translations in catalogue.items()
        if translations and english not in translations
    }
    wanted |= {
        literal
        for literal in {t.strip() for t in (*_python_literals(), *_template_literals())}
        if literal.strip() not in catalogue and _looks_like_english_text(literal)
    }
    searches = ((text, _pattern(text)) for text in sorted(wanted - ALLOWED))
    # An English text that the language itself uses (Question, Comment, Part in French)
    # cannot tell an untranslated text from a translated one: it is not looked for.
    own_words = "\n".join(_visible(t) for ts in catalogue.values() for t in ts).lower()
    return [
        (text, pattern)
        for text, pattern in searches
        if pattern and not re.search(pattern.pattern.lower(), own_words)
    ]


def visible_text(html: str, language: str) -> str:
    """The interface text a reader of `html` sees or hears, leaving out parts explicitly
    marked as another language (a text not yet translated, shown in English with a mark)."""
    root = lxml.html.document_fromstring(html)
    # What a form holds was typed by someone (the English label of a question, say); a
    # <code> is an identifier (an option's value "none"), not a sentence.
    for element in root.xpath("//script | //style | //template | //textarea | //code"):
        element.drop_tree()
    for element in root.xpath("//*[@lang]"):
        if element.get("lang")[:2] != language and element.tag != "html":
            element.drop_tree()
    pieces = [root.text_content()]
    for attribute in READ_ATTRIBUTES:
        pieces += root.xpath(f"//@{attribute}")
    pieces += root.xpath("//input[@type='submit' or @type='button']/@value")
    return " ".join(" ".join(pieces).split())


def english_in(html: str, language: str) -> list[str]:
    text = visible_text(html, language)
    return [english for english, pattern in english_texts(language) if pattern.search(text)]


# A published report speaks the language it was written in, whoever opens it.
PAGES_IN_THEIR_OWN_LANGUAGE = {"report_public"}


def _pages():
    """Each page a person opens with GET, seen by the role that sees most of it."""
    for name, _route, params in ALL_PATTERNS:
        if name.startswith("admin:") or GET[0] not in EXPECTED[name][0]:
            continue
        if name in PAGES_IN_THEIR_OWN_LANGUAGE:
            continue
        rule = EXPECTED[name][1]
        role = next((r for r in ROLE_PREFERENCE if rule(r, "own") == OK), None)
        if role:
            yield pytest.param(name, params, role, id=name)


@pytest.mark.parametrize(("name", "params", "role"), list(_pages()))
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_english_interface_text_on_french_or_dutch_pages(
    client, world, name, params, role, language
):
    values = samples(world, name, "own")
    url = reverse(name, kwargs={p: values[p] for p in params})
    # The world's people are named after their roles, in English: give them names.
    for number, user in enumerate(world.users.values()):
        user.full_name = f"Camille Dupont-{number}"
        user.save()
    if role != "anonymous":
        user = world.user(role)
        user.preferred_language = language
        user.save()
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    if not response["Content-Type"].startswith("text/html"):
        return  # a download or a picture
    html = response.content.decode()
    left = english_in(html, language)
    assert not left, f"{url} in {language} shows English: {left}"
    # The browser's tab shows the title as it is: markup or a {fr, nl, en} map shows raw.
    title = lxml.html.document_fromstring(html).findtext(".//title") or ""
    assert not re.search(r"[<>{}]", title), f"{url}: the tab reads {title!r}"


def test_an_english_text_glued_outside_gettext_is_looked_for():
    """How "Needed to complete the portrait." once reached French pages: written inside
    an f-string, where the catalogues' extraction never saw it."""
    source = """help_text = f"{help_text} {_('Needed to complete the portrait.')}".strip()"""
    found = [text for text in literals_of(source) if _looks_like_english_text(text)]
    assert found == ["Needed to complete the portrait."]
    page = (
        '<html lang="fr"><head><title>Portrait · VISES</title></head>'
        "<body><p>Mission. Needed to complete the portrait.</p></body></html>"
    )
    assert english_in(page, "fr") == ["Needed to complete the portrait."]


def test_text_marked_as_another_language_or_typed_in_a_form_is_not_interface_text():
    page = (
        '<html lang="fr"><body>'
        '<p><span lang="en" class="fallback">Needed to complete the portrait.</span></p>'
        "<textarea>Needed to complete the portrait.</textarea>"
        "<p>Options: <code>none</code>: aucune</p>"
        "</body></html>"
    )
    assert english_in(page, "fr") == []
