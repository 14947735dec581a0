"""Who is in the partnership: organisations, people and teams."""

from django.db import models
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS body"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    VCS = "vcs", "Voluntary and community sector"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A council, NHS body, police force or other partner organisation."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example BHCC")
    kind = models.CharField(max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A named person who owns actions; not necessarily a user of the system."""

    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team ("Commissioning Teams") that can own actions as a whole."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="teams")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
