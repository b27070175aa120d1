"""The REST API under /api/: one resource per model, named as the plural kebab-case of the
glossary name; the OpenAPI schema and its docs page, served without any CDN."""

from django.urls import path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fazhi.campaigns.api import (AssignmentViewSet, CampaignViewSet, EvidenceViewSet, PhaseViewSet,
                                 ProgressReportViewSet, QuotaViewSet, TaskViewSet)
from fazhi.campaigns.planimport.api import PlanImportViewSet
from fazhi.core.api import StatutoryDayViewSet
from fazhi.assessment.api import register as register_assessment
from fazhi.enforcement.api import register as register_enforcement
from fazhi.indicators.api import register as register_indicators
from fazhi.intake.api import register as register_intake
from fazhi.learning.api import register as register_learning
from fazhi.reports.api import register as register_reports
from fazhi.ledger.api import register as register_ledger
from fazhi.org.api import GrantViewSet, PersonViewSet, UnitViewSet
from fazhi.org.audit_api import AuditEntryViewSet

app_name = "api"

# No ".json" suffix routes: one URL per resource, the format chosen by the Accept header.
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("grants", GrantViewSet, basename="grant")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("phases", PhaseViewSet, basename="phase")
router.register("quotas", QuotaViewSet, basename="quota")
router.register("tasks", TaskViewSet, basename="task")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("plan-imports", PlanImportViewSet, basename="plan-import")
router.register("audit-entries", AuditEntryViewSet, basename="audit-entry")
router.register("statutory-days", StatutoryDayViewSet, basename="statutory-day")
register_assessment(router)
register_ledger(router)
register_intake(router)
register_learning(router)
register_enforcement(router)
register_indicators(router)
register_reports(router)

# The schema describes every resource to any signed-in user; what each one returns stays scoped.
SIGNED_IN = [permissions.IsAuthenticated]


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per language and version in each process instead of on
    every request (about a second each time): it describes the code, and it is the same for every
    user (SERVE_PUBLIC), so nothing in it changes while the process runs."""

    _generated: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        if key not in self._generated:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._generated[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=self._generated[key],
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})


urlpatterns = [
    path("schema/", SchemaView.as_view(permission_classes=SIGNED_IN), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=SIGNED_IN), name="docs"),
    *router.urls,
]
