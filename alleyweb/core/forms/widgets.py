"""The fast widgets: WTForms writes each attribute through Markup.format, and a form page writes some
hundred of them; these write the same HTML (same attributes, order and escaping) with plain string
formatting. Also the pieces the form macros (templates/components/forms.html) draw in Python: radio and
checkbox groups, described-by ids, hints and errors, the required/optional marks, the consent blocks' words.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape
from wtforms import widgets
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
        key = clean_key(key)
        if value is True:
            params.append(key)
        else:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{escape(key)}="{text}"')
    return Markup(" ".join(params))  # noqa: S704 - every value escaped above


class TextInput(widgets.TextInput):
    html_params = staticmethod(html_params)


class DateInput(widgets.DateInput):
    html_params = staticmethod(html_params)


class NumberInput(widgets.NumberInput):
    html_params = staticmethod(html_params)


class HiddenInput(widgets.HiddenInput):
    html_params = staticmethod(html_params)


class CheckboxInput(widgets.CheckboxInput):
    html_params = staticmethod(html_params)


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
    inputs = []
    for index, choice in enumerate(field.iter_choices()):
        option_id = f"{field.id}-{index}"
        html = tags[bool(choice.selected)].replace("\0id\0", escape(option_id), 1)
        html = html.replace("\0value\0", escape(str(choice.value)), 1)
        inputs.append(ChoiceInput(option_id, Markup(html),  # noqa: S704 - escaped by html_params and escape()
                                  _label(choice.label, locale) or choice.value))
    return inputs


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
        if field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = vars(field.flags)
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        locale = current_locale()
        options = "".join(self.render_option(choice, _locale=locale) for choice in field.iter_choices())
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 - escaped

    @classmethod
    def render_option(cls, choice, _locale=None, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(_label(choice.label, _locale) or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')  # noqa: S704 - escaped


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
    """"(required)" or "(optional)" after a field's label."""
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


def consent_terms() -> SimpleNamespace:
    """The consent blocks' own words in the current language (``terms.purpose``…)."""
    locale = current_locale()
    return SimpleNamespace(**{name: translated(text, locale) for name, text in _CONSENT_TERMS.items()})


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
