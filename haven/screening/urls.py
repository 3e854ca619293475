from django.urls import path

from haven.screening import person_copy, views

app_name = "screening"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("case/<int:case_id>/interview/", views.interview, name="interview"),
    path("<int:screening_id>/", views.detail, name="detail"),
    path("<int:screening_id>/submit/", views.submit, name="submit"),
    path("<int:screening_id>/decide/", views.decide, name="decide"),
    path("<int:screening_id>/copy/", person_copy.person_copy, name="copy"),
    path("decision/<int:decision_id>/appeal/", views.appeal, name="appeal"),
    path("appeal/<int:appeal_id>/decide/", views.decide_appeal, name="decide_appeal"),
    path("decision/<int:decision_id>/confirm/", views.confirm_decision, name="confirm_decision"),
    path("api/screen/", views.api_screen, name="api_screen"),
]
