from django.urls import path

from haven.law import api, views

app_name = "law"
urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<str:instrument_id>/", views.instrument_detail, name="instrument"),
    path("provisions/", views.provision_list, name="provisions"),
    path("rights/", views.right_list, name="rights"),
    path("rights/<str:code>/", views.right_detail, name="right"),
    path("definition/", views.definition, name="definition"),
    path("person-copy-languages/", views.plain_language_list, name="plain_languages"),
    path("profiles/new/", views.profile_edit, name="profile_new"),
    path("profiles/<str:code>/", views.profile_detail, name="profile"),
    path("profiles/<str:code>/edit/", views.profile_edit, name="profile_edit"),
    path("jurisdictions/", views.jurisdiction_list, name="jurisdictions"),
    path("jurisdictions/new/", views.jurisdiction_edit, name="jurisdiction_new"),
    path("jurisdictions/<str:code>/", views.jurisdiction_detail, name="jurisdiction"),
    path("jurisdictions/<str:code>/edit/", views.jurisdiction_edit, name="jurisdiction_edit"),
    path("api/instruments/", api.instruments, name="api_instruments"),
    path("api/rights/", api.rights, name="api_rights"),
    path("api/jurisdictions/", api.jurisdictions, name="api_jurisdictions"),
    path("api/jurisdictions/<str:code>/gaps/", api.jurisdiction_gaps, name="api_gaps"),
    path("api/check/", api.check, name="api_check"),
]
