import dataclasses

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.monitoring.filters import FilterForm
from ervaringswerk.monitoring.permissions import can_export_open_data
from ervaringswerk.monitoring.presentation import to_csv, to_json
from ervaringswerk.monitoring.selectors import dashboard
from ervaringswerk.monitoring.suppression import Audience


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset)


class OpenDataView(ViewerAPIMixin, APIView):
    """Aggregate monitoring figures of the caller's municipality, ready for publication.

    Public figures: every cell about persons (residents, work, peer workers) based on fewer than
    EW_SMALL_NUMBER_THRESHOLD of them is null with `suppressed: true`, also for the policy advisor.
    JSON by default; CSV with `?format=csv` or `Accept: text/csv`.
    """

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_export_open_data)
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors stay application/problem+json under /api/, also when CSV was asked for; only the figures
        themselves (a CSV text) go through the CSV renderer, anything else (OPTIONS' description) is JSON."""
        if response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/problem+json"
        elif not isinstance(getattr(response, "data", None), str):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "van", OpenApiTypes.DATE, description="Begin van de periode (standaard: 12 maanden)"
            ),
            OpenApiParameter("tot", OpenApiTypes.DATE, description="Einde van de periode (tot en met)"),
            OpenApiParameter("wijk", OpenApiTypes.UUID, description="Alleen deze wijk"),
            OpenApiParameter("programma", OpenApiTypes.UUID, description="Alleen dit programma"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = {k: v for k, v in request.query_params.items() if k in {"van", "tot", "wijk", "programma"}}
        form = FilterForm(params or None, viewer=request.viewer)
        if params and not form.is_valid():
            raise ValidationError(
                {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
            )
        # published figures: the strict rule for every class, whoever fetches them
        filters = dataclasses.replace(form.filters(), audience=Audience.PUBLIC)
        viewer = request.viewer
        meta = {
            "municipality": viewer.municipality.name,
            "cbs_code": viewer.municipality.cbs_code,
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
            "small_number_threshold": filters.threshold,
        }
        tables = list(dashboard(viewer=viewer, filters=filters).values())
        audit_export(
            viewer=viewer, object_type="monitoring.opendata", description=f"{meta['start']}–{meta['end']}"
        )
        if request.accepted_renderer.format == "csv":
            response = Response(to_csv(tables, meta=meta))
            response["Content-Disposition"] = f'attachment; filename="open-data-{meta["cbs_code"]}.csv"'
            return response
        return Response(to_json(tables, meta=meta))
