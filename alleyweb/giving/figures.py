"""Public figures about giving, counted from the data by queries each time (never typed in): pledge
totals by Honors tier and area; sharing projects, applications, connections, the connection rate and
participants, by area and by month. They feed /<lang>/stats and the home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, distinct, func, select

from alleyweb.core.dates import seoul_today
from alleyweb.extensions import db
from alleyweb.giving.labels import AREA_LABELS, PLEDGE_AREA_LABELS
from alleyweb.giving.models import CONFIRMED_PLEDGE_STATES, CONNECTED_STATES, Application, Pledge, Project, Volunteer
from alleyweb.giving.money import format_money
from alleyweb.giving.services import honors_tiers, tier_label
from alleyweb.home.services import Figure
from alleyweb.stats.registry import Chart, Section
from alleyweb.submissions.models import Submission

MONTHS_SHOWN = 12


def rate(part: int, whole: int) -> int:
    """A whole percentage, rounded half up (9,180 of 10,389 is 88%)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


# -- pledges ------------------------------------------------------------------------------------

@dataclass
class PledgeFigures:
    confirmed: int = 0
    pledged_won: int = 0
    paid_won: int = 0
    honors_members: int = 0
    by_tier: list[tuple[int | None, int, int]] = field(default_factory=list)  # (tier, pledges, won)
    by_area: list[tuple[str, int, int]] = field(default_factory=list)  # (area, pledges, won)


def _tier_expr():
    tiers = honors_tiers()
    return case(*[(Pledge.total >= t, t) for t in reversed(tiers)], else_=0)


def pledge_figures() -> PledgeFigures:
    """Confirmed pledges only (confirmed, paid or recognised): a pledge not yet confirmed, or withdrawn,
    is not money the district can count on."""
    confirmed = Pledge.state.in_(CONFIRMED_PLEDGE_STATES)
    count, pledged, paid = db.session.execute(select(
        func.count(Pledge.id), func.coalesce(func.sum(Pledge.total), 0), func.coalesce(func.sum(Pledge.paid_total), 0),
    ).where(confirmed)).one()
    tier = _tier_expr().label("tier")
    tier_rows = {t: (n, won) for t, n, won in db.session.execute(
        select(tier, func.count(Pledge.id), func.coalesce(func.sum(Pledge.total), 0)).where(confirmed).group_by(tier))}
    by_tier = [(t, *tier_rows.get(t, (0, 0))) for t in reversed(honors_tiers())]
    by_tier.append((None, *tier_rows.get(0, (0, 0))))
    area_rows = {a: (n, won) for a, n, won in db.session.execute(
        select(Pledge.area, func.count(Pledge.id), func.coalesce(func.sum(Pledge.total), 0))
        .where(confirmed).group_by(Pledge.area))}
    by_area = [(a, *area_rows.get(a, (0, 0))) for a in PLEDGE_AREA_LABELS]
    members = sum(n for t, n, _won in by_tier if t is not None)
    return PledgeFigures(int(count), int(pledged), int(paid), members,
                         [(t, int(n), int(w)) for t, n, w in by_tier], [(a, int(n), int(w)) for a, n, w in by_area])


# -- sharing projects ---------------------------------------------------------------------------

@dataclass
class ProjectFigures:
    projects: int = 0
    open_projects: int = 0
    applications: int = 0
    connected: int = 0
    completed: int = 0
    rate: int = 0
    participants: int = 0
    volunteers: int = 0
    by_area: list[tuple[str, int, int, int]] = field(default_factory=list)  # (area, projects, applications, connected)
    by_month: list[tuple[str, int, int]] = field(default_factory=list)  # ("2026-11", applications, connected)


