"""Programs: facts as structure (amount, hours, processing time, source… in a JSON column beside the text
columns, programs/facts.py); the seeded programs' prose moved to those facts where it maps, the
"not published here" sentences and a nearby district's rules taken out (only where staff left the seeded
text unchanged); the taxi's reason question asks sensitive data only for disability or illness; the joint
weddings are never shown to someone under 14

Revision ID: 0010_program_facts
Revises: 0009_officer_day
Create Date: 2026-12-02 18:00:00

"""
import copy
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_program_facts'
down_revision = '0009_officer_day'
branch_labels = None
depends_on = None

# Per seeded program: texts as [seeded before, seeded now], its facts, and questions/rules as
# [seeded before, seeded now] (the taxi's questions and the weddings' rules are added below, where what changed
# in them is spelt out). A value staff changed is left as they wrote it.
SEED_FIX = json.loads(r'''
{
 "thousand-won-taxi": {
  "texts": {
   "audience_ko": [
    "서구에서 누가 이용할 수 있는지(나이, 장애 등 조건)는 여기에 아직 실려 있지 않습니다. 신청할 수 있는지 서구청에 확인해 주세요.\n참고로 인근 자치구에서는 65세 이상 주민과 등록 장애인이 대상입니다.",
    ""
   ],
   "audience_en": [
    "Who can use it in Seo-gu (age, disability or other conditions) is not published here yet: ask the office whether you qualify.\nIn a nearby district, it is for residents aged 65 or over and registered disabled residents.",
    ""
   ],
   "benefits_ko": [
    "택시를 탈 때 1,000원만 내고, 나머지 요금은 구청이 냅니다. 한 달 이용 횟수, 1회 지원 한도와 이용 시간은 자치구마다 다르니 서구의 기준을 서구청에 확인해 주세요.\n참고로 인근 자치구에서는 한 달에 이용권 2장, 1장당 최대 25,000원까지 지원합니다.",
    "택시를 탈 때 1,000원만 내고, 나머지 요금은 구청이 냅니다."
   ],
   "benefits_en": [
    "You pay ₩1,000 for a taxi ride and the district pays the rest of the fare. How many rides a month, the most paid per ride and the hours differ from district to district: confirm Seo-gu's terms with the office.\nIn a nearby district: 2 vouchers a month, up to ₩25,000 each.",
    "You pay ₩1,000 for a taxi ride and the district pays the rest of the fare."
   ]
  },
  "facts": {
   "apply_in_person": {
    "ko": "사는 동의 행정복지센터",
    "en": "Your dong's administrative welfare centre"
   },
   "rider_pays": {
    "ko": "1회 1,000원 (나머지 요금은 구청이 냅니다)",
    "en": "₩1,000 a ride (the district pays the rest of the fare)"
   }
  }
 },
 "multicultural-family-visits": {
  "texts": {
   "audience_ko": [
    "서구에 사는 다문화가족. 자세한 조건(한국 거주 기간, 소득 등)은 여기에 아직 실려 있지 않으니 서구청에 확인해 주세요.",
    "서구에 사는 다문화가족"
   ],
   "audience_en": [
    "Multicultural families living in Seo-gu. The detailed conditions (such as time lived in Korea or income) are not published here yet: confirm with the office.",
    "Multicultural families living in Seo-gu"
   ],
   "benefits_ko": [
    "친정(외가) 방문을 지원합니다. 무엇을 얼마나 지원하는지는 서구청에 확인해 주세요.",
    "친정(외가) 방문을 지원합니다."
   ],
   "benefits_en": [
    "Support for a visit to the maternal grandparents' home. What is covered and how much: confirm with the office.",
    "Support for a visit to the maternal grandparents' home."
   ]
  },
  "facts": {
   "apply_in_person": {
    "ko": "사는 동의 행정복지센터",
    "en": "Your dong's administrative welfare centre"
   }
  }
 },
 "waste-paper-collectors-rest-allowance": {
  "texts": {
   "audience_ko": [
    "폐지를 모으는 서구의 어르신. 몇 세부터 받을 수 있는지 등 자세한 조건은 여기에 아직 실려 있지 않으니 서구청에 확인해 주세요.",
    "폐지를 모으는 서구의 어르신"
   ],
   "audience_en": [
    "Older residents of Seo-gu who collect waste paper. From what age, and the other conditions, are not published here yet: confirm with the office.",
    "Older residents of Seo-gu who collect waste paper"
   ],
   "benefits_ko": [
    "휴식 수당을 드립니다. 금액과 지급 방법은 서구청에 확인해 주세요.",
    "휴식 수당을 드립니다."
   ],
   "benefits_en": [
    "A rest allowance. The amount and how it is paid: confirm with the office.",
    "A rest allowance."
   ]
  },
  "facts": {
   "apply_in_person": {
    "ko": "사는 동의 행정복지센터",
    "en": "Your dong's administrative welfare centre"
   }
  }
 },
 "joint-weddings": {
  "texts": {
   "audience_ko": [
    "서구에 사는, 장애가 있는 커플. 한 사람만 장애가 있어도 되는지 등 자세한 조건은 여기에 아직 실려 있지 않으니 서구청에 확인해 주세요.",
    "서구에 사는, 장애가 있는 커플"
   ],
   "audience_en": [
    "Couples with disabilities who live in Seo-gu. Whether one partner's disability is enough, and the other conditions, are not published here yet: confirm with the office.",
    "Couples with disabilities who live in Seo-gu"
   ],
   "benefits_ko": [
    "여러 커플이 함께 올리는 결혼식입니다. 무엇을 지원하는지와 결혼식 날짜는 서구청에 확인해 주세요.",
    "여러 커플이 함께 올리는 결혼식입니다."
   ],
   "benefits_en": [
    "A wedding ceremony held together with other couples. What is provided and the date: confirm with the office.",
    "A wedding ceremony held together with other couples."
   ]
  },
  "facts": {
   "apply_in_person": {
    "ko": "사는 동의 행정복지센터",
    "en": "Your dong's administrative welfare centre"
   }
  }
 },
 "young-family-caregivers": {
  "texts": {
   "audience_ko": [
    "아프거나 장애가 있거나 나이 든 가족을 돌보는 서구의 청소년과 청년. 조례가 정한 나이와 자세한 조건은 여기에 아직 실려 있지 않으니 서구청에 확인해 주세요.",
    "아프거나 장애가 있거나 나이 든 가족을 돌보는 서구의 청소년과 청년"
   ],
   "audience_en": [
    "Young people in Seo-gu who look after a family member who is ill, disabled or elderly. The ages the ordinance covers and the other conditions are not published here yet: confirm with the office.",
    "Young people in Seo-gu who look after a family member who is ill, disabled or elderly"
   ],
   "benefits_ko": [
    "조례에 따른 지원을 받을 수 있습니다. 어떤 지원이 있는지는 서구청에 확인해 주세요.",
    "서구 가족돌봄 청소년·청년 지원 조례에 따른 지원을 받을 수 있습니다."
   ],
   "benefits_en": [
    "Support under the ordinance. What support is available: confirm with the office.",
    "Support under the district's Youth and Young Adult Family Caregiver Support Ordinance."
   ]
  },
  "facts": {
   "apply_in_person": {
    "ko": "사는 동의 행정복지센터",
    "en": "Your dong's administrative welfare centre"
   }
  }
 },
 "seogu-honors": {
  "texts": {
   "how_to_apply_ko": [
    "가입하려면 서구청에 전화해 주세요. 약정금을 내는 방법은 서구청에 확인해 주세요.",
    ""
   ],
   "how_to_apply_en": [
    "To join, call the office. How to pay a pledge: confirm with the office.",
    ""
   ],
   "documents_ko": [
    "필요한 서류는 서구청에 확인해 주세요.",
    ""
   ],
   "documents_en": [
    "Which documents are needed: confirm with the office.",
    ""
   ]
  },
  "facts": {
   "apply_by_phone": {
    "ko": "가입하려면 서구청에 전화해 주세요",
    "en": "To join, call the office"
   }
  }
 }
}
''')

