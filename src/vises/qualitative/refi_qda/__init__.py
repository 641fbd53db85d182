"""The evaluation's coded material in the REFI-QDA exchange standard, read by NVivo,
ATLAS.ti, MAXQDA, QualCoder and Taguette: a `.qdpx` project (its codebook, its text
sources and their coded passages) and a `.qdc` codebook, written and read back.

Everything written is validated against the standard's schemas (in this folder) before it
is handed out; everything read is validated before anything is stored, and stored all or
nothing. Positions are counted in characters of the plain text, as the standard and the
material both count them.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from ..codebook import Refused as CodebookRefused
from ..codebook import save as save_code
from ..coding import Refused as CodingRefused
from ..coding import code as code_passage
from ..extraction import MAX_TEXT_CHARACTERS, normalised
from ..material import add as add_document
from ..models import Code, Document
from ..pseudonyms import apply, pairs, replaced

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
HERE = Path(__file__).parent
# A project's archive, unpacked: no more than this (a zip can hide a huge file).
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
# Each code's colour as the standard writes it, from the palette of the pages.
COLOURS = {
    "sky": "#D7ECFB",
    "mint": "#D5F2E3",
    "sand": "#F5E9C8",
    "rose": "#F9DBE2",
    "lilac": "#E6DDF7",
    "grey": "#E6E8EC",
}
_NAMESPACE = uuid.UUID("6f1d5a44-7c1e-4f8e-9a55-3f7b2b0c8d11")


class Refused(ValueError):
    """The file cannot be read; the message says why and where, in the user's language."""


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(HERE / name)))


def guid(kind: str, pk: int) -> str:
    """A stable identifier for an object of the evaluation: the same on every export, so
    that a program importing twice recognises it."""
    return str(uuid.uuid5(_NAMESPACE, f"vises:{kind}:{pk}"))


def _codes_xml(parent, namespace: str, codes: list[Code], listed=()) -> None:
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def add(element, parent_id):
        for code in children.get(parent_id, []):
            node = etree.SubElement(
                element,
                f"{{{namespace}}}Code",
                guid=guid("code", code.pk),
                name=code.name,
                isCodable="true",
                color=COLOURS.get(code.colour, COLOURS["grey"]),
            )
            if code.description:
                etree.SubElement(node, f"{{{namespace}}}Description").text = apply(
                    code.description, listed
                )
            add(node, code.pk)

    add(parent, None)


def _checked(root, name: str) -> bytes:
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    schema(name).assertValid(etree.fromstring(data))
    return data


