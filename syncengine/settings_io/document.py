"""Reading a settings file (B11): a version 1 document with the expected types, or a refusal
(in the active language: the file is read in the request that uploads it)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.models import Direction
from syncengine import storable

FORMAT = "snovio-pipedrive-settings"
VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
NONE = type(None)
EXCHANGE_SHAPE = {
    "target_list": (str, NONE),
    "owner": (dict, NONE),
    "all_lists": bool,
    "source_lists": list,
    "include_email_history": bool,
    "only_with_email": bool,
}
ACTION_SHAPE = {
    "action": str,
    "pipeline": (str, NONE),
    "stage": (str, NONE),
    "subject": (str, NONE),
}


# Without a final period: where the problem is may follow.
UNSTORABLE = {
    "invalid_json": gettext_lazy("The file is not valid JSON"),
    "too_deep": gettext_lazy(
        "The file nests lists and objects more than %(depth)s deep; a settings file needs "
        "four levels"
    ),
    "invalid_number": gettext_lazy("The file holds NaN or Infinity, which are not JSON numbers"),
    "nul_character": gettext_lazy(
        "The file contains a NUL character (\\u0000), which cannot be stored"
    ),
    "lone_surrogate": gettext_lazy(
        "The file contains a lone surrogate (\\ud800–\\udfff), which is not a character"
    ),
}


class SettingsFileError(ValueError):
    """The file cannot be read as settings of this app; nothing was changed."""


def read_settings_file(data: bytes) -> dict:
    """The document in a file: UTF-8 (a leading byte order mark is allowed), JSON with every
    key once per object, storable text, then the version 1 shape."""
    if len(data) > MAX_FILE_BYTES:
        raise SettingsFileError(_("The file is larger than 1 MB; a settings file is far smaller."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsFileError(_("The file is not valid JSON: it is not UTF-8 text.")) from None
    try:
        document = storable.loads(text, unique_keys=True)
    except storable.Unstorable as exc:
        raise SettingsFileError(unstorable_message(exc)) from None
    check_document(document)
    return document


def unstorable_message(exc: storable.Unstorable) -> str:
    if exc.reason_code == "duplicate_key":
        text = _(
            "The key “%(key)s” appears twice in one object, so it is unclear which value "
            "counts: keep one and import again."
        )
        return text % {"key": shorten(exc.key)}
    problem = str(UNSTORABLE[exc.reason_code]) % {"depth": storable.MAX_DEPTH}
    if exc.where:
        return _("%(problem)s (in “%(where)s”).") % {
            "problem": problem,
            "where": shorten(exc.where),
        }
    return problem + "."


def shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "…"


def check_document(document) -> None:
    """Refuse anything that is not a version 1 settings document with the expected types."""
    try:
        storable.check_value(document)
    except storable.Unstorable as exc:
        raise SettingsFileError(unstorable_message(exc)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SettingsFileError(_("This is not a settings file exported by this app."))
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        text = _("Settings file version %(version)s is not supported (only 1).")
        raise SettingsFileError(text % {"version": repr(version)})
    if document.get("direction") not in Direction.values:
        raise SettingsFileError(_("“direction” must be both, to_pipedrive or to_snovio."))
    exchange = _expect(document.get("exchange"), dict, "exchange")
    _check_fields(exchange, EXCHANGE_SHAPE, "exchange")
    if exchange["owner"] is not None:
        _check_fields(exchange["owner"], {"email": (str, NONE), "name": (str, NONE)}, "owner")
    for i, name in enumerate(exchange["source_lists"]):
        _expect(name, str, f"exchange.source_lists[{i}]")
    for i, m in enumerate(_items(document, "mappings")):
        _check_fields(m, {"snovio_field": str, "pipedrive_field": str}, f"mappings[{i}]")
    for i, c in enumerate(_items(document, "constants")):
        _check_fields(c, {"app": str, "field": str, "value": str}, f"constants[{i}]")
    for i, a in enumerate(_items(document, "automations")):
        _check_fields(a, {"trigger": str, "enabled": bool, "actions": list}, f"automations[{i}]")
        for j, x in enumerate(a["actions"]):
            where = f"automations[{i}].actions[{j}]"
            _check_fields(_expect(x, dict, where), ACTION_SHAPE, where)


def _expect(value, kind, where: str):
    if not isinstance(value, kind):
        raise SettingsFileError(
            _("“%(where)s” is missing or has the wrong type.") % {"where": where}
        )
    return value


def _check_fields(item, shape: dict, where: str) -> None:
    _expect(item, dict, where)
    for key, kind in shape.items():
        _expect(item.get(key), kind, f"{where}.{key}")


def _items(document: dict, key: str) -> list:
    items = _expect(document.get(key), list, key)
    for i, item in enumerate(items):
        _expect(item, dict, f"{key}[{i}]")
    return items
