from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from vises.accounts import views as accounts
from vises.evaluations import accompaniment_views as accompaniment
from vises.evaluations import export_views as export
from vises.evaluations import improvement_views as improvement
from vises.evaluations import research_views as research
from vises.evaluations import sharing_views as sharing
from vises.evaluations import views as evaluations
from vises.frameworks import views as frameworks
from vises.interpretation import urls as interpretation
from vises.networks import views as networks
from vises.reports import urls as reports
from vises.surveys import urls as surveys

auth_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", accounts.profile, name="profile"),
    path("two-factor/", include("vises.twofactor.urls")),
    path("data/", include("vises.privacy.urls")),
]

enterprise_patterns = [
    path("", accounts.enterprise_list, name="enterprise_list"),
    path("new/", accounts.enterprise_create, name="enterprise_create"),
    path("<int:enterprise_id>/", accounts.enterprise_detail, name="enterprise_detail"),
    path("<int:enterprise_id>/edit/", accounts.enterprise_edit, name="enterprise_edit"),
    path("<int:enterprise_id>/network/", accounts.enterprise_network, name="enterprise_network"),
    path("<int:enterprise_id>/members/", accounts.enterprise_members, name="enterprise_members"),
    path(
        "<int:enterprise_id>/evaluations/new/",
        evaluations.evaluation_create,
        name="evaluation_create",
    ),
    path(
        "<int:enterprise_id>/members/<int:membership_id>/remove/",
        accounts.enterprise_member_remove,
        name="enterprise_member_remove",
    ),
]

network_patterns = [
    path("<int:network_id>/", networks.network_detail, name="network_detail"),
    path("<int:network_id>/enterprises/", networks.network_enterprises, name="network_enterprises"),
    path(
        "<int:network_id>/enterprises/new/",
        networks.network_enterprise_create,
        name="network_enterprise_create",
    ),
    path(
        "<int:network_id>/enterprises/<int:enterprise_id>/admission/",
        networks.network_admission,
        name="network_admission",
    ),
    path("<int:network_id>/members/", networks.network_members, name="network_members"),
    path(
        "<int:network_id>/members/<int:membership_id>/remove/",
        networks.network_member_remove,
        name="network_member_remove",
    ),
    path("<int:network_id>/coaches/", networks.network_coaches, name="network_coaches"),
    path("<int:network_id>/settings/", networks.network_settings, name="network_settings"),
    path(
        "<int:network_id>/coaches/<int:assignment_id>/remove/",
        networks.network_coach_unassign,
        name="network_coach_unassign",
    ),
    path(
        "<int:network_id>/accompaniment/",
        accompaniment.network_accompaniment,
        name="network_accompaniment",
    ),
    path(
        "<int:network_id>/accompaniment.csv",
        accompaniment.network_accompaniment_csv,
        name="network_accompaniment_csv",
    ),
    path("<int:network_id>/research/", research.network_research, name="network_research"),
    path(
        "<int:network_id>/research.csv", research.network_research_csv, name="network_research_csv"
    ),
]

framework_patterns = [
    path("", frameworks.framework_list, name="framework_list"),
    path("<int:version_id>/", frameworks.framework_detail, name="framework_detail"),
    path(
        "<int:version_id>/themes/<slug:theme_code>/",
        frameworks.framework_theme,
        name="framework_theme",
    ),
    path("<int:version_id>/glossary/", frameworks.framework_glossary, name="framework_glossary"),
    path("<int:version_id>/search/", frameworks.framework_search, name="framework_search"),
    path("<int:version_id>/changes/", frameworks.framework_changes, name="framework_changes"),
    path("<int:version_id>/export/", frameworks.framework_export, name="framework_export"),
    path("<int:version_id>/fork/", frameworks.framework_fork, name="framework_fork"),
    path(
        "<int:version_id>/draft/<slug:section>/new/",
        frameworks.framework_record_add,
        name="framework_record_add",
    ),
    path(
        "<int:version_id>/draft/<slug:section>/<slug:code>/",
        frameworks.framework_record_edit,
        name="framework_record_edit",
    ),
    path("<int:version_id>/import/", frameworks.framework_import, name="framework_import"),
    path("<int:version_id>/publish/", frameworks.framework_publish, name="framework_publish"),
]

