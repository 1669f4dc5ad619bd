"""Every string marked for translation has a Welsh translation."""

from babel.messages.pofile import read_po

from healthjustice.core.translations import WELSH_CATALOGUE, extract_catalog


def _welsh():  # type: ignore[no-untyped-def]
    with WELSH_CATALOGUE.open("rb") as po_file:
        return read_po(po_file, locale="cy")


def test_every_marked_string_has_a_welsh_translation() -> None:
    welsh = _welsh()
    untranslated = []
    for message in extract_catalog():
        if not message.id:
            continue
        translated = welsh.get(message.id, context=message.context)
        strings = translated.string if translated is not None else None
        complete = all(strings) if isinstance(strings, tuple) else bool(strings)
        if translated is None or not complete or translated.fuzzy:
            untranslated.append(message.id)
    assert untranslated == [], "run `make messages` and translate these"


def test_welsh_translations_keep_their_placeholders() -> None:
    problems = [(message.id, errors) for message, errors in _welsh().check()]
    assert problems == []


def test_welsh_plural_forms_are_the_four_welsh_forms() -> None:
    assert _welsh().num_plurals == 4