# The same texts on how to apply and the documents needed, [seeded before, seeded now], for every seeded program
# but Seo-gu Honors.
APPLY_TEXTS = json.loads(r'''
{
 "how_to_apply_ko": [
  "이 페이지에서 온라인으로 신청하거나, 사는 동의 행정복지센터에 문의하세요. 담당 공무원이 신청서를 확인하고 결과를 알려 드립니다. 접수번호로 처리 상황을 확인할 수 있습니다.",
  "담당 공무원이 신청서를 확인하고 결과를 알려 드립니다. 접수번호로 처리 상황을 확인할 수 있습니다."
 ],
 "how_to_apply_en": [
  "Apply online on this page, or ask at your dong community centre. An officer checks your application and tells you the result; you can follow it on the status page with your receipt number.",
  "An officer checks your application and tells you the result; you can follow it on the status page with your receipt number."
 ],
 "documents_ko": [
  "필요한 서류는 여기에 아직 실려 있지 않습니다. 서구청에 확인해 주세요. 주민등록번호는 온라인으로 보내지 마세요.",
  ""
 ],
 "documents_en": [
  "Which documents you need is not published here yet: confirm with the office. Never send your resident registration number online.",
  ""
 ]
}
''')
for slug in ("thousand-won-taxi", "multicultural-family-visits",
             "waste-paper-collectors-rest-allowance", "joint-weddings", "young-family-caregivers"):
    SEED_FIX[slug]["texts"].update(APPLY_TEXTS)

