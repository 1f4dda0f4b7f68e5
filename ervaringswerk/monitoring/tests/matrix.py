from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page

MONITORS = {Role.POLICY_ADVISOR, Role.TEAM_LEAD}


def _report(world):
    import datetime

    from ervaringswerk.monitoring.models import EvaluationReport

    return EvaluationReport.objects.create(
        municipality=world.a.municipality,
        title="Evaluatie",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        status="done",
        pdf=b"%PDF-1.4 test",
        xlsx=b"PK test",
    ).pk


def _report_page(name):
    # Reports are municipality-wide; another municipality's report answers 404 (tested in test_monitoring).
    return page(f"monitoring:{name}", lambda w: reverse(f"monitoring:{name}", args=[_report(w)]), MONITORS)


ROWS = [
    page("monitoring:overview", lambda w: reverse("monitoring:overview"), MONITORS),
    page("monitoring:export_csv", lambda w: reverse("monitoring:export_csv"), MONITORS),
    page("monitoring:export_xlsx", lambda w: reverse("monitoring:export_xlsx"), MONITORS),
    page("monitoring:export_json", lambda w: reverse("monitoring:export_json"), MONITORS),
    page("monitoring:reports", lambda w: reverse("monitoring:reports"), MONITORS),
    _report_page("report_detail"),
    _report_page("report_status"),
    _report_page("report_pdf"),
    _report_page("report_xlsx"),
    api("open-data", lambda w: reverse("open-data"), {Role.POLICY_ADVISOR}),
    # the dashboard and evaluation reports through the API (issue 17)
    api("monitoring-dashboard", lambda w: reverse("monitoring-dashboard"), MONITORS),
    api("evaluation-report-list", lambda w: reverse("evaluation-report-list"), MONITORS),
    *[
        api(
            f"evaluation-report-{name}",
            (lambda n: lambda w: reverse(f"evaluation-report-{n}", args=[_report(w)]))(name),
            MONITORS,
        )
        for name in ("detail", "pdf", "xlsx")
    ],
]
