from django.urls import path

from haven.business import views

app_name = "business"
urlpatterns = [
    path("report/<slug:slug>/", views.file_grievance, name="file"),
    path("follow/", views.follow, name="follow"),
    path("follow/update/", views.follow_update, name="follow_update"),
    path("grievances/", views.grievance_list, name="grievances"),
    path("grievances/<int:grievance_id>/", views.grievance_detail, name="grievance"),
    path("grievances/<int:grievance_id>/step/", views.record_step, name="step"),
    path("grievances/<int:grievance_id>/resolve/", views.resolve, name="resolve"),
    path("grievances/<int:grievance_id>/retaliation/", views.flag_retaliation, name="retaliation"),
    path("grievances/<int:grievance_id>/refer/", views.refer, name="refer"),
    path("referred/", views.referred_list, name="referred"),
    path("referred/<int:grievance_id>/", views.referred_detail, name="referred_grievance"),
    path("referred/<int:grievance_id>/open-case/", views.open_case, name="open_case"),
    path("channels/", views.channels, name="channels"),
    path("company/", views.company_overview, name="company"),
    path("company/statement/<slug:law>/", views.company_statement, name="statement"),
    path("company/upload/", views.company_upload, name="company_upload"),
    path("company/sites/new/", views.site_edit, name="site_new"),
    path("company/sites/<int:site_id>/", views.site_edit, name="site_edit"),
    path("company/sites/<int:site_id>/figures/", views.site_metrics, name="site_metrics"),
    path("company/suppliers/new/", views.supplier_edit, name="supplier_new"),
    path("company/suppliers/<int:supplier_id>/", views.supplier_edit, name="supplier_edit"),
    path("tenders/", views.tenders, name="tenders"),
    path("tenders/<int:tender_id>/", views.tender_detail, name="tender"),
    path("tenders/<int:tender_id>/evaluate/", views.tender_evaluate, name="tender_evaluate"),
    path("tenders/<int:tender_id>/bid/", views.tender_bid, name="tender_bid"),
]
