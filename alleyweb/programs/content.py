"""The programs the site starts with. Only facts in docs/ARCHITECTURE.md ("Domain facts") are stated; a
fact not known here (who exactly qualifies, amounts, fares, hours, documents, processing time) is left
empty, and the page shows it as "to be confirmed" with the phone number (programs/facts.py). Staff fill in
and correct the facts in the staff area, where the gaps are listed; seeding never overwrites them."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.programs.models import Program
from alleyweb.programs.questions import validate_questions
from alleyweb.programs.rules import validate_rules

# When the seeded texts were checked against docs/ARCHITECTURE.md, "Domain facts".
SEED_CHECKED = date(2026, 11, 21)

HOW_KO = "담당 공무원이 신청서를 확인하고 결과를 알려 드립니다. 접수번호로 처리 상황을 확인할 수 있습니다."
HOW_EN = ("An officer checks your application and tells you the result; you can follow it on the status page with "
          "your receipt number.")


def _rule(when: dict, outcome: str, ko: str, en: str) -> dict:
    return {"when": when, "outcome": outcome, "reason_ko": ko, "reason_en": en}


def _choice(value: str, ko: str, en: str, sensitive: bool = False) -> dict:
    return {"value": value, "label_ko": ko, "label_en": en, "sensitive": sensitive}


LIVES = ["yes"]
UNSURE = ["not_sure"]
YOUNG = ["under_14", "14_to_18", "19_to_34"]

PROGRAMS: list[dict] = [
    {
        "slug": "thousand-won-taxi", "category": "mobility", "sort_order": 10,
        "title_ko": "천원택시", "title_en": "Thousand-Won Taxi",
        "summary_ko": "택시를 1,000원에 타고, 나머지 요금은 구청이 냅니다.",
        "summary_en": "Ride a taxi for ₩1,000; the district pays the rest of the fare.",
        # Who may use it, rides per month, the most paid per ride and the hours are Seo-gu's own terms, not
        # published here: staff enter them (a nearby district's differ, and are not printed as Seo-gu's).
        "audience_ko": "", "audience_en": "",
        "benefits_ko": "택시를 탈 때 1,000원만 내고, 나머지 요금은 구청이 냅니다.",
        "benefits_en": "You pay ₩1,000 for a taxi ride and the district pays the rest of the fare.",
        "facts": {"rider_pays": {"ko": "1회 1,000원 (나머지 요금은 구청이 냅니다)",
                                 "en": "₩1,000 a ride (the district pays the rest of the fare)"}},
        "questions": [
            {"key": "mobility_reason", "type": "choice",
             "label_ko": "이동이 불편한 이유는 무엇인가요?", "label_en": "Why is it hard for you to get around?",
             "choices": [_choice("age", "나이가 많아서", "Because of my age"),
                         _choice("disability", "등록 장애가 있어서", "I have a registered disability", sensitive=True),
                         _choice("illness", "질병이나 부상 때문에", "Illness or injury", sensitive=True),
                         _choice("other", "다른 이유", "Another reason")]},
            {"key": "mobility_detail", "type": "textarea", "sensitive": True,
             "label_ko": "이동의 어려움을 더 알려 주세요", "label_en": "Tell us more about your difficulty getting "
                                                                       "around",
             "hint_ko": "예: 지팡이를 짚고 다닙니다, 계단을 오르기 어렵습니다",
             "hint_en": "For example, I walk with a stick; stairs are hard for me"},
            {"key": "destinations", "type": "textarea", "required": True,
             "label_ko": "주로 어디에 가야 하나요?", "label_en": "Where do you usually need to go?",
             "hint_ko": "예: 병원, 시장, 행정복지센터", "hint_en": "For example, the hospital, the market, the "
                                                                   "community centre"},
            {"key": "trips", "type": "choice", "required": True,
             "label_ko": "택시를 얼마나 자주 이용하시겠어요?", "label_en": "How often would you use the taxi?",
             "choices": [_choice("several_a_week", "일주일에 여러 번", "Several times a week"),
                         _choice("weekly", "일주일에 한 번쯤", "About once a week"),
                         _choice("monthly", "한 달에 몇 번", "A few times a month"),
                         _choice("rarely", "그보다 드물게", "Less often")]},
        ],
        "rules": [
            _rule({"lives_in_district": LIVES + UNSURE, "age": ["65_plus"]}, "maybe",
                  "65세 이상이어서 (서구의 정확한 대상 기준은 서구청에 확인해 주세요)",
                  "because you are 65 or older (ask the office for Seo-gu's exact conditions)"),
            _rule({"lives_in_district": LIVES + UNSURE, "disability": ["registered"]}, "maybe",
                  "등록 장애가 있어서 (서구의 정확한 대상 기준은 서구청에 확인해 주세요)",
                  "because you have a registered disability (ask the office for Seo-gu's exact conditions)"),
            _rule({"lives_in_district": LIVES + UNSURE, "disability": ["mobility"]}, "maybe",
                  "이동이 불편해서 (서구의 정확한 대상 기준은 서구청에 확인해 주세요)",
                  "because you find it hard to get around (ask the office for Seo-gu's exact conditions)"),
        ],
    },
    {
        "slug": "multicultural-family-visits", "category": "family", "sort_order": 20,
        "title_ko": "다문화가족 친정 방문 지원", "title_en": "Trips home for multicultural families",
        "summary_ko": "다문화가족이 친정(외가)을 방문할 수 있도록 지원합니다.",
        "summary_en": "Help for multicultural families to visit the maternal grandparents' home.",
        "audience_ko": "서구에 사는 다문화가족", "audience_en": "Multicultural families living in Seo-gu",
        "benefits_ko": "친정(외가) 방문을 지원합니다.",
        "benefits_en": "Support for a visit to the maternal grandparents' home.",
        "questions": [
            {"key": "country", "type": "text", "required": True,
             "label_ko": "방문하려는 나라", "label_en": "The country you would visit"},
            {"key": "travellers", "type": "choice", "required": True,
             "label_ko": "함께 가려는 가족은 몇 명인가요? (본인 포함)",
             "label_en": "How many family members would travel, including you?",
             "choices": [_choice("1", "1명", "1"), _choice("2", "2명", "2"), _choice("3", "3명", "3"),
                         _choice("4", "4명", "4"), _choice("5_or_more", "5명 이상", "5 or more")]},
            {"key": "period", "type": "text",
             "label_ko": "가고 싶은 시기", "label_en": "When you would like to travel",
             "hint_ko": "예: 내년 봄", "hint_en": "For example, next spring"},
        ],
        "rules": [
            _rule({"lives_in_district": LIVES, "multicultural": ["yes"]}, "likely",
                  "서구에 사는 다문화가족이어서", "because you are a multicultural family living in Seo-gu"),
            _rule({"lives_in_district": UNSURE, "multicultural": ["yes"]}, "maybe",
                  "다문화가족이어서 (주소가 서구인지 확인해 주세요)",
                  "because you are a multicultural family (check that your address is in Seo-gu)"),
        ],
    },
    {
        "slug": "waste-paper-collectors-rest-allowance", "category": "seniors", "sort_order": 30,
        "title_ko": "폐지 수집 어르신 휴식 수당", "title_en": "Rest allowance for older waste-paper collectors",
        "summary_ko": "폐지를 모으는 어르신이 쉬어 갈 수 있도록 휴식 수당을 드립니다.",
        "summary_en": "An allowance so that older residents who collect waste paper can take time to rest.",
        "audience_ko": "폐지를 모으는 서구의 어르신",
        "audience_en": "Older residents of Seo-gu who collect waste paper",
        "benefits_ko": "휴식 수당을 드립니다.", "benefits_en": "A rest allowance.",
        "questions": [
            {"key": "frequency", "type": "choice", "required": True,
             "label_ko": "폐지를 얼마나 자주 모으시나요?", "label_en": "How often do you collect waste paper?",
             "choices": [_choice("daily", "거의 매일", "Almost every day"),
                         _choice("several_a_week", "일주일에 여러 번", "Several times a week"),
                         _choice("weekly", "일주일에 한 번쯤", "About once a week"),
                         _choice("less", "그보다 드물게", "Less often")]},
            {"key": "hours", "type": "choice",
             "label_ko": "하루에 보통 몇 시간 모으시나요?", "label_en": "How many hours a day do you usually collect?",
             "choices": [_choice("under_3", "3시간 미만", "Less than 3 hours"),
                         _choice("3_to_6", "3~6시간", "3 to 6 hours"),
                         _choice("over_6", "6시간 넘게", "More than 6 hours")]},
            {"key": "health", "type": "textarea", "sensitive": True,
             "label_ko": "저희가 알아야 할 건강 문제가 있나요?", "label_en": "Are there health problems we should "
                                                                             "know about?"},
        ],
        "rules": [
            _rule({"lives_in_district": LIVES, "age": ["65_plus"], "waste_paper": ["yes"]}, "likely",
                  "65세 이상이고 서구에서 폐지를 모으고 있어서",
                  "because you are 65 or older and collect waste paper in Seo-gu"),
            _rule({"lives_in_district": UNSURE, "age": ["65_plus"], "waste_paper": ["yes"]}, "maybe",
                  "65세 이상이고 폐지를 모으고 있어서 (주소가 서구인지 확인해 주세요)",
                  "because you are 65 or older and collect waste paper (check that your address is in Seo-gu)"),
            _rule({"lives_in_district": LIVES + UNSURE, "age": ["35_to_64"], "waste_paper": ["yes"]}, "maybe",
                  "폐지를 모으고 있어서 (몇 세부터 받을 수 있는지 서구청에 확인해 주세요)",
                  "because you collect waste paper (ask the office from what age the allowance is paid)"),
        ],
    },
    {
        "slug": "joint-weddings", "category": "disability", "sort_order": 40,
        "title_ko": "장애인 합동결혼식", "title_en": "Joint weddings for couples with disabilities",
        "summary_ko": "장애가 있는 커플을 위한 합동결혼식입니다.",
        "summary_en": "A joint wedding ceremony for couples with disabilities.",
        "audience_ko": "서구에 사는, 장애가 있는 커플", "audience_en": "Couples with disabilities who live in Seo-gu",
        "benefits_ko": "여러 커플이 함께 올리는 결혼식입니다.",
        "benefits_en": "A wedding ceremony held together with other couples.",
        "questions": [
            {"key": "partner_name", "type": "text", "required": True,
             "label_ko": "배우자(예정자) 이름", "label_en": "Your partner's name"},
            {"key": "who_disabled", "type": "choice", "sensitive": True,
             "label_ko": "누구에게 장애가 있나요?", "label_en": "Who has a disability?",
             "choices": [_choice("me", "신청인", "Me"), _choice("partner", "배우자(예정자)", "My partner"),
                         _choice("both", "두 사람 모두", "Both of us")]},
            {"key": "access_needs", "type": "textarea", "sensitive": True,
             "label_ko": "결혼식 날 필요한 도움이 있나요?", "label_en": "Do you need any help on the day?",
             "hint_ko": "예: 휠체어 자리, 수어 통역", "hint_en": "For example, a wheelchair space or sign language"},
            {"key": "timing", "type": "text",
             "label_ko": "결혼식을 올리고 싶은 시기", "label_en": "When you would like to marry",
             "hint_ko": "예: 내년 가을", "hint_en": "For example, next autumn"},
        ],
        "rules": [
            _rule({"age": ["under_14"]}, "excluded", "14세 미만이어서 결혼식 대상이 아닙니다",
                  "because people under 14 cannot marry"),
            _rule({"lives_in_district": LIVES, "disability": ["registered"], "marriage": ["yes"]}, "likely",
                  "결혼을 계획하고 있고 등록 장애가 있어서",
                  "because you plan to marry and have a registered disability"),
            _rule({"lives_in_district": UNSURE, "disability": ["registered"], "marriage": ["yes"]}, "maybe",
                  "결혼을 계획하고 있고 등록 장애가 있어서 (주소가 서구인지 확인해 주세요)",
                  "because you plan to marry and have a registered disability (check that your address is in "
                  "Seo-gu)"),
            _rule({"lives_in_district": LIVES + UNSURE, "disability": ["mobility"], "marriage": ["yes"]}, "maybe",
                  "결혼을 계획하고 있고 이동이 불편해서 (대상이 되는지 서구청에 확인해 주세요)",
                  "because you plan to marry and find it hard to get around (ask the office whether this counts)"),
            _rule({"lives_in_district": LIVES + UNSURE, "disability": ["no", "prefer_not"], "marriage": ["yes"]},
                  "maybe", "결혼을 계획하고 있어서 (배우자에게 장애가 있다면 대상일 수 있습니다)",
                  "because you plan to marry (if your partner has a disability, this may be for you)"),
        ],
    },
    {
        "slug": "young-family-caregivers", "category": "youth", "sort_order": 50,
        "title_ko": "가족돌봄 청소년·청년 지원", "title_en": "Support for young family caregivers",
        "summary_ko": "가족을 돌보는 청소년과 청년을 서구 가족돌봄 청소년·청년 지원 조례에 따라 지원합니다.",
        "summary_en": "Support for young people who look after a family member, under the district's Youth and Young "
                      "Adult Family Caregiver Support Ordinance.",
        "audience_ko": "아프거나 장애가 있거나 나이 든 가족을 돌보는 서구의 청소년과 청년",
        "audience_en": "Young people in Seo-gu who look after a family member who is ill, disabled or elderly",
        "benefits_ko": "서구 가족돌봄 청소년·청년 지원 조례에 따른 지원을 받을 수 있습니다.",
        "benefits_en": "Support under the district's Youth and Young Adult Family Caregiver Support Ordinance.",
        "questions": [
            {"key": "cared_for", "type": "choice", "required": True,
             "label_ko": "누구를 돌보고 있나요?", "label_en": "Who do you look after?",
             "choices": [_choice("parent", "부모님", "A parent"), _choice("grandparent", "조부모님", "A grandparent"),
                         _choice("sibling", "형제자매", "A brother or sister"), _choice("other", "다른 가족",
                                                                                   "Another family member")]},
            {"key": "care_hours", "type": "choice", "required": True,
             "label_ko": "일주일에 돌봄에 쓰는 시간", "label_en": "Time you spend caring each week",
             "choices": [_choice("under_10", "10시간 미만", "Less than 10 hours"),
                         _choice("10_to_20", "10~20시간", "10 to 20 hours"),
                         _choice("over_20", "20시간 넘게", "More than 20 hours")]},
            {"key": "help_wanted", "type": "textarea",
             "label_ko": "어떤 도움이 가장 필요한가요?", "label_en": "What help would make the biggest difference?"},
            {"key": "family_condition", "type": "textarea", "sensitive": True,
             "label_ko": "돌보는 가족의 질병이나 장애", "label_en": "Your family member's illness or disability"},
        ],
        "rules": [
            _rule({"age": YOUNG, "lives_in_district": LIVES, "young_carer": ["yes"]}, "likely",
                  "서구에 살면서 젊은 나이에 가족을 돌보고 있어서",
                  "because you look after a family member as a young person living in Seo-gu"),
            _rule({"age": YOUNG, "lives_in_district": UNSURE, "young_carer": ["yes"]}, "maybe",
                  "젊은 나이에 가족을 돌보고 있어서 (주소가 서구인지 확인해 주세요)",
                  "because you look after a family member as a young person (check that your address is in Seo-gu)"),
            _rule({"age": ["35_to_64"], "lives_in_district": LIVES + UNSURE, "young_carer": ["yes"]}, "maybe",
                  "가족을 돌보고 있어서 (조례가 정한 나이를 서구청에 확인해 주세요)",
                  "because you look after a family member (ask the office which ages the ordinance covers)"),
        ],
    },
    {
        "slug": "seogu-honors", "category": "giving", "sort_order": 60, "online_application": False,
        "title_ko": "서구 아너스 (고액 기부)", "title_en": "Seo-gu Honors (major giving)",
        "summary_ko": "2024년 11월에 시작한 서구의 고액 기부 모임으로, 2025년 11월까지 회원 103명이 35억 원 넘게 "
                      "약정했습니다.",
        "summary_en": "Seo-gu's circle of major donors, started in November 2024: by November 2025, 103 members had "
                      "pledged over ₩3.5 billion.",
        "audience_ko": "큰 기부로 서구의 이웃과 나누고 싶은 분.",
        "audience_en": "Anyone who wants to share with neighbours in Seo-gu through a major gift.",
        "benefits_ko": "약정은 3,000만 원, 5,000만 원, 1억 원 이상의 세 단계입니다. 회원은 서구 아너스 명예의 전당에 "
                       "이름이 오릅니다.",
        "benefits_en": "Pledges come in three tiers: ₩30 million, ₩50 million, and ₩100 million or more. Members are "
                       "shown on the Seo-gu Honors hall of fame.",
        "how_to_apply_ko": "", "how_to_apply_en": "",
        "facts": {"apply_by_phone": {"ko": "가입하려면 서구청에 전화해 주세요", "en": "To join, call the office"}},
        "questions": [], "rules": [],
    },
]


def seed_programs() -> dict[str, int]:
    """Add the starting programs that are not there yet (by slug); never overwrite what staff changed.
    The contact is the office's from the configuration. Commits once."""
    existing = set(db.session.scalars(select(Program.slug)))
    added = 0
    config = current_app.config
    for data in PROGRAMS:
        if data["slug"] in existing:
            continue
        values = {"how_to_apply_ko": HOW_KO, "how_to_apply_en": HOW_EN, "documents_ko": "", "documents_en": "",
                  "status": "open", "online_application": True, "retention_days": 3 * 365,
                  "contact_office_ko": config["OFFICE_NAME_KO"], "contact_office_en": config["OFFICE_NAME_EN"],
                  "contact_phone": config["OFFICE_PHONE"], "last_checked": SEED_CHECKED, **data}
        # Where to apply in person, and whether at the dong's centre, is not among the known facts: staff
        # confirm it (programs/facts.py, IN_PERSON); until then the pages say it is to be confirmed.
        values["facts"] = dict(values.get("facts", {}))
        values["rules"] = validate_rules(values["rules"])
        values["questions"] = validate_questions(values["questions"])
        db.session.add(Program(**values))
        added += 1
    db.session.commit()
    return {"added": added, "unchanged": len(PROGRAMS) - added}
