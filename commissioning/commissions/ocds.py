"""A commission as an Open Contracting Data Standard 1.1 release package, so it can be
published: one release, tagged with the procurement stage the commission has reached, with
planning, tender, award, contract and implementation filled in as far as it went, its
milestones dated, money in pounds, and the buyer (the partnership's lead organisation) and
suppliers (the providers) as parties.

The package is built from plain values (``release_package``); ``for_commission`` reads them
in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from commissioning.commissions.models import Commission, Milestone, ProcurementStage, Status

OCDS_VERSION = "1.1"
STAGES = [stage.value for stage in ProcurementStage]
MILESTONE_STATUS = {
    "scheduled": "scheduled",
    "met": "met",
    "not_met": "notMet",
    "partly_met": "partiallyMet",
}
MILESTONE_TYPE = {
    "planning": "preProcurement",
    "tender": "engagement",
    "award": "approval",
    "contract": "delivery",
    "implementation": "delivery",
}


def ocid(commission: Commission) -> str:
    """The commission's Open Contracting ID: the publisher's prefix and the commission."""
    return f"{settings.COMMISSIONS_OCDS_PREFIX}-commission-{commission.pk}"


def _reached(commission: Commission, stage: str) -> bool:
    current = commission.procurement_stage
    return bool(current) and STAGES.index(current) >= STAGES.index(stage)


def _value(amount: Decimal | None) -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": "GBP"}


def _datetime(day: dt.date | dt.datetime | None) -> str | None:
    if day is None:
        return None
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return day.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _milestones(milestones: list[Milestone], *stages: str) -> list[dict]:
    return [
        _tidy(
            {
                "id": f"milestone-{m.pk}",
                "title": m.title,
                "type": MILESTONE_TYPE[m.stage],
                "dueDate": _datetime(m.due),
                "dateMet": _datetime(m.met_on),
                "status": MILESTONE_STATUS[m.status],
            }
        )
        for m in milestones
        if m.stage in stages
    ]


def _tidy(section: dict) -> dict:
    """OCDS leaves out what is not known rather than writing null or an empty list."""
    return {key: value for key, value in section.items() if value not in (None, "", [], {})}


def _party(organisation, roles: list[str]) -> dict:
    return {"id": f"org-{organisation.pk}", "name": organisation.name, "roles": roles}


def _statuses(commission: Commission, today: dt.date) -> dict[str, str]:
    """The OCDS tender, award and contract statuses for where the commission stands."""
    stopped = commission.status == Status.DECOMMISSIONED
    stage = commission.procurement_stage
    tender = "planning" if stage == "planning" else "active" if stage == "tender" else "complete"
    award = "pending" if stage == "award" else "active"
    if stopped:
        contract = "terminated"
    elif stage == "award" or (commission.contract_start and commission.contract_start > today):
        contract = "pending"
    elif commission.contract_end and commission.contract_end < today:
        contract = "terminated"
    else:
        contract = "active"
    if stopped and not _reached(commission, "contract"):
        tender = award = "cancelled"
    return {"tender": tender, "award": award, "contract": contract}


def release_package(
    *,
    commission: Commission,
    milestones: list[Milestone],
    buyer,
    providers: list,
    changed: dt.datetime,
    uri: str,
    published: dt.datetime,
    today: dt.date,
) -> dict:
    """The OCDS release package of one commission, as a dict ready for JSON."""
    the_ocid = ocid(commission)
    procured = bool(commission.procurement_stage)
    stage = commission.procurement_stage or "planning"
    statuses = _statuses(commission, today)
    award_id = f"{the_ocid}-award"
    release = {
        "ocid": the_ocid,
        "id": f"{the_ocid}-{stage}-{changed.strftime('%Y%m%dT%H%M%S')}",
        "date": _datetime(changed),
        "tag": [stage],
        "initiationType": "tender",
        "language": "en",
        "parties": [_party(buyer, ["buyer", "procuringEntity"])]
        + [
            _party(
                p, ["tenderer"] if stage in ("planning", "tender") and procured else ["supplier"]
            )
            for p in providers
        ],
        "buyer": {"id": f"org-{buyer.pk}", "name": buyer.name},
        "planning": _tidy(
            {
                "rationale": commission.description,
                "budget": _tidy(
                    {"description": commission.title, "amount": _value(commission.budget_amount)}
                ),
                "milestones": _milestones(milestones, "planning"),
            }
        ),
    }
    if _reached(commission, "tender"):
        release["tender"] = _tidy(
            {
                "id": f"{the_ocid}-tender",
                "title": commission.title,
                "description": commission.description,
                "status": statuses["tender"],
                "value": _value(commission.budget_amount),
                "procuringEntity": release["buyer"],
                "milestones": _milestones(milestones, "tender", "award"),
            }
        )
    suppliers = [{"id": f"org-{p.pk}", "name": p.name} for p in providers]
    if _reached(commission, "award"):
        met = [m.met_on for m in milestones if m.stage == "award" and m.met_on]
        release["awards"] = [
            _tidy(
                {
                    "id": award_id,
                    "title": commission.title,
                    "status": statuses["award"],
                    "date": _datetime(max(met)) if met else None,
                    "value": _value(commission.contract_value),
                    "suppliers": suppliers,
                }
            )
        ]
    if _reached(commission, "contract"):
        contract = {
            "id": f"{the_ocid}-contract",
            "awardID": award_id,
            "title": commission.title,
            "status": statuses["contract"],
            "period": _tidy(
                {
                    "startDate": _datetime(commission.contract_start),
                    "endDate": _datetime(commission.contract_end),
                }
            ),
            "value": _value(commission.contract_value),
            "milestones": _milestones(milestones, "contract"),
        }
        if _reached(commission, "implementation"):
            contract["implementation"] = _tidy(
                {"milestones": _milestones(milestones, "implementation")}
            )
        release["contracts"] = [_tidy(contract)]
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _datetime(published),
        "publisher": {"name": buyer.name},
        "releases": [_tidy(release)],
    }


def for_commission(commission: Commission, *, uri: str) -> dict:
    """The package of a commission (its partnership and lead organisation selected with it)."""
    milestones = list(commission.milestones.order_by("due", "id"))
    changed = max(
        filter(
            None,
            [
                Commission.history.filter(id=commission.pk).aggregate(at=Max("history_date"))["at"],
                Milestone.history.filter(commission_id=commission.pk).aggregate(
                    at=Max("history_date")
                )["at"],
                commission.created,
            ],
        )
    )
    return release_package(
        commission=commission,
        milestones=milestones,
        buyer=commission.partnership.lead_organisation,
        providers=list(commission.providers.order_by("name")),
        changed=changed,
        uri=uri,
        published=timezone.now(),
        today=timezone.localdate(),
    )