# The taxi's questions as seeded before: the reason question as a whole was sensitive.
TAXI_QUESTIONS_BEFORE = json.loads(r'''
[
 {
  "key": "mobility_reason",
  "type": "choice",
  "label_ko": "이동이 불편한 이유는 무엇인가요?",
  "label_en": "Why is it hard for you to get around?",
  "hint_ko": "",
  "hint_en": "",
  "required": false,
  "sensitive": true,
  "choices": [
   {
    "value": "age",
    "label_ko": "나이가 많아서",
    "label_en": "Because of my age",
    "sensitive": false
   },
   {
    "value": "disability",
    "label_ko": "등록 장애가 있어서",
    "label_en": "I have a registered disability",
    "sensitive": false
   },
   {
    "value": "illness",
    "label_ko": "질병이나 부상 때문에",
    "label_en": "Illness or injury",
    "sensitive": false
   },
   {
    "value": "other",
    "label_ko": "다른 이유",
    "label_en": "Another reason",
    "sensitive": false
   }
  ]
 },
 {
  "key": "mobility_detail",
  "type": "textarea",
  "label_ko": "이동의 어려움을 더 알려 주세요",
  "label_en": "Tell us more about your difficulty getting around",
  "hint_ko": "예: 지팡이를 짚고 다닙니다, 계단을 오르기 어렵습니다",
  "hint_en": "For example, I walk with a stick; stairs are hard for me",
  "required": false,
  "sensitive": true
 },
 {
  "key": "destinations",
  "type": "textarea",
  "label_ko": "주로 어디에 가야 하나요?",
  "label_en": "Where do you usually need to go?",
  "hint_ko": "예: 병원, 시장, 행정복지센터",
  "hint_en": "For example, the hospital, the market, the community centre",
  "required": true,
  "sensitive": false
 },
 {
  "key": "trips",
  "type": "choice",
  "label_ko": "택시를 얼마나 자주 이용하시겠어요?",
  "label_en": "How often would you use the taxi?",
  "hint_ko": "",
  "hint_en": "",
  "required": true,
  "sensitive": false,
  "choices": [
   {
    "value": "several_a_week",
    "label_ko": "일주일에 여러 번",
    "label_en": "Several times a week",
    "sensitive": false
   },
   {
    "value": "weekly",
    "label_ko": "일주일에 한 번쯤",
    "label_en": "About once a week",
    "sensitive": false
   },
   {
    "value": "monthly",
    "label_ko": "한 달에 몇 번",
    "label_en": "A few times a month",
    "sensitive": false
   },
   {
    "value": "rarely",
    "label_ko": "그보다 드물게",
    "label_en": "Less often",
    "sensitive": false
   }
  ]
 }
]
''')

