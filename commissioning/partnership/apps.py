from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "commissioning.partnership"