def codebook_file(evaluation) -> bytes:
    """The codebook as a `.qdc` file."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin="VISES")
    codes = list(evaluation.codes.order_by("name", "id"))
    if not codes:
        # The standard wants at least one code in a codebook.
        raise Refused(_("The codebook is empty: there is nothing to export."))
    _codes_xml(
        etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS, codes, pairs(evaluation)
    )
    return _checked(root, "Codebook.xsd")


def project_file(evaluation) -> bytes:
    """The coded material as a `.qdpx` archive: `project.qde` and each document's text.
    The real names of the pseudonymisation list are replaced in the texts, titles, memos
    and descriptions, the coded passages moved to the same words of the new texts."""
    listed = pairs(evaluation)
    root = etree.Element(
        f"{{{PROJECT_NS}}}Project",
        nsmap={None: PROJECT_NS},
        name=evaluation.title,
        origin="VISES",
        creationDateTime=timezone.now().replace(microsecond=0).isoformat(),
    )
    codes = list(evaluation.codes.order_by("name", "id"))
    if codes:
        codebook = etree.SubElement(root, f"{{{PROJECT_NS}}}CodeBook")
        codes_node = etree.SubElement(codebook, f"{{{PROJECT_NS}}}Codes")
        _codes_xml(codes_node, PROJECT_NS, codes, listed)
    documents = list(evaluation.documents.prefetch_related("excerpts__codes").order_by("id"))
    texts = {}
    if documents:
        sources = etree.SubElement(root, f"{{{PROJECT_NS}}}Sources")
        for document in documents:
            source_guid = guid("document", document.pk)
            text, moved = replaced(document.text, listed)
            texts[f"sources/{source_guid}.txt"] = text
            source = etree.SubElement(
                sources,
                f"{{{PROJECT_NS}}}TextSource",
                guid=source_guid,
                name=apply(document.title, listed),
                plainTextPath=f"internal://{source_guid}.txt",
            )
            if document.memo:
                etree.SubElement(source, f"{{{PROJECT_NS}}}Description").text = apply(
                    document.memo, listed
                )
            for excerpt in document.excerpts.all():
                start, end = moved(excerpt.start), moved(excerpt.end, end=True)
                selection = etree.SubElement(
                    source,
                    f"{{{PROJECT_NS}}}PlainTextSelection",
                    guid=guid("excerpt", excerpt.pk),
                    name=text[start:end][:60],
                    startPosition=str(start),
                    endPosition=str(end),
                )
                if excerpt.memo:
                    etree.SubElement(selection, f"{{{PROJECT_NS}}}Description").text = apply(
                        excerpt.memo, listed
                    )
                for code in excerpt.codes.all():
                    coding = etree.SubElement(
                        selection,
                        f"{{{PROJECT_NS}}}Coding",
                        guid=guid(f"coding-{excerpt.pk}", code.pk),
                    )
                    etree.SubElement(
                        coding, f"{{{PROJECT_NS}}}CodeRef", targetGUID=guid("code", code.pk)
                    )
    data = _checked(root, "Project.xsd")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", data)
        for path, text in texts.items():
            archive.writestr(path, text.encode("utf-8"))
    return out.getvalue()


# Reading -----------------------------------------------------------------------------


def _parse(data: bytes, name: str, schema_name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise Refused(
            _("“%(name)s” is not readable XML (line %(line)s): %(problem)s")
            % {"name": name, "line": error.lineno, "problem": error.msg}
        ) from None
    checker = schema(schema_name)
    if not checker.validate(root):
        error = checker.error_log.last_error
        raise Refused(
            _("“%(name)s” does not follow the REFI-QDA standard (line %(line)s): %(problem)s")
            % {"name": name, "line": error.line, "problem": error.message}
        )
    return root


@dataclass
class Imported:
    codes: int = 0
    documents: int = 0
    passages: int = 0


def _import_codes(evaluation, user, parent_node, namespace: str, parent, found: dict, counts):
    """Add the codes under `parent_node` to the codebook under `parent`, reusing a code of
    the same name at the same place; `found` maps each guid to its code."""
    for node in parent_node.findall(f"{{{namespace}}}Code"):
        name = (node.get("name") or "").strip()[: Code._meta.get_field("name").max_length]
        existing = evaluation.codes.filter(parent=parent, name__iexact=name).first()
        if existing is None:
            description = node.findtext(f"{{{namespace}}}Description") or ""
            colour = _closest_colour(node.get("color") or "")
            try:
                existing = save_code(
                    Code(
                        evaluation=evaluation,
                        parent=parent,
                        name=name,
                        description=description[:3000],
                        colour=colour,
                    ),
                    user,
                )
            except CodebookRefused as refusal:
                raise Refused(str(refusal)) from None
            counts.codes += 1
        found[node.get("guid").strip("{}").lower()] = existing
        _import_codes(evaluation, user, node, namespace, existing, found, counts)


def _closest_colour(rgb: str) -> str:
    for name, value in COLOURS.items():
        if value.lower() == rgb.lower():
            return name
    return Code.Colour.SKY


def read_codebook(evaluation, user, data: bytes, name: str) -> Imported:
    """Add the codes of a `.qdc` codebook to the evaluation's; all or nothing."""
    root = _parse(data, name, "Codebook.xsd")
    counts = Imported()
    with transaction.atomic():
        codes = root.find(f"{{{CODEBOOK_NS}}}Codes")
        _import_codes(evaluation, user, codes, CODEBOOK_NS, None, {}, counts)
    return counts