def _month(column):
    """The month (YYYY-MM) of a stored UTC time, in Seoul, in the database's own dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Seoul", column), "YYYY-MM")
    return func.strftime("%Y-%m", func.datetime(column, "+9 hours"))


def last_months(today: date, count: int = MONTHS_SHOWN) -> list[str]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def project_figures(today: date | None = None) -> ProjectFigures:
    """Every application counts once; participants are the people in connected or completed
    applications, a registered volunteer once however many projects they join."""
    connected = Application.state.in_(CONNECTED_STATES)
    projects, open_projects = db.session.execute(select(
        func.count(Project.id), func.coalesce(func.sum(case((Project.status == "open", 1), else_=0)), 0))).one()
    applications, connected_count, completed = db.session.execute(select(
        func.count(Application.id),
        func.coalesce(func.sum(case((connected, 1), else_=0)), 0),
        func.coalesce(func.sum(case((Application.state == "completed", 1), else_=0)), 0))).one()
    volunteers_in = db.session.scalar(select(func.count(distinct(Application.volunteer_id))).where(
        connected, Application.volunteer_id.is_not(None))) or 0
    others_in = db.session.scalar(select(func.count(Application.id)).where(
        connected, Application.volunteer_id.is_(None))) or 0
    approved_volunteers = db.session.scalar(select(func.count(Volunteer.id)).join(
        Submission, Submission.id == Volunteer.submission_id).where(Submission.status == "approved")) or 0

    project_rows = dict(db.session.execute(select(Project.area, func.count(Project.id)).group_by(Project.area)).all())
    application_rows = {area: (n, c) for area, n, c in db.session.execute(
        select(Project.area, func.count(Application.id), func.coalesce(func.sum(case((connected, 1), else_=0)), 0))
        .join(Project, Project.id == Application.project_id).group_by(Project.area))}
    by_area = [(area, int(project_rows.get(area, 0)), *(int(v) for v in application_rows.get(area, (0, 0))))
               for area in AREA_LABELS]

    months = last_months(today or seoul_today())
    applied_month = _month(Application.created_at).label("month")
    connected_month = _month(Application.connected_at).label("month")
    applied = dict(db.session.execute(select(applied_month, func.count(Application.id))
                                      .where(applied_month >= months[0]).group_by(applied_month)).all())
    joined = dict(db.session.execute(select(connected_month, func.count(Application.id))
                                     .where(Application.connected_at.is_not(None), connected_month >= months[0])
                                     .group_by(connected_month)).all())
    by_month = [(m, int(applied.get(m, 0)), int(joined.get(m, 0))) for m in months]
    return ProjectFigures(int(projects), int(open_projects), int(applications), int(connected_count), int(completed),
                          rate(int(connected_count), int(applications)), int(volunteers_in) + int(others_in),
                          int(approved_volunteers), by_area, by_month)


# -- pages --------------------------------------------------------------------------------------

def month_label(month: str, lang: str) -> str:
    year, number = month.split("-")
    return f"{year}년 {int(number)}월" if lang == "ko" else f"{year}-{number}"


def projects_section(lang: str) -> Section:
    figures = project_figures()
    area = {k: str(v) for k, v in AREA_LABELS.items()}
    return Section(
        key="sharing",
        title=_l("Sharing projects"),
        summary=[(_l("Projects registered"), f"{figures.projects:,}"),
                 (_l("Applications"), f"{figures.applications:,}"),
                 (_l("Connected"), f"{figures.connected:,}"),
                 (_l("Connection rate"), f"{figures.rate}%"),
                 (_l("Participants"), f"{figures.participants:,}"),
                 (_l("Registered volunteers"), f"{figures.volunteers:,}")],
        charts=[
            Chart(key="sharing-projects-by-area", title=_l("Projects by area"),
                  rows=[(area[a], p) for a, p, _n, _c in figures.by_area],
                  label_header=_l("Area"), value_header=_l("Projects")),
            Chart(key="sharing-applications-by-area", title=_l("Applications by area"),
                  rows=[(area[a], n) for a, _p, n, _c in figures.by_area],
                  label_header=_l("Area"), value_header=_l("Applications")),
            Chart(key="sharing-connected-by-area", title=_l("Connected applications by area"),
                  rows=[(area[a], c) for a, _p, _n, c in figures.by_area],
                  label_header=_l("Area"), value_header=_l("Connected")),
            Chart(key="sharing-rate-by-area", title=_l("Connection rate by area"),
                  rows=[(area[a], rate(c, n)) for a, _p, n, c in figures.by_area], unit="%",
                  label_header=_l("Area"), value_header=_l("Connection rate")),
            Chart(key="sharing-applications-by-month", title=_l("Applications by month"),
                  rows=[(month_label(m, lang), n) for m, n, _c in figures.by_month],
                  label_header=_l("Month"), value_header=_l("Applications")),
            Chart(key="sharing-connected-by-month", title=_l("Connections by month"),
                  rows=[(month_label(m, lang), c) for m, _n, c in figures.by_month],
                  label_header=_l("Month"), value_header=_l("Connected")),
        ],
    )


def pledges_section(lang: str) -> Section:
    figures = pledge_figures()
    return Section(
        key="pledges",
        title=_l("Donation pledges and Seo-gu Honors"),
        summary=[(_l("Confirmed pledges"), f"{figures.confirmed:,}"),
                 (_l("Amount pledged"), format_money(figures.pledged_won, lang)),
                 (_l("Amount paid so far"), format_money(figures.paid_won, lang)),
                 (_l("Seo-gu Honors members"), f"{figures.honors_members:,}")],
        charts=[
            Chart(key="pledges-won-by-tier", title=_l("Pledged by Honors tier (won)"),
                  rows=[(tier_label(t, lang), w) for t, _n, w in figures.by_tier],
                  label_header=_l("Tier"), value_header=_l("Pledged")),
            Chart(key="pledges-count-by-tier", title=_l("Pledges by Honors tier"),
                  rows=[(tier_label(t, lang), n) for t, n, _w in figures.by_tier],
                  label_header=_l("Tier"), value_header=_l("Pledges")),
            Chart(key="pledges-won-by-area", title=_l("Pledged by area (won)"),
                  rows=[(str(PLEDGE_AREA_LABELS[a]), w) for a, _n, w in figures.by_area],
                  label_header=_l("Area"), value_header=_l("Pledged")),
        ],
    )


def _figures_for_this_request() -> ProjectFigures:
    """The home page shows figures and a chart of the same data: counted once per request."""
    if "giving_figures" not in g:
        g.giving_figures = project_figures()
    return g.giving_figures


def home_figures() -> list[Figure]:
    figures = _figures_for_this_request()
    return [Figure(_l("sharing projects"), figures.projects),
            Figure(_l("sharing applications connected"), figures.rate, "%")]


def home_chart(lang: str) -> Chart:
    figures = _figures_for_this_request()
    return Chart(key="home-sharing-connected-by-area", title=_l("Sharing: people connected by area"),
                 rows=[(str(AREA_LABELS[a]), c) for a, _p, _n, c in figures.by_area],
                 label_header=_l("Area"), value_header=_l("Connected"))


