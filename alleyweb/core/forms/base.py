"""BaseForm: every form subclasses it. Surrounding whitespace stripped, Unicode normalised to NFC
(decomposed jamo from some keyboards become ordinary syllables), invisible control and bidirectional-override
characters refused with a message that says what to do, and no text answer of any form, public or staff,
accepted with a resident or foreign registration number in it (the site never asks for one, so it must not
keep one either). Fields are drawn by the fast widgets of :mod:`.widgets` unless a form chose its own, and
each field of a form class is bound once per name, prefix and language and copied for every form after
that (:func:`_clone`): nothing of a request is in the copy it is made from.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import support
from flask import current_app, g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.core import Flags, Label
from wtforms.i18n import messages_path

from alleyweb.core.forms.widgets import Options, fast_widget
from alleyweb.core.i18n import locale_name
from alleyweb.core.privacy import contains_rrn

# C0/C1 controls other than tab and newlines, and the bidi embedding/override/isolate characters
# that can make text display in a different order than it was typed.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_CONTROL_CHARS = _l("Remove the hidden control characters from this answer (they can come from copying and pasting).")
_REGISTRATION_NUMBER = _l("Remove the resident registration number from this answer. Never send a resident or "
                          "foreign registration number online: we do not need it here.")


def clean_text(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class BaseForm(FlaskForm):
    """Every form subclasses this: whitespace stripped, NFC, control characters refused; fields drawn
    by the fast widgets below unless a form chose a widget itself."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if options.get("translations") is not _wtforms_messages or "csrf_impl" in unbound_field.kwargs \
                    or not issubclass(unbound_field.field_class, _CLONED_FIELDS):
                return _bind(form, unbound_field, options)  # a form's own CSRF field, or an unusual one
            # A field of the form's class is bound once per name, prefix and language and copied for each
            # form after that (see _clone): WTForms' Field.__init__ does the same work every time.
            prototypes = unbound_field.__dict__.get("_alleyweb_prototypes")
            if prototypes is None:
                prototypes = unbound_field.__dict__.setdefault("_alleyweb_prototypes", {})
            locale = form.__dict__.get("_alleyweb_locale")
            if locale is None:
                locale = form.__dict__["_alleyweb_locale"] = locale_name()  # once per form
            key = (options["name"], options["prefix"], locale)
            prototype = prototypes.get(key)
            if prototype is None:
                prototype = _bind(None, unbound_field, dict(options, _meta=self))
                prototype.meta = None  # each copy takes its own form's
                prototypes[key] = prototype
            return _clone(prototype, form)

        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages

    def validate(self, extra_validators=None):
        if g.get("csrf_expired"):
            # The CSRF handler re-ran this view: show the form again with the input kept.
            self.form_errors.append(
                _l("This page was open too long and has expired. Check your answers and send the form again.")
            )
            return False
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField) or not isinstance(field.data, str):
                continue
            if _FORBIDDEN_CHARS.search(field.data):
                field.errors = list(field.errors) + [_CONTROL_CHARS]
                valid = False
            if not isinstance(field, PasswordField) and contains_rrn(field.data):
                field.errors = list(field.errors) + [_REGISTRATION_NUMBER]
                valid = False
        return valid

    @property
    def status(self) -> int:
        """The response status for the page showing this form: 400 when what was sent has errors."""
        return 400 if self.errors else 200

    @property
    def error_list(self):
        """(field id or None, message) pairs for the error summary, in page order."""
        items = [(None, message) for message in self.form_errors]
        for field in self:
            for message in field.errors if isinstance(field.errors, list) else []:
                items.append((field.id, message))
        return items


def _bind(form, unbound_field, options):
    """``unbound_field.bind``, with the text fields' cleaning filter and the fast widget."""
    filters = list(unbound_field.kwargs.get("filters", ()))
    if issubclass(unbound_field.field_class, (StringField, SelectField, RadioField)):
        filters.append(clean_text)  # a choice sent as " 1" or "\r\n" is "1" or nothing
    options["filters"] = filters
    if "widget" not in unbound_field.kwargs:
        fast = fast_widget(unbound_field.field_class.widget)
        if fast is not None:
            options["widget"] = fast
    return unbound_field.bind(form=form, **options)


# Fields copied from a prototype: WTForms' own single fields and the project's (fields.py, and any field
# subclassing these); a field that holds other fields (FormField, FieldList) is bound as usual.
_CLONED_FIELDS = (StringField, BooleanField, DateTimeField, DateField, SelectField, RadioField, HiddenField,
                  IntegerField, DecimalField, SubmitField, SelectMultipleField)


