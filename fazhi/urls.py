from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.campaigns import views as campaign_views
from fazhi.org import views as org_views

urlpatterns = [
    path("", campaign_views.home, name="home"),
    path("accounts/login/", org_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", org_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("campaigns/", include("fazhi.campaigns.urls")),
    path("campaigns/import/", include("fazhi.campaigns.planimport.urls")),
    path("org/", include("fazhi.org.urls")),
    path("assessment/", include("fazhi.assessment.urls")),
    path("ledger/", include("fazhi.ledger.urls")),
    path("intake/", include("fazhi.intake.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("learning/", include("fazhi.learning.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("audit/", include("fazhi.org.audit_urls")),
    path("notices/", include("fazhi.notices.urls")),
    path("calendar/", include("fazhi.core.urls")),
    path("portal/law/", include("fazhi.enforcement.portal_urls")),
    path("portal/", include("fazhi.intake.portal_urls")),
    path("api/public/", include("fazhi.intake.public_api_urls")),
    path("api/", include("fazhi.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
