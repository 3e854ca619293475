from django.urls import include, path

from haven.core.admin_site import admin_site

urlpatterns = [
    path("", include("haven.core.urls")),
    path("accounts/", include("haven.accounts.urls")),
    path("audit/", include("haven.audit.urls")),
    path("cases/", include("haven.cases.urls")),
    path("law/", include("haven.law.urls")),
    path("corpus/", include("haven.corpus.urls")),
    path("screening/", include("haven.screening.urls")),
    path("referrals/", include("haven.referrals.urls")),
    path("support/", include("haven.support.urls")),
    path("proceedings/", include("haven.proceedings.urls")),
    path("jobs/", include("haven.jobs.urls")),
    path("stats/", include("haven.stats.urls")),
    path("business/", include("haven.business.urls")),
    path("diligence/", include("haven.diligence.urls")),
    path("inbox/", include("haven.inbox.urls")),
    path("system/admin/", admin_site.urls),
    path("api/v1/", include(("haven.api.urls", "api"), namespace="api")),
    path("openrosa/", include("haven.api.openrosa_urls")),
    path("integrations/", include("haven.api.page_urls")),
    path("drafts/", include("haven.drafts.urls")),
    path("languages/", include("haven.languages.urls")),
]

handler403 = "haven.core.views.forbidden"
handler404 = "haven.core.views.not_found"
