from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.forms.fields import DateInputField
from alleyweb.staff.models import ROLES
from alleyweb.submissions.services import DECISION_LABELS, REASON_REQUIRED

ROLE_LABELS = {"admin": _l("Administrator"), "moderator": _l("Moderator"), "viewer": _l("Viewer")}


SIGN_IN_PAUSED = _l("Staff sign-in is paused for a few minutes because failed attempts cannot be counted right now. "
                    "Try again in a few minutes. Residents' pages are not affected.")


class SignInStepForm(BaseForm):
    """A form of a sign-in step. While failed attempts cannot be counted across all workers (Redis down),
    the step refuses with 503 instead of checking the password or code: sign-in fails closed."""

    def validate(self, extra_validators=None):
        if g.get("sign_in_paused"):
            self.form_errors.append(SIGN_IN_PAUSED)
            return False
        return super().validate(extra_validators)

    @property
    def status(self) -> int:
        return 503 if g.get("sign_in_paused") else super().status


class SignInForm(SignInStepForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")),
                                                        Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")),
                                                         Length(max=256)])
    next = HiddenField()


class CodeForm(SignInStepForm):
    code = StringField(_l("Security code"), validators=[
        DataRequired(_l("Enter the code from your authenticator app, or a recovery code")), Length(max=40)])


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password")),
                                                                Length(max=256)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password")),
                                                                 Length(max=256)])


class EmptyForm(BaseForm):
    """For POST buttons (sign out, disable) that carry nothing but the CSRF token."""


class DecisionForm(BaseForm):
    decision = RadioField(_l("Decision"), choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
                          validators=[DataRequired(_l("Choose a decision"))])
    reason = TextAreaField(_l("Reason shown to the submitter"), validators=[Length(max=2000)])

    def validate_reason(self, field):
        if self.decision.data in REASON_REQUIRED and not field.data:
            raise ValidationError(_l("Give the reason: the submitter will read it on the status page."))


class QueueFilterForm(BaseForm):
    class Meta:
        csrf = False

    type = SelectField(_l("Type"), validators=[Optional()])
    subject = SelectField(_l("Program or project"), validators=[Optional()])
    assignee = SelectField(_l("Assigned to"), validators=[Optional()])
    due = SelectField(_l("Due date"), choices=[
        SelectChoice("", _l("Any due date")), SelectChoice("overdue", _l("Overdue")),
        SelectChoice("today", _l("Due today")), SelectChoice("week", _l("Due within 7 days")),
        SelectChoice("set", _l("With a due date")), SelectChoice("unset", _l("Without a due date"))],
        validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    dong = SelectField(_l("Dong"), validators=[Optional()])
    date_from = DateInputField(_l("Received from"), validators=[Optional()])
    date_to = DateInputField(_l("Received until"), validators=[Optional()])
    q = StringField(_l("Search words"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sort"), choices=[SelectChoice("newest", _l("Newest first")),
                                            SelectChoice("oldest", _l("Oldest first")),
                                            SelectChoice("updated", _l("Recently changed")),
                                            SelectChoice("due", _l("Due soonest first"))],
                       default="newest", validators=[Optional()])


class AssignForm(BaseForm):
    assignee = SelectField(_l("Officer in charge"), validators=[Optional()])
    due_on = DateInputField(_l("Deal with it by"), validators=[Optional()])


class NoteForm(BaseForm):
    text = TextAreaField(_l("Internal note"), validators=[
        DataRequired(_l("Write the note")),
        Length(max=2000, message=_l("Shorten the note to %(max)d characters or fewer"))])


class SaveFilterForm(BaseForm):
    name = StringField(_l("Name of this filter"), validators=[
        DataRequired(_l("Give the filter a name, like taxi applications")), Length(max=60)])
    query = HiddenField(validators=[Optional(), Length(max=1000)])


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    staff = SelectField(_l("Officer"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    date_from = DateInputField(_l("From"), validators=[Optional()])
    date_to = DateInputField(_l("Until"), validators=[Optional()])


class AccountForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter the officer's email address")),
                                                        Length(max=254)])
    role = RadioField(_l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES], default="viewer",
                      validators=[DataRequired(_l("Choose a role"))])


class RoleForm(BaseForm):
    role = RadioField(_l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
                      validators=[DataRequired(_l("Choose a role"))])