def read_project(evaluation, user, data: bytes, name: str, *, method: str) -> Imported:
    """Add the codes, the text sources and their coded passages of a `.qdpx` project to
    the evaluation's material; all or nothing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError):
        raise Refused(_("“%(name)s” is not a .qdpx project archive.") % {"name": name}) from None
    if sum(info.file_size for info in members.values()) > MAX_ARCHIVE_BYTES:
        raise Refused(_("“%(name)s” holds too much once unpacked.") % {"name": name})
    if "project.qde" not in members:
        raise Refused(_("“%(name)s” holds no project.qde.") % {"name": name})
    root = _parse(archive.read("project.qde"), f"{name}: project.qde", "Project.xsd")
    counts = Imported()
    found: dict[str, Code] = {}
    with transaction.atomic():
        codes = root.find(f"{{{PROJECT_NS}}}CodeBook/{{{PROJECT_NS}}}Codes")
        if codes is not None:
            _import_codes(evaluation, user, codes, PROJECT_NS, None, found, counts)
        for source in root.iterfind(f"{{{PROJECT_NS}}}Sources/{{{PROJECT_NS}}}TextSource"):
            _import_source(evaluation, user, archive, members, source, found, method, counts)
    return counts


def _source_text(archive, members, source, name: str) -> str:
    content = source.findtext(f"{{{PROJECT_NS}}}PlainTextContent")
    if content is not None:
        return content
    path = source.get("plainTextPath") or ""
    inside = "sources/" + path.removeprefix("internal://")
    if not path.startswith("internal://") or inside not in members:
        raise Refused(_("The text of “%(source)s” is not in the project.") % {"source": name})
    try:
        return archive.read(inside).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The text of “%(source)s” is not UTF-8 text.") % {"source": name}) from None


def _import_source(evaluation, user, archive, members, source, found, method, counts):
    title = (source.get("name") or _("Imported document"))[:200]
    raw = _source_text(archive, members, source, title)
    text = normalised(raw)
    if len(text) > MAX_TEXT_CHARACTERS or not text.strip():
        raise Refused(_("The text of “%(source)s” is empty or too long.") % {"source": title})
    # Positions count characters of the text as written; cleaning it moves them.
    moved = text != raw
    document = add_document(
        Document(
            evaluation=evaluation,
            method=method,
            title=title,
            text=text,
            memo=(source.findtext(f"{{{PROJECT_NS}}}Description") or "")[:10000],
        ),
        user,
    )
    counts.documents += 1
    for selection in source.iterfind(f"{{{PROJECT_NS}}}PlainTextSelection"):
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        words = raw[start:end] if 0 <= start < end <= len(raw) else ""
        if moved and words:
            at = text.find(normalised(words))
            start, end = (at, at + len(normalised(words))) if at >= 0 else (-1, -1)
        codes = [
            found[ref.get("targetGUID").strip("{}").lower()]
            for ref in selection.iterfind(f"{{{PROJECT_NS}}}Coding/{{{PROJECT_NS}}}CodeRef")
            if ref.get("targetGUID").strip("{}").lower() in found
        ]
        if not codes:
            continue
        if not (0 <= start < end <= len(text)):
            raise Refused(
                _("A coded passage of “%(source)s” lies outside its text (%(start)s–%(end)s).")
                % {
                    "source": title,
                    "start": selection.get("startPosition"),
                    "end": selection.get("endPosition"),
                }
            )
        try:
            code_passage(
                document,
                user,
                start=start,
                end=end,
                codes=codes,
                memo=(selection.findtext(f"{{{PROJECT_NS}}}Description") or "")[:10000],
            )
        except CodingRefused as refusal:
            raise Refused(f"{title}: {refusal}") from None
        counts.passages += 1
