"""The method guides of the evaluation's framework: an interview grid, a focus-group
script and life-story prompts, each read in French, Dutch or English, the themes each part
explores named from the framework's schema."""

from dataclasses import dataclass, field

from vises.multilingual import pick


@dataclass
class GuideSection:
    title: str
    themes: list[str]
    prompts: list[str]


@dataclass
class Guide:
    method: str
    title: str
    introduction: str
    sections: list[GuideSection] = field(default_factory=list)


def _guides(evaluation) -> dict[str, dict]:
    # Versions stored before guides joined the format hold none.
    document = evaluation.framework_version.document
    return {guide["method"]: guide for guide in document.get("method_guides", [])}


def titles(evaluation, language: str | None = None) -> dict[str, str]:
    """The title of each method's guide, by method."""
    return {
        method: pick(guide["title"], language).text for method, guide in _guides(evaluation).items()
    }


def guide(evaluation, method: str, language: str | None = None) -> Guide | None:
    """The guide of `method` in `language` (another language where a text lacks it), or
    None if the framework gives none."""
    found = _guides(evaluation).get(method)
    if found is None:
        return None
    themes = {
        theme["code"]: pick(theme["name"], language).text
        for dimension in evaluation.framework_version.document["schema"]["dimensions"]
        for theme in dimension["themes"]
    }
    return Guide(
        method,
        pick(found["title"], language).text,
        pick(found.get("introduction"), language).text,
        [
            GuideSection(
                pick(section["title"], language).text,
                [themes.get(code, code) for code in section.get("themes", [])],
                [pick(prompt, language).text for prompt in section["prompts"]],
            )
            for section in found["sections"]
        ],
    )
