from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisation/", views.my_organisation, name="my_organisation"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path("members/<int:member_id>/", views.member_detail, name="member"),
    path("members/<int:member_id>/active/", views.member_set_active, name="member_set_active"),
]
