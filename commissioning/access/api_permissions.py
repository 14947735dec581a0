"""DRF permission classes for the API, each a thin adapter over ``commissioning.access.rules``.

Reading needs no class of its own: every viewset's queryset is scoped with ``access.visible_…``,
so what a user cannot see is 404, as on the pages.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from commissioning.access import rules as access


class MayChangeAction(BasePermission):
    """A change to an action: its status alone for those who answer for it, the rest for
    programme managers (``access.can_change_action``)."""

    message = (
        "You can change the status only of actions you, your team or your organisation "
        "answers for; other changes are for the programme's managers"
    )

    def has_object_permission(self, request, view, obj) -> bool:
        # Only a change (PATCH/PUT) is judged here; archiving says who may archive.
        if request.method in SAFE_METHODS or view.action not in {"partial_update", "update"}:
            return True
        fields = set(request.data.keys()) if hasattr(request.data, "keys") else set()
        return access.can_change_action(request.user, obj, fields)


class MayReport(BasePermission):
    """A programme's report: for whoever ``access.can_report`` allows."""

    message = "You cannot produce this programme's reports"

    def has_object_permission(self, request, view, obj) -> bool:
        return access.can_report(request.user, obj)


class MayImport(BasePermission):
    """Importing plans at all (``access.can_import``); checked before the upload is read."""

    message = "Only programme managers and site administrators import plans"

    def has_permission(self, request, view) -> bool:
        return access.can_import(request.user)


class MayManageCommissions(BasePermission):
    """A change to a commission or a scoring round (and what hangs from them): the
    partnership's managers (``access.can_manage_commissions``); reading is for every member."""

    message = "Only the partnership's managers can change its commissions and scoring rounds"

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return access.can_manage_commissions(request.user, obj.partnership)
