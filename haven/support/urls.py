from django.urls import path

from haven.support import views

app_name = "support"
urlpatterns = [
    path("case/<int:case_id>/", views.plan, name="plan"),
    path("case/<int:case_id>/services/add/", views.service_add, name="service_add"),
    path("case/<int:case_id>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("service/<int:service_id>/", views.service_edit, name="service_edit"),
    path("service/<int:service_id>/consent/", views.service_consent, name="service_consent"),
    path(
        "milestone/<int:milestone_id>/achieve/", views.milestone_achieve, name="milestone_achieve"
    ),
]
