from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commissioning.core"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from commissioning.core.models import set_history_effective

        pre_create_historical_record.connect(
            set_history_effective, dispatch_uid="core.set_history_effective"
        )