# The joint weddings' rules as seeded before; seeded now, one more comes first: never shown to someone under 14.
WEDDING_RULES_BEFORE = json.loads(r'''
[
 {
  "when": {
   "lives_in_district": [
    "yes"
   ],
   "disability": [
    "registered"
   ],
   "marriage": [
    "yes"
   ]
  },
  "outcome": "likely",
  "reason_ko": "결혼을 계획하고 있고 등록 장애가 있어서",
  "reason_en": "because you plan to marry and have a registered disability"
 },
 {
  "when": {
   "lives_in_district": [
    "not_sure"
   ],
   "disability": [
    "registered"
   ],
   "marriage": [
    "yes"
   ]
  },
  "outcome": "maybe",
  "reason_ko": "결혼을 계획하고 있고 등록 장애가 있어서 (주소가 서구인지 확인해 주세요)",
  "reason_en": "because you plan to marry and have a registered disability (check that your address is in Seo-gu)"
 },
 {
  "when": {
   "lives_in_district": [
    "yes",
    "not_sure"
   ],
   "disability": [
    "mobility"
   ],
   "marriage": [
    "yes"
   ]
  },
  "outcome": "maybe",
  "reason_ko": "결혼을 계획하고 있고 이동이 불편해서 (대상이 되는지 서구청에 확인해 주세요)",
  "reason_en": "because you plan to marry and find it hard to get around (ask the office whether this counts)"
 },
 {
  "when": {
   "lives_in_district": [
    "yes",
    "not_sure"
   ],
   "disability": [
    "no",
    "prefer_not"
   ],
   "marriage": [
    "yes"
   ]
  },
  "outcome": "maybe",
  "reason_ko": "결혼을 계획하고 있어서 (배우자에게 장애가 있다면 대상일 수 있습니다)",
  "reason_en": "because you plan to marry (if your partner has a disability, this may be for you)"
 }
]
''')
UNDER_14_EXCLUDED = {"when": {"age": ["under_14"]}, "outcome": "excluded",
                     "reason_ko": "14세 미만이어서 결혼식 대상이 아닙니다",
                     "reason_en": "because people under 14 cannot marry"}


def _sensitive_only_for_health(questions):
    """The taxi's questions as seeded now: the reason question asks sensitive data only for a disability or an
    illness (the question as a whole, and the answers "age" and "another reason", are not sensitive)."""
    now = copy.deepcopy(questions)
    reason = next(question for question in now if question["key"] == "mobility_reason")
    reason["sensitive"] = False
    for choice in reason["choices"]:
        choice["sensitive"] = choice["value"] in ("disability", "illness")
    return now


SEED_FIX["thousand-won-taxi"]["questions"] = [TAXI_QUESTIONS_BEFORE,
                                              _sensitive_only_for_health(TAXI_QUESTIONS_BEFORE)]
SEED_FIX["joint-weddings"]["rules"] = [WEDDING_RULES_BEFORE, [UNDER_14_EXCLUDED, *WEDDING_RULES_BEFORE]]


def _plain(items):
    """Questions or rules as compared: a choice's "sensitive": false (newer cleaning adds it) left out."""
    def choice(c):
        return {k: v for k, v in c.items() if not (k == "sensitive" and v is False)}
    return [{**item, "choices": [choice(c) for c in item["choices"]]} if item.get("choices") else item
            for item in items or []]


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts', sa.JSON(), nullable=False, server_default='{}'))

    texts = [f"{name}_{lang}" for name in ("audience", "benefits", "how_to_apply", "documents") for lang in ("ko", "en")]
    programs = sa.table('programs', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                        sa.column('facts', sa.JSON), sa.column('questions', sa.JSON), sa.column('rules', sa.JSON),
                        *(sa.column(name, sa.Text) for name in texts))
    bind = op.get_bind()
    for row in bind.execute(sa.select(programs).where(programs.c.slug.in_(list(SEED_FIX)))).mappings().all():
        fix = SEED_FIX[row["slug"]]
        values = {name: new for name, (old, new) in fix["texts"].items() if row[name] == old}
        if not row["facts"]:
            values["facts"] = fix["facts"]
        for name in ("questions", "rules"):
            if name in fix and _plain(row[name]) == _plain(fix[name][0]):
                values[name] = fix[name][1]
        if values:
            bind.execute(programs.update().where(programs.c.id == row["id"]).values(**values))


def downgrade():
    # The texts stay as they are now (the removed sentences are not put back).
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('facts')
