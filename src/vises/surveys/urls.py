"""Survey addresses: the team's, under an evaluation, and the respondents', short and
public."""

# Under evaluations/<int:evaluation_id>/surveys/
team_patterns: list = []

# Under s/: what respondents open, without an account.
respondent_patterns: list = []
