"""Citus readiness: what a distributed PostgreSQL (Citus, distributed by municipality_id) requires of the
schema, checked on the models so that a new table or constraint cannot quietly break it.

Citus requires every unique constraint (and primary key) of a distributed table to include the
distribution column, and every foreign key between two distributed tables to include it on both sides.
Tables that are not tenant-owned (municipalities, logins) become reference tables (copied to every node),
to which any table may point. See docs/deployment.md, "Citus".

Today's schema does not meet this everywhere. What it violates is listed below by name, so that this test
fails for every NEW violation and for every listed one that has been fixed (the list may only shrink):

* unique constraints on columns that already determine the municipality (a peer worker, a session, ...):
  adding `municipality` to them changes nothing for the data, but needs a migration in each owning app
  (and the rollup upserts' `unique_fields`); not done in this change;
* every foreign key between tenant tables is Django's single-column `ForeignKey`, and every primary key
  is `id` alone. On Citus both become composite, `(municipality_id, id)`; Django 5.2 has
  `CompositePrimaryKey` but no foreign keys to it yet, so these cannot be fixed inside Django today.
"""

from django.apps import apps
from django.db import models

from ervaringswerk.core.models import TenantModel

# Not distributed: copied to every node (Citus reference tables); tenant tables may point at them.
REFERENCE_TABLES = {"core.Municipality", "accounts.User"}
# Neither distributed nor a reference table: kept on the coordinator node (platform events have no tenant).
# API tokens and their notices belong to a login (a reference table), not to a municipality.
COORDINATOR_LOCAL = {"audit.AuditEvent", "accounts.ApiToken", "accounts.RetiredApiTokenNotice"}

