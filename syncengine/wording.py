"""Sentences written by the pure decision modules, translated where they are shown.

A decision module imports no Django, so it cannot call gettext. It marks each sentence with
`_` (a no-op that makemessages still extracts) and returns a Text: the English sentence, which
also keeps its msgid and named values (`%(name)s`), so the page that shows it can say it in
the reader's language with `text.translated(gettext)`. A Text is a str (the English), so
logs, comparisons and tests read it as before. A Text stored with a record (`as_data`, e.g.
SyncEntry.words) is said again in the reader's language when the record is shown."""


def _(message: str) -> str:
    """Marks a sentence for translation (makemessages extracts `_("…")`); changes nothing."""
    return message


class Text(str):
    """An English sentence that remembers how it was made."""

    message: str
    values: dict

    def __new__(cls, message: str, **values):
        text = super().__new__(cls, fill(message, values, None))
        text.message, text.values = message, values
        return text

    def translated(self, translate) -> str:
        """The sentence in the language of `translate` (gettext); named values that are
        Texts themselves are translated too."""
        return fill(self.message, self.values, translate)

    def as_data(self) -> dict:
        """JSON-ready: {"message": msgid, "values": {name: value or nested Text data}}."""
        values = {k: v.as_data() if isinstance(v, Text) else v for k, v in self.values.items()}
        return {"message": self.message, "values": values}

    @classmethod
    def from_data(cls, data: dict) -> "Text":
        values = {
            name: cls.from_data(value) if isinstance(value, dict) else value
            for name, value in (data.get("values") or {}).items()
        }
        return cls(data["message"], **values)


def joined(texts, separator: str = " ") -> Text:
    """Several sentences as one Text (each translated on its own)."""
    parts = {f"part{i}": text for i, text in enumerate(texts)}
    return Text(separator.join(f"%({name})s" for name in parts), **parts)


def fill(message: str, values: dict, translate) -> str:
    said = translate(message) if translate else message
    if not values:
        return said
    parts = {
        name: value.translated(translate) if translate and isinstance(value, Text) else value
        for name, value in values.items()
    }
    return said % parts


def translated(text: str, translate) -> str:
    """A Text in the language of `translate`; any other text as it is."""
    return text.translated(translate) if isinstance(text, Text) else text
