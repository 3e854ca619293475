from django.urls import path

from haven.api import openrosa

app_name = "openrosa"
urlpatterns = [
    path("formList", openrosa.form_list, name="form_list"),
    path("forms/<str:form_id>.xml", openrosa.form, name="form"),
    path("submission", openrosa.submission, name="submission"),
]