UNIQUE_WITHOUT_TENANT_KEY = {
    "accounts.Membership.unique_membership",
    "activities.DevelopmentRhythm.unique_rhythm_per_kind",
    "activities.PeerAttendance.unique_session_attendee",
    "activities.ReminderLog.key",
    "activities.ResidentAttendance.unique_session_code",
    "activities.Session.unique_session_occurrence",
    "activities.SessionFacilitator.unique_session_peer",
    "activities.SessionFacilitator.unique_session_user",
    "deployment.Agreement.assignment",
    "deployment.AgreementVersion.unique_agreement_version",
    "deployment.Assignment.offer",
    "deployment.Offer.one_pending_offer_per_request",
    "deployment.ProposalPair.unique_proposal_request",
    "hours.PeriodLock.unique_period_lock",
    "hours.TimeEntry.corrects",
    "hours.TimeEntry.unique_time_entry_submission",
    "monitoring.HoursMonthly.hours_monthly_unique",
    "monitoring.HoursYearly.hours_yearly_unique",
    "notifications.Notification.unique_notification_per_event",
    "outcomes.Measurement.one_intake_and_one_end_per_trajectory",
    "outcomes.OutcomeChange.unique_change_item",
    "outcomes.Score.unique_score_item",
    "pool.PeerExperience.unique_peer_experience_domain",
    "pool.PeerWorker.user",
    "preconditions.AssessmentItem.unique_assessment_item",
}
FOREIGN_KEYS_WITHOUT_TENANT_KEY = {
    "accounts.Membership.organisation",
    "activities.Activity.neighbourhood",
    "activities.Activity.organisers",
    "activities.Activity.peer_facilitators",
    "activities.Activity.programme",
    "activities.Activity.themes",
    "activities.Activity.user_facilitators",
    "activities.DevelopmentRhythm.organisation",
    "activities.MinuteItem.session",
    "activities.PeerAttendance.peer",
    "activities.PeerAttendance.session",
    "activities.ResidentAttendance.session",
    "activities.Session.activity",
    "activities.Session.milestone",
    "activities.SessionFacilitator.peer",
    "activities.SessionFacilitator.session",
    "activities.StaffAttendance.organisation",
    "activities.StaffAttendance.session",
    "beheer.Invitation.membership",
    "deployment.Agreement.assignment",
    "deployment.AgreementVersion.agreement",
    "deployment.Assignment.offer",
    "deployment.Assignment.peer",
    "deployment.Assignment.programme",
    "deployment.Assignment.request",
    "deployment.Assignment.supporting_professional",
    "deployment.DeploymentRequest.domains_needed",
    "deployment.DeploymentRequest.domains_preferred",
    "deployment.DeploymentRequest.neighbourhood",
    "deployment.DeploymentRequest.organisation",
    "deployment.DeploymentRequest.supporting_professional",
    "deployment.Offer.peer",
    "deployment.Offer.proposal",
    "deployment.Offer.request",
    "deployment.Proposal.pool",
    "deployment.ProposalPair.peer",
    "deployment.ProposalPair.proposal",
    "deployment.ProposalPair.request",
    "deployment.RequestEvent.request",
    "hours.HireOutLine.peer",
    "hours.HireOutLine.programme",
    "hours.HireOutLine.statement",
    "hours.HireOutStatement.corrects",
    "hours.HireOutStatement.issuer",
    "hours.HireOutStatement.partner",
    "hours.PeriodLock.organisation",
    "hours.PeriodReopening.organisation",
    "hours.TimeEntry.activity",
    "hours.TimeEntry.assignment",
    "hours.TimeEntry.corrects",
    "hours.TimeEntry.organisation",
    "hours.TimeEntry.partner",
    "hours.TimeEntry.peer",
    "hours.TimeEntry.programme",
    "monitoring.EvaluationReport.neighbourhood",
    "monitoring.HoursMonthly.peer",
    "monitoring.HoursYearly.peer",
    "organisations.FundedPosition.holder",
    "organisations.FundedPosition.organisation",
    "organisations.FundedPosition.programme",
    "organisations.HireOutAgreement.partner",
    "organisations.HireOutAgreement.programme",
    "organisations.Milestone.follow_up",
    "organisations.Milestone.programme",
    "organisations.Organisation.neighbourhoods",
    "organisations.PositionEvent.holder",
    "organisations.PositionEvent.position",
    "organisations.Programme.contractor",
    "organisations.Programme.funder",
    "organisations.Programme.partners",
    "organisations.ProgrammeRate.programme",
    "organisations.SuccessCriterion.programme",
    "outcomes.Measurement.trajectory",
    "outcomes.OutcomeChange.neighbourhood",
    "outcomes.OutcomeChange.organisation",
    "outcomes.OutcomeChange.trajectory",
    "outcomes.OutcomeMonthly.neighbourhood",
    "outcomes.Score.measurement",
    "outcomes.Score.trajectory",
    "outcomes.Trajectory.neighbourhood",
    "outcomes.Trajectory.organisation",
    "outcomes.Trajectory.peer_worker",
    "outcomes.Trajectory.programme",
    "pool.CheckIn.peer",
    "pool.DevelopmentGoal.peer",
    "pool.LadderStep.peer",
    "pool.PeerExperience.domain",
    "pool.PeerExperience.peer",
    "pool.PeerWorker.neighbourhoods",
    "pool.PeerWorker.organisation",
    "pool.Training.peer",
    "preconditions.Action.assessment",
    "preconditions.Action.organisation",
    "preconditions.Assessment.organisation",
    "preconditions.AssessmentItem.assessment",
    "preconditions.PeerResponse.organisation",
    "preconditions.PeerResponse.round",
    "preconditions.PeerResponseItem.response",
    "preconditions.RoundOrganisation.assessment",
    "preconditions.RoundOrganisation.organisation",
    "preconditions.RoundOrganisation.round",
    "preconditions.RoundParticipation.round",
    "voice.SurveyLink.activity",
    "voice.SurveyLink.neighbourhood",
    "voice.SurveyLink.organisation",
    "voice.SurveyLink.programme",
    "voice.SurveyLink.trajectory",
    "voice.SurveyResponse.neighbourhood",
    "voice.SurveyResponse.organisation",
    "voice.SurveyResponse.programme",
    "webhooks.WebhookDelivery.subscription",
}


