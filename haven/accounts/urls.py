from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.password_reset_request, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("auditors/invite/", views.invite_auditor, name="invite_auditor"),
    path(
        "members/<int:member_id>/password-reset/",
        views.send_password_reset,
        name="send_password_reset",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisation/", views.my_organisation, name="my_organisation"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path("members/<int:member_id>/", views.member_detail, name="member"),
    path("members/<int:member_id>/active/", views.member_set_active, name="member_set_active"),
    path("members/<int:member_id>/confirm/", views.confirm_invitation, name="confirm_invitation"),
    path(
        "role-requests/<int:request_id>/approve/",
        views.approve_role_request,
        name="approve_role_request",
    ),
    path(
        "members/<int:member_id>/second-factor/reset/",
        views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("second-factor/", views.second_factor_verify, name="second_factor"),
    path("second-factor/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("second-factor/security-key/", views.webauthn_verify, name="webauthn_verify"),
    path("second-factor/security-key/add/", views.webauthn_enrol, name="webauthn_enrol"),
    path(
        "second-factor/security-key/<int:device_id>/remove/",
        views.webauthn_remove,
        name="webauthn_remove",
    ),
]