evaluation_patterns = [
    path("<int:evaluation_id>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path(
        "<int:evaluation_id>/settings/",
        evaluations.evaluation_settings_page,
        name="evaluation_settings",
    ),
    path(
        "<int:evaluation_id>/framework-read/",
        evaluations.evaluation_framework_read,
        name="evaluation_framework_read",
    ),
    path(
        "<int:evaluation_id>/preliminary/",
        evaluations.evaluation_preliminary,
        name="evaluation_preliminary",
    ),
    path(
        "<int:evaluation_id>/portrait/", evaluations.evaluation_portrait, name="evaluation_portrait"
    ),
    path(
        "<int:evaluation_id>/portrait/autosave/",
        evaluations.evaluation_portrait_autosave,
        name="evaluation_portrait_autosave",
    ),
    path(
        "<int:evaluation_id>/portrait/summary/",
        evaluations.evaluation_portrait_summary,
        name="evaluation_portrait_summary",
    ),
    path("<int:evaluation_id>/history/", evaluations.evaluation_history, name="evaluation_history"),
    path("<int:evaluation_id>/sharing/", sharing.evaluation_sharing, name="evaluation_sharing"),
    path("<int:evaluation_id>/sharing/peers/", sharing.evaluation_peers, name="evaluation_peers"),
    path(
        "<int:evaluation_id>/stakeholders/",
        evaluations.evaluation_stakeholders,
        name="evaluation_stakeholders",
    ),
    path(
        "<int:evaluation_id>/stakeholders/new/",
        evaluations.evaluation_stakeholder_add,
        name="evaluation_stakeholder_add",
    ),
    path(
        "<int:evaluation_id>/stakeholders/<int:stakeholder_id>/",
        evaluations.evaluation_stakeholder_edit,
        name="evaluation_stakeholder_edit",
    ),
    path(
        "<int:evaluation_id>/stakeholders/<int:stakeholder_id>/remove/",
        evaluations.evaluation_stakeholder_remove,
        name="evaluation_stakeholder_remove",
    ),
    path(
        "<int:evaluation_id>/questions/",
        evaluations.evaluation_questions,
        name="evaluation_questions",
    ),
    path(
        "<int:evaluation_id>/questions/new/",
        evaluations.evaluation_question_add,
        name="evaluation_question_add",
    ),
    path(
        "<int:evaluation_id>/questions/library/<slug:code>/",
        evaluations.evaluation_question_choose,
        name="evaluation_question_choose",
    ),
    path(
        "<int:evaluation_id>/questions/<int:question_id>/main/",
        evaluations.evaluation_question_main,
        name="evaluation_question_main",
    ),
    path("<int:evaluation_id>/plan/", evaluations.evaluation_plan, name="evaluation_plan"),
    path(
        "<int:evaluation_id>/plan/questions/<int:question_id>/new/",
        evaluations.evaluation_plan_row_add,
        name="evaluation_plan_row_add",
    ),
    path(
        "<int:evaluation_id>/plan/<int:row_id>/",
        evaluations.evaluation_plan_row_edit,
        name="evaluation_plan_row_edit",
    ),
    path(
        "<int:evaluation_id>/plan/<int:row_id>/remove/",
        evaluations.evaluation_plan_row_remove,
        name="evaluation_plan_row_remove",
    ),
    path(
        "<int:evaluation_id>/plan/<int:row_id>/indicators/new/",
        evaluations.evaluation_plan_indicator_add,
        name="evaluation_plan_indicator_add",
    ),
    path(
        "<int:evaluation_id>/plan/indicators/<int:indicator_id>/",
        evaluations.evaluation_plan_indicator_edit,
        name="evaluation_plan_indicator_edit",
    ),
    path(
        "<int:evaluation_id>/plan/indicators/<int:indicator_id>/remove/",
        evaluations.evaluation_plan_indicator_remove,
        name="evaluation_plan_indicator_remove",
    ),
    path(
        "<int:evaluation_id>/questions/<int:question_id>/edit/",
        evaluations.evaluation_question_edit,
        name="evaluation_question_edit",
    ),
    path(
        "<int:evaluation_id>/questions/<int:question_id>/remove/",
        evaluations.evaluation_question_remove,
        name="evaluation_question_remove",
    ),
    path(
        "<int:evaluation_id>/comments/<slug:section>/",
        accompaniment.evaluation_comments,
        name="evaluation_comments",
    ),
    path(
        "<int:evaluation_id>/sessions/",
        accompaniment.evaluation_sessions,
        name="evaluation_sessions",
    ),
    path(
        "<int:evaluation_id>/sessions/new/",
        accompaniment.evaluation_session_add,
        name="evaluation_session_add",
    ),
    path(
        "<int:evaluation_id>/feedback/<int:step>/",
        accompaniment.evaluation_feedback,
        name="evaluation_feedback",
    ),
    path(
        "<int:evaluation_id>/improvement/",
        improvement.evaluation_improvement,
        name="evaluation_improvement",
    ),
    path(
        "<int:evaluation_id>/improvement/new/",
        improvement.evaluation_action_add,
        name="evaluation_action_add",
    ),
    path(
        "<int:evaluation_id>/improvement/<int:action_id>/",
        improvement.evaluation_action_detail,
        name="evaluation_action_detail",
    ),
    path(
        "<int:evaluation_id>/improvement/<int:action_id>/edit/",
        improvement.evaluation_action_edit,
        name="evaluation_action_edit",
    ),
    path(
        "<int:evaluation_id>/improvement/<int:action_id>/follow-up/",
        improvement.evaluation_action_follow_up,
        name="evaluation_action_follow_up",
    ),
    path(
        "<int:evaluation_id>/improvement/<int:action_id>/remove/",
        improvement.evaluation_action_remove,
        name="evaluation_action_remove",
    ),
    path("", include("vises.indicators.urls")),
    path("<int:evaluation_id>/questions/<int:question_id>/", include(interpretation.urlpatterns)),
    path("<int:evaluation_id>/export/", export.evaluation_export, name="evaluation_export"),
    path(
        "<int:evaluation_id>/export/<slug:file_format>/",
        export.evaluation_export_file,
        name="evaluation_export_file",
    ),
]