def _clone(prototype, form):
    """A field for ``form`` that is what binding ``prototype``'s unbound field again would give: the same
    attributes, with the form and its meta set, and its own copy of whatever a form, a view or a
    request may change in place (the label, the flags, the rendering keywords, the choices). Nothing of
    a request is in a prototype: it is bound without a form and never processed."""
    field = object.__new__(type(prototype))
    attributes = field.__dict__
    attributes.update(prototype.__dict__)
    attributes["_form"] = form
    attributes["meta"] = form.meta
    attributes["_alleyweb_prototype"] = prototype
    label = prototype.label
    attributes["label"] = Label(label.field_id, label.text)
    flags = attributes["flags"] = Flags()
    flags.__dict__.update(prototype.flags.__dict__)
    if prototype.render_kw is not None:
        attributes["render_kw"] = dict(prototype.render_kw)
    choices = attributes.get("_choices")
    if type(choices) is list:
        attributes["_choices"] = list(choices)
    elif type(choices) is dict:
        attributes["_choices"] = dict(choices)
    return field


# What a copy holds of its own (see _clone), and what processing and validating a form add to it.
_OWN = frozenset({"_form", "meta", "label", "flags", "render_kw", "_choices", "_alleyweb_prototype", "_alleyweb_drawn",
                  "data", "object_data", "raw_data", "process_errors", "errors"})


def blank_prototype(field):
    """The prototype ``field`` was copied from (:func:`_clone`), when ``field`` still draws exactly as any
    blank copy of it: nothing entered (no raw data, no errors), its data empty or its own fixed default,
    and nothing a view may change (label, flags, rendering keywords, choices, any other attribute)
    changed, except for choices set to a kept :class:`~alleyweb.core.forms.widgets.Options` (shared by
    every request while its data's version lasts). Otherwise ``None``. What is drawn from a blank field
    depends on its prototype (its form class, name, prefix and language), its data, its Options and the
    drawing's arguments only, so it can be kept on the prototype (:func:`drawn_blank`)."""
    prototype = field.__dict__.get("_alleyweb_prototype")
    if prototype is None or field.errors or field.process_errors or field.raw_data:
        return None
    data, default = field.data, field.default
    if not (data is None or data is False or data == ""
            or (type(data) is type(default) is str and data == default)):
        return None
    own, kept = field.__dict__, prototype.__dict__
    if any(name not in _OWN and own.get(name, own) is not value for name, value in kept.items()) \
            or any(name not in _OWN and name not in kept for name in own):
        return None
    label, kept_label = field.label, prototype.label
    choices = own.get("_choices")
    if label.text is not kept_label.text or label.field_id != kept_label.field_id \
            or field.flags.__dict__ != prototype.flags.__dict__ or field.render_kw != prototype.render_kw \
            or not (isinstance(choices, Options) or choices == kept.get("_choices")):
        return None
    return prototype


def drawn_blank(field, key, draw):
    """``draw()``, kept on the field's prototype under ``key`` when the field is blank
    (:func:`blank_prototype`): the same markup for every request, holding nothing of any of them."""
    prototype = blank_prototype(field)
    if prototype is None:
        return draw()
    choices = field.__dict__.get("_choices")
    options = choices if isinstance(choices, Options) else None
    # The data (None, False, "" or the field's default: a select may have a choice "") and the Options by
    # identity: an entry holds its Options, so no other list can take its id while the entry is kept.
    key = (key, type(field.data), field.data, id(options))
    drawn = prototype.__dict__.get("_alleyweb_drawn")
    if drawn is None:
        drawn = prototype.__dict__.setdefault("_alleyweb_drawn", {})
    try:
        kept = drawn.get(key)
    except TypeError:  # an argument that is not hashable
        return draw()
    if kept is None or kept[0] is not options:
        if len(drawn) >= _DRAWN_PER_FIELD:  # Options of past data versions, arguments no longer used
            drawn.clear()
        kept = drawn[key] = (options, draw())
    return kept[1]


_DRAWN_PER_FIELD = 32


class _WTFormsMessages:
    """WTForms' own messages (a field's default label, its built-in validators') in the request's
    language, as Flask-WTF gives them, with each language's catalogue read once per process rather
    than once per request."""

    @staticmethod
    def _catalogue():
        locale = locale_name()
        return _wtforms_catalogue(locale) if locale != "None" else None

    def gettext(self, string):
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular, plural, n):
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


@functools.cache
def _wtforms_catalogue(locale: str):
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


_wtforms_messages = _WTFormsMessages()
