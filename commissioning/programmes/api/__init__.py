"""The JSON API for programmes, stages, deliverables, actions and progress updates.

Read-only except progress updates, which may be added (never edited), and actions, which may
be changed (PATCH). Every list is read in a fixed number of queries, whatever its size, and
shows only what the user may see (``commissioning.access.rules``). Lists leave archived
records out (``?archived=true`` lists only those); actions and deliverables are archived and
restored (POST ``…/archive/``, ``…/restore/``), never deleted.

Split by resource: ``base`` (scoping, archived lists, archiving, shared shapes),
``programmes``, ``stages``, ``deliverables``, ``actions`` and ``progress``. The names other
modules use are re-exported here.
"""

from commissioning.programmes.api.actions import (
    ActionChangeSerializer,
    ActionOwnerSerializer,
    ActionSerializer,
    ActionViewSet,
    ProgrammeActionFilter,
)
from commissioning.programmes.api.base import (
    IdFilter,
    LatestProgressSerializer,
    TimescaleSerializer,
    actions_for,
    deliverables_for,
    programmes_for,
)
from commissioning.programmes.api.deliverables import (
    DeliverableFilter,
    DeliverableSerializer,
    DeliverableViewSet,
)
from commissioning.programmes.api.programmes import ProgrammeSerializer, ProgrammeViewSet
from commissioning.programmes.api.progress import (
    NewProgressUpdateSerializer,
    ProgressUpdateFilter,
    ProgressUpdateSerializer,
    ProgressUpdateViewSet,
)
from commissioning.programmes.api.stages import StageFilter, StageSerializer, StageViewSet

__all__ = [
    "ActionChangeSerializer",
    "ActionOwnerSerializer",
    "ActionSerializer",
    "ActionViewSet",
    "DeliverableFilter",
    "DeliverableSerializer",
    "DeliverableViewSet",
    "IdFilter",
    "LatestProgressSerializer",
    "NewProgressUpdateSerializer",
    "ProgrammeActionFilter",
    "ProgrammeSerializer",
    "ProgrammeViewSet",
    "ProgressUpdateFilter",
    "ProgressUpdateSerializer",
    "ProgressUpdateViewSet",
    "StageFilter",
    "StageSerializer",
    "StageViewSet",
    "TimescaleSerializer",
    "actions_for",
    "deliverables_for",
    "programmes_for",
]
