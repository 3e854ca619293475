from django.urls import path

from haven.proceedings import views

app_name = "proceedings"
urlpatterns = [
    path("case/<int:case_id>/proceeding/", views.proceeding_new, name="proceeding_new"),
    path("proceeding/<int:proceeding_id>/", views.proceeding_edit, name="proceeding"),
    path(
        "proceeding/<int:proceeding_id>/informed/",
        views.kept_informed,
        name="kept_informed",
    ),
    path("case/<int:case_id>/charge/", views.charge_new, name="charge_new"),
    path("charge/<int:charge_id>/", views.charge_edit, name="charge"),
    path("case/<int:case_id>/claim/", views.claim_new, name="claim_new"),
    path("claim/<int:claim_id>/", views.claim_edit, name="claim"),
    path("case/<int:case_id>/assessment/", views.assessment_new, name="assessment_new"),
    path("assessment/<int:assessment_id>/", views.assessment_edit, name="assessment"),
    path(
        "assessment/<int:assessment_id>/approve/",
        views.assessment_approve,
        name="assessment_approve",
    ),
    path("case/<int:case_id>/return/", views.return_new, name="return_new"),
]
