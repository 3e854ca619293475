from django.urls import path

from haven.diligence import views

app_name = "diligence"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_matrix, name="import"),
    path("recommendations/new/", views.new_recommendation, name="new_recommendation"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/measure/", views.create_measure, name="create_measure"),
    path("recommendations/<int:pk>/tags/", views.correct_tags, name="correct_tags"),
    path("publish/<str:kind>/<int:pk>/", views.publish, name="publish"),
    path("institutions/", views.institutions, name="institutions"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("due/", views.due, name="due"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("export/", views.export, name="export"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/compare/", views.assessment_compare, name="assessment_compare"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path(
        "assessments/<int:pk>/findings/<int:finding>/recommendation/",
        views.open_recommendation,
        name="open_recommendation",
    ),
    path("assessments/<int:pk>/print/", views.assessment_print, name="assessment_print"),
    path("public/", views.portal, name="portal"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<int:pk>/adopt/", views.adopt_guidance, name="adopt_guidance"),
]