def _tenant_models():
    return sorted(
        (m for m in apps.get_models() if issubclass(m, TenantModel) and not m._meta.abstract),
        key=lambda m: m._meta.label,
    )


def _unique_without_tenant_key() -> set[str]:
    found = set()
    for model in _tenant_models():
        label = model._meta.label
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                found.add(f"{label}.{field.name}")
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                fields = set(constraint.fields)
                if not fields & {"municipality", "municipality_id"}:
                    found.add(f"{label}.{constraint.name}")
        for together in model._meta.unique_together:
            if not set(together) & {"municipality", "municipality_id"}:
                found.add(f"{label}.{'_'.join(together)}")
    return found


def _foreign_keys_without_tenant_key() -> set[str]:
    """Foreign keys (and many-to-many tables) from a tenant table to another tenant table."""
    found = set()
    for model in _tenant_models():
        label = model._meta.label
        for field in model._meta.local_fields:
            if field.is_relation and field.name != "municipality":
                target = field.related_model._meta.label
                if issubclass(field.related_model, TenantModel):
                    found.add(f"{label}.{field.name}")
                else:
                    assert target in REFERENCE_TABLES, f"{label}.{field.name} points at {target}"
        for field in model._meta.local_many_to_many:
            found.add(f"{label}.{field.name}")  # the join table has no municipality_id at all
    return found


def test_every_model_is_distributed_by_municipality_or_named_as_reference_or_local():
    ours = [
        m for m in apps.get_models() if m.__module__.startswith("ervaringswerk.") and not m._meta.auto_created
    ]
    for model in ours:
        label = model._meta.label
        if label in REFERENCE_TABLES | COORDINATOR_LOCAL:
            continue
        assert issubclass(model, TenantModel), f"{label}: no distribution column"
        column = model._meta.get_field("municipality")
        assert column.column == "municipality_id" and not column.null, label


def test_no_new_unique_constraint_without_the_tenant_key():
    found = _unique_without_tenant_key()
    new = found - UNIQUE_WITHOUT_TENANT_KEY
    assert not new, f"unique constraints without municipality (Citus refuses them): {sorted(new)}"
    fixed = UNIQUE_WITHOUT_TENANT_KEY - found
    assert not fixed, f"fixed or gone: remove from UNIQUE_WITHOUT_TENANT_KEY: {sorted(fixed)}"


def test_no_new_foreign_key_between_tenant_tables_without_the_tenant_key():
    found = _foreign_keys_without_tenant_key()
    new = found - FOREIGN_KEYS_WITHOUT_TENANT_KEY
    assert not new, f"foreign keys between tenant tables without municipality: {sorted(new)}"
    fixed = FOREIGN_KEYS_WITHOUT_TENANT_KEY - found
    assert not fixed, f"fixed or gone: remove from FOREIGN_KEYS_WITHOUT_TENANT_KEY: {sorted(fixed)}"


def test_the_check_sees_a_violation_when_one_is_added(monkeypatch):
    """The check attacks itself: a unique constraint without municipality on a tenant model is found."""
    from ervaringswerk.pool.models import PeerWorker

    bad = models.UniqueConstraint(fields=["first_name", "last_name"], name="citus_probe_unique_name")
    monkeypatch.setattr(PeerWorker._meta, "constraints", [*PeerWorker._meta.constraints, bad])
    assert "pool.PeerWorker.citus_probe_unique_name" in _unique_without_tenant_key()
    good = models.UniqueConstraint(fields=["municipality", "first_name"], name="citus_probe_ok")
    monkeypatch.setattr(PeerWorker._meta, "constraints", [*PeerWorker._meta.constraints, good])
    assert "pool.PeerWorker.citus_probe_ok" not in _unique_without_tenant_key()