# The respondents' addresses first: every request of a survey's respondent is resolved
# without trying the other apps' patterns (no other address starts with "s/").
urlpatterns = [
    path("s/", include(surveys.respondent_patterns)),
    path("", accounts.home, name="home"),
    path("accounts/", include(auth_patterns)),
    path("language/", accounts.set_language, name="set_language"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        accounts.invitation_revoke,
        name="invitation_revoke",
    ),
    path("enterprises/", include(enterprise_patterns)),
    path("networks/", include(network_patterns)),
    path("", include("vises.networks.urls")),
    path("frameworks/", include(framework_patterns)),
    path("evaluations/", include(evaluation_patterns)),
    path("evaluations/<int:evaluation_id>/surveys/", include(surveys.team_patterns)),
    path(
        "evaluations/<int:evaluation_id>/surveys/<int:survey_id>/",
        include(interpretation.survey_patterns),
    ),
    path("i/", include(interpretation.guest_patterns)),
    path("evaluations/<int:evaluation_id>/reports/", include(reports.urlpatterns)),
    path(
        "networks/<int:network_id>/programmes/<int:programme_id>/reports/",
        include(reports.territorial_patterns),
    ),
    path("evaluations/<int:evaluation_id>/material/", include("vises.qualitative.urls")),
    path("p/", include(reports.public_patterns)),
    path("charts/", include(reports.chart_patterns)),
    path("accompaniment/", accompaniment.coach_dashboard, name="coach_dashboard"),
    path("", include("vises.audit.urls")),
    path("admin/", admin.site.urls),
]
