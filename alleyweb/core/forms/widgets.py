"""The fast widgets: WTForms writes each attribute through Markup.format, and a form page writes some
hundred of them; these write the same HTML (same attributes, order and escaping) with plain string
formatting. Also the pieces the form components (components.py) are made of: radio and checkbox groups,
described-by ids, hints and errors, the required/optional marks, the consent blocks' words.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select
from wtforms.widgets.core import clean_key

from alleyweb.core.i18n import current_locale, translated


def html_params(**kwargs) -> Markup:
    """What ``wtforms.widgets.html_params`` returns, byte for byte: attributes sorted by name, ``True``
    written bare, ``False`` left out, values escaped (and a double quote inside Markup as &quot;)."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        name = _attribute_name(key)
        if value is True:
            params.append(name)
        elif type(value) is int:
            params.append(f'{name}="{value}"')
        else:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{name}="{text}"')
    return Markup(" ".join(params))  # noqa: S704 - every value escaped above


@functools.cache
def _attribute_name(key: str) -> str:
    """A keyword argument's attribute name as WTForms writes it (``class_`` → ``class``, ``aria_x`` →
    ``aria-x``), escaped; the names are the code's own, a few dozen, so each is worked out once."""
    return str(escape(clean_key(key)))


def _input(widget, field, kwargs) -> Markup:
    """``wtforms.widgets.Input.__call__``: the same attributes, with the field's flags read from its
    namespace rather than through ``dir()`` (their order does not matter: html_params sorts)."""
    kwargs.setdefault("id", field.id)
    kwargs.setdefault("type", widget.input_type)
    if "value" not in kwargs:
        kwargs["value"] = field._value()
    datalist = getattr(field, "_datalist", None)
    if datalist is not None and "list" not in kwargs:
        kwargs["list"] = datalist if isinstance(datalist, str) else datalist.id
    flags = getattr(field, "flags", None)
    if flags is not None:
        for key, value in vars(flags).items():
            if key in widget.validation_attrs and key not in kwargs:
                kwargs[key] = value() if callable(value) else value
    return Markup(f"<input {html_params(name=field.name, **kwargs)}>")  # noqa: S704 - escaped by html_params


class _FastInput:
    """A WTForms input widget written by :func:`_input` and :func:`html_params`."""

    html_params = staticmethod(html_params)

    def __call__(self, field, **kwargs):
        return _input(self, field, kwargs)


class TextInput(_FastInput, widgets.TextInput):
    pass


class DateInput(_FastInput, widgets.DateInput):
    pass


class HiddenInput(_FastInput, widgets.HiddenInput):
    pass


class NumberInput(_FastInput, widgets.NumberInput):
    def __call__(self, field, **kwargs):
        if (self.step, self.min, self.max) != (None, None, None):
            return widgets.NumberInput.__call__(self, field, **kwargs)
        return _input(self, field, kwargs)


class CheckboxInput(_FastInput, widgets.CheckboxInput):
    def __call__(self, field, **kwargs):
        if getattr(field, "checked", field.data):
            kwargs.setdefault("checked", True)
        return _input(self, field, kwargs)


class TextArea(widgets.TextArea):
    """WTForms' textarea, through the fast :func:`html_params`."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = vars(field.flags)
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        return Markup(  # noqa: S704 - attributes and content escaped
            f"<textarea {html_params(name=field.name, **kwargs)}>\r\n{escape(field._value())}</textarea>")


def described_by(field, hint=None) -> str:
    """The ids for a field's aria-describedby: its hint's, then each error message's (``<id>-error-1``…)."""
    ids = [f"{field.id}-hint"] if hint else []
    ids += [f"{field.id}-error-{number}" for number in range(1, len(field.errors) + 1)]
    return " ".join(ids)


class ChoiceInput(NamedTuple):
    id: str
    input: Markup
    label: str


def radio_inputs(field, **kwargs) -> list[ChoiceInput]:
    """The radio buttons of a RadioField, as iterating the field gives them (ids ``<field>-0``,
    ``<field>-1``…, each ``<input>`` as WTForms' RadioInput writes it with ``kwargs``), without making a
    subfield for each choice or translating each label twice."""
    attrs = {**(field.render_kw or {}), **kwargs}
    flags = vars(field.flags)
    for key in widgets.RadioInput.validation_attrs:
        if key in flags and key not in attrs:
            value = flags[key]
            attrs[key] = value() if callable(value) else value
    attrs.setdefault("type", "radio")

    def tag(checked: bool) -> str:  # with stand-ins for the id and value, written once for all the choices
        params = dict(attrs)
        if checked:
            params.setdefault("checked", True)
        params.setdefault("id", "\0id\0")
        params.setdefault("value", "\0value\0")
        return f"<input {html_params(name=field.name, **params)}>"

    tags = {False: tag(False), True: tag(True)}
    locale = current_locale()
    field_id = escape(field.id)
    inputs = []
    for index, (value, label, selected) in enumerate(choice_list(field)):
        html = tags[bool(selected)].replace("\0id\0", f"{field_id}-{index}", 1)
        html = html.replace("\0value\0", escape(str(value)), 1)
        inputs.append(ChoiceInput(f"{field.id}-{index}", Markup(html),  # noqa: S704 - escaped by html_params and escape()
                                  _label(label, locale) or value))
    return inputs


