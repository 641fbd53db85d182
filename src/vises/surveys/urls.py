"""Survey addresses: the team's, under an evaluation, and the respondents', short and
public."""

from django.urls import path

from . import builder_views as team
from . import import_views, respond_views, team_views, xlsform_views

# Under evaluations/<int:evaluation_id>/surveys/
Q = "<int:survey_id>/questions/<int:survey_question_id>"
team_patterns: list = [
    path("", team.survey_list, name="survey_list"),
    path("new/", team.survey_create, name="survey_create"),
    path("xlsform/", xlsform_views.survey_import_xlsform, name="survey_import_xlsform"),
    path("<int:survey_id>/xlsform.xlsx", xlsform_views.survey_xlsform, name="survey_xlsform"),
    path("<int:survey_id>/", team.survey_detail, name="survey_detail"),
    path("<int:survey_id>/settings/", team.survey_settings, name="survey_settings"),
    path("<int:survey_id>/open/", team.survey_open, name="survey_open"),
    path("<int:survey_id>/close/", team.survey_close, name="survey_close"),
    path("<int:survey_id>/new-version/", team.survey_new_version, name="survey_new_version"),
    path("<int:survey_id>/paper/", team.survey_paper, name="survey_paper"),
    path("<int:survey_id>/sections/new/", team.survey_section_add, name="survey_section_add"),
    path(
        "<int:survey_id>/sections/<int:section_id>/",
        team.survey_section_edit,
        name="survey_section_edit",
    ),
    path(
        "<int:survey_id>/sections/<int:section_id>/remove/",
        team.survey_section_remove,
        name="survey_section_remove",
    ),
    path(
        "<int:survey_id>/sections/<int:section_id>/move/",
        team.survey_section_move,
        name="survey_section_move",
    ),
    path(
        "<int:survey_id>/sections/<int:section_id>/questions/new/",
        team.survey_question_add,
        name="survey_question_add",
    ),
    path(f"{Q}/", team.survey_question_edit, name="survey_question_edit"),
    path(f"{Q}/remove/", team.survey_question_remove, name="survey_question_remove"),
    path(f"{Q}/move/", team.survey_question_move, name="survey_question_move"),
    path(f"{Q}/condition/", team.survey_question_condition, name="survey_question_condition"),
    path("<int:survey_id>/bank/", team.survey_bank, name="survey_bank"),
    path("<int:survey_id>/bank/add/", team.survey_bank_add, name="survey_bank_add"),
    path("<int:survey_id>/waves/", team.survey_waves, name="survey_waves"),
    path("<int:survey_id>/waves/<int:wave_id>/", team.survey_wave_edit, name="survey_wave_edit"),
    path(
        "<int:survey_id>/waves/<int:wave_id>/remove/",
        team.survey_wave_remove,
        name="survey_wave_remove",
    ),
    path(
        "<int:survey_id>/paper-entry/",
        respond_views.survey_paper_entry,
        name="survey_paper_entry",
    ),
    path(
        "<int:survey_id>/waves/<int:wave_id>/invitations/",
        team_views.survey_invitations,
        name="survey_invitations",
    ),
    path(
        "<int:survey_id>/waves/<int:wave_id>/invitations/slips/",
        team_views.survey_slips,
        name="survey_slips",
    ),
    path("<int:survey_id>/responses/", team_views.survey_responses, name="survey_responses"),
    path("erase/", team_views.survey_response_erase, name="survey_response_erase"),
    path(
        "<int:survey_id>/responses/<int:response_id>/remove/",
        team_views.survey_response_remove,
        name="survey_response_remove",
    ),
    path("<int:survey_id>/imports/", import_views.survey_import, name="survey_import"),
    path(
        "<int:survey_id>/imports/template.xlsx",
        import_views.survey_import_template,
        name="survey_import_template",
    ),
    path(
        "<int:survey_id>/imports/<int:import_id>/",
        import_views.survey_import_preview,
        name="survey_import_preview",
    ),
    path(
        "<int:survey_id>/imports/<int:import_id>/undo/",
        import_views.survey_import_undo,
        name="survey_import_undo",
    ),
    path(
        "<int:survey_id>/responses.csv",
        team_views.survey_responses_csv,
        name="survey_responses_csv",
    ),
    path(
        "<int:survey_id>/responses.xlsx",
        team_views.survey_responses_xlsx,
        name="survey_responses_xlsx",
    ),
]

# Under s/: what respondents open, without an account.
respondent_patterns: list = [
    path("code/", respond_views.code_entry, name="survey_code_entry"),
    path("c/<str:code>/", respond_views.respond_code, name="survey_respond_code"),
    path("<str:public_token>/", respond_views.respond_start, name="survey_respond"),
    path("<str:public_token>/<int:page>/", respond_views.respond_page, name="survey_respond_page"),
    path("<str:public_token>/thanks/", respond_views.respond_thanks, name="survey_respond_thanks"),
]
