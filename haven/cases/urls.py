from django.urls import path

from haven.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_open, name="open"),
    path("search/", views.person_search, name="search"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("retention/", views.retention_policy, name="retention"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/context/", views.context, name="context"),
    path("<int:case_id>/consents/", views.consents, name="consents"),
    path(
        "<int:case_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
