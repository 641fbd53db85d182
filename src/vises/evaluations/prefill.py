"""What the enterprise's details already say in answer to its portrait, so that the team
is not asked twice: its country and region, its legal form."""

import re

# The default portrait's regions; every French region is "france" there.
REGIONS = {"BE-WAL": "wallonia", "BE-BRU": "brussels", "BE-VLG": "flanders"}

# The details hold the legal form as people write it ("SCIC SAS", "vzw (maatwerkbedrijf)",
# "Association loi 1901"); a word of it names the portrait's kind. The first kind whose
# word is found wins: a cooperative company ("SCIC SAS", "SC agréée entreprise sociale")
# is a cooperative first. A form no word names ("SRL") is left for the team to choose.
LEGAL_FORMS = [
    ("cooperative", {"scop", "scic", "sc", "scrl", "cv", "cvba", "coop", "coopérative"}),
    ("association", {"asbl", "aisbl", "vzw", "ivzw", "association", "vereniging", "1901"}),
    ("mutual_foundation", {"mutuelle", "mutualiteit", "fondation", "stichting"}),
    ("public_body", {"cpas", "ocmw", "régie"}),
    ("social_purpose_company", {"esus", "vso", "sfs"}),
]


def portrait_from_details(enterprise, grid: list[dict]) -> dict:
    """The portrait's values the enterprise's details give, for the fields of `grid` that
    ask them and the choices it offers (a grid adapted without them gets nothing)."""
    choices = {
        spec["code"]: {choice["code"] for choice in spec.get("choices", [])}
        for group in grid
        for spec in group["fields"]
    }
    region = "france" if enterprise.country == "FR" else REGIONS.get(enterprise.region)
    found = {"region": region, "legal_form": _legal_form(enterprise.legal_form)}
    return {code: value for code, value in found.items() if value in choices.get(code, ())}


def _legal_form(text: str) -> str | None:
    words = set(re.findall(r"\w+", text.lower()))
    return next((kind for kind, names in LEGAL_FORMS if words & names), None)
