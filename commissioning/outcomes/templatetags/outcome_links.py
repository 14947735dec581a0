"""``{% outcome_evidence item %}``: on a programme deliverable or action page, the outcomes,
chains and needs analyses it is linked to, with the evidence they give. The programmes app
renders it without importing the outcomes app."""

from django import template

from commissioning.access import rules as access
from commissioning.outcomes import presenters
from commissioning.programmes.models import Action, Deliverable

register = template.Library()


@register.inclusion_tag("outcomes/_evidence.html", takes_context=True)
def outcome_evidence(context, item):
    if isinstance(item, Deliverable):
        partnership = item.stage.programme.partnership
    elif isinstance(item, Action):
        partnership = item.programme.partnership
    else:
        return {"evidence": None}
    user = context["request"].user
    if not access.visible_partnerships(user).filter(pk=partnership.pk).exists():
        return {"evidence": None}
    evidence = presenters.programme_evidence(
        links=item.outcome_links.all(), partnership=partnership
    )
    return {
        "evidence": None if evidence.empty else evidence,
        "partnership": partnership,
        "item_kind": "deliverable" if isinstance(item, Deliverable) else "action",
    }
