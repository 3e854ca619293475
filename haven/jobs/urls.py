from django.urls import path

from haven.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("htcds-export/", views.start_htcds_export, name="htcds_export"),
    path("audit-checkpoint/", views.start_audit_checkpoint, name="audit_checkpoint"),
    path("retention/", views.start_retention, name="retention"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/output/", views.job_output, name="output"),
]