def choice_list(field) -> list[tuple]:
    """(value, label, selected) of each choice of a SelectField or RadioField, as ``iter_choices()`` gives
    them."""
    plain = _plain_choices(field)
    if plain is not None:
        return plain
    return [(choice.value, choice.label, choice.selected) for choice in field.iter_choices()]


def _plain_choices(field) -> list[tuple] | None:
    """``choice_list`` of a list of plain ``SelectChoice``s (no group, no attributes, no True/False value:
    every form here), read as they are: WTForms makes two more objects of each choice on every call,
    and a select asks twice. None for any other choices, which WTForms reads."""
    choices = field.choices
    if (type(choices) is not list and type(choices) is not tuple) or isinstance(field, SelectMultipleField):
        return None
    coerce, data, plain = field.coerce, field.data, []
    for choice in choices:
        if type(choice) is not SelectChoice or choice.render_kw or choice.optgroup is not None \
                or isinstance(choice.value, bool):
            return None
        plain.append((choice.value, choice.label, coerce(choice.value) == data))
    return plain


def checkbox_inputs(field) -> list[ChoiceInput]:
    """A SelectMultipleField's choices as a group of checkboxes (ids ``<field>-1``, ``<field>-2``…), each
    ticked when its value was chosen: written here rather than in a Jinja loop, with the labels
    translated once per language."""
    name, locale = escape(field.name), current_locale()
    inputs = []
    for number, choice in enumerate(field.choices, 1):
        option_id = f"{field.id}-{number}"
        checked = " checked" if field.data and choice.value in field.data else ""
        html = (f'<input type="checkbox" class="checkbox-input" name="{name}" value="{escape(choice.value)}" '
                f'id="{escape(option_id)}"{checked}>')
        inputs.append(ChoiceInput(option_id, Markup(html), _label(choice.label, locale)))  # noqa: S704 - escaped
    return inputs


_FAST_WIDGETS = {widgets.TextInput: TextInput(), widgets.DateInput: DateInput(), widgets.NumberInput: NumberInput(),
                 widgets.HiddenInput: HiddenInput(), widgets.CheckboxInput: CheckboxInput(),
                 widgets.TextArea: TextArea()}


def fast_widget(widget):
    """The fast widget that writes what ``widget`` (a field class's default) writes, or None."""
    if type(widget) is Select and not widget.multiple:
        return _list_select
    if type(widget) is widgets.NumberInput and (widget.step, widget.min, widget.max) != (None, None, None):
        return None
    return _FAST_WIDGETS.get(type(widget))


class ListSelect(Select):
    """WTForms' select, with each plain option written directly: the same HTML several times faster,
    for long lists (the directory's 125 shopping districts, on the site's busiest page) and every other
    select of a BaseForm."""

    def __call__(self, field, **kwargs):
        kept = type(field.choices) is Options  # plain choices by definition: no need to look at each
        plain = None if kept else _plain_choices(field)
        if not kept and plain is None and field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = vars(field.flags)
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        locale = current_locale()
        if kept:
            options = field.choices.drawn(field.coerce, field.data, locale)
        elif plain is not None:
            options = "".join(_option(value, label, selected, locale) for value, label, selected in plain)
        else:
            options = "".join(self.render_option(choice, _locale=locale) for choice in field.iter_choices())
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 - escaped

    @classmethod
    def render_option(cls, choice, _locale=None, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        return Markup(_option(choice.value, choice.label, choice.selected, _locale))  # noqa: S704 - escaped


class Options(list):
    """A select's plain choices (``SelectChoice``s without attributes or groups) that stay the same while the
    data they come from does (the directory's 18 dongs, 125 shopping districts and categories): their
    ``<option>``s are written once per language and kept, and each request only marks the one chosen.
    Make a new one when the data changes (kept with the data's version, e.g. in a VersionedCache)."""

    def drawn(self, coerce, data, locale) -> str:
        """The options as ListSelect writes them, the one whose value is ``data`` selected."""
        cache = self.__dict__.setdefault("_drawn", {})
        kept = cache.get((locale, coerce))
        if kept is None:
            plain = [_option(choice.value, choice.label, False, locale) for choice in self]
            kept = cache[(locale, coerce)] = ("".join(plain), plain)
        joined, plain = kept
        chosen = self._index(coerce).get(data) if data is not None else None
        if not chosen:
            return joined
        pieces = list(plain)
        for number in chosen:
            choice = self[number]
            pieces[number] = _option(choice.value, choice.label, True, locale)
        return "".join(pieces)


    def _index(self, coerce) -> dict:
        """The positions of the choices by their value as ``coerce`` makes it."""
        indexes = self.__dict__.setdefault("_indexes", {})
        index = indexes.get(coerce)
        if index is None:
            index = indexes[coerce] = {}
            for number, choice in enumerate(self):
                index.setdefault(coerce(choice.value), []).append(number)
        return index

    def has(self, coerce, data) -> bool:
        """Whether a choice's value, as ``coerce`` makes it, is ``data`` (what SelectField's pre_validate asks,
        choice by choice): one look-up instead of a walk of the 125 shopping districts."""
        return data in self._index(coerce)


def _option(value, label, selected, locale) -> str:
    """A plain ``<option>`` as WTForms writes it."""
    return (f'<option {"selected " if selected else ""}value="{escape(value)}">'
            f"{escape(_label(label, locale) or value)}</option>")


def _label(label, locale=None):
    """A choice's label, a lazy one translated (:func:`translated`): as safe as Jinja and escape() take a
    lazy string to be."""
    label = translated(label, locale)
    return Markup(str(label)) if isinstance(label, LazyString) else label  # noqa: S704 - a translation


_REQUIRED, _OPTIONAL, _ERROR = _l("required"), _l("optional"), _l("Error:")
# What the consent blocks say around each service's own notice (see templates/components/forms.html).
_CONSENT_TERMS = {
    "purpose": _l("Purpose"), "collected": _l("Items collected"), "retention": _l("How long we keep them"),
    "refusal": _l("Your right to refuse"), "agree": _l("I agree"), "required": _REQUIRED, "optional": _OPTIONAL,
    "error": _ERROR,
    "refusal_required": _l("You may refuse. If you do, we cannot accept this request online; you can still ask at "
                           "your dong community centre."),
    "refusal_optional": _l("You may refuse. Refusing does not affect the service."),
}


def required_mark(field) -> Markup:
    """"(required)" or "(optional)" after a field's label, or when it is required ("(required if under 14)",
    the field's :class:`~alleyweb.core.forms.validators.RequiredWhen`)."""
    if field.flags.required_when:
        return Markup(f'<span class="required">({translated(field.flags.required_when)})</span>')  # noqa: S704
    if field.flags.required:
        return Markup(f'<span class="required">({translated(_REQUIRED)})</span>')  # noqa: S704 - a translation
    return Markup(f'<span class="optional">({translated(_OPTIONAL)})</span>')  # noqa: S704 - a translation


def hint_and_errors(field, hint=None) -> Markup:
    """A field's hint, then its error messages, each with the id :func:`described_by` lists."""
    html = f'<p class="hint" id="{escape(field.id)}-hint">{escape(hint)}</p>' if hint else ""
    if field.errors:
        prefix = translated(_ERROR)
        html += "".join(f'<p class="field-error" id="{escape(field.id)}-error-{number}"><span class="visually-hidden">'
                        f"{prefix}</span> {escape(message)}</p>\n" for number, message in enumerate(field.errors, 1))
    return Markup(html)  # noqa: S704 - escaped above


_consent_terms: dict[str, SimpleNamespace] = {}  # by language: the catalogues do not change while the app runs


def consent_terms() -> SimpleNamespace:
    """The consent blocks' own words in the current language (``terms.purpose``…), shared: read only."""
    locale = current_locale()
    terms = _consent_terms.get(locale)
    if terms is None:
        terms = _consent_terms[locale] = SimpleNamespace(**{name: translated(text, locale)
                                                            for name, text in _CONSENT_TERMS.items()})
    return terms


def consent_refusal(field) -> Markup:
    """What refusing the consent of ``field`` means, in its form's words: ``field.refusal`` with "{phone}"
    as the office's number (a link phones can call), or the general words when the form has none."""
    from flask import current_app

    if not field.refusal:
        terms = consent_terms()
        return Markup(terms.refusal_required if field.consent_required else terms.refusal_optional)  # noqa: S704
    number = current_app.config["OFFICE_PHONE"]
    link = Markup('<a class="tel" href="tel:{}">{}</a>').format("".join(ch for ch in number if ch.isdigit()), number)
    return Markup(str(escape(translated(field.refusal, current_locale()))).replace("{phone}", str(link)))  # noqa: S704


_list_select = ListSelect()
