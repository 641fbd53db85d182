from django.db import migrations, models


def two_years_after_the_period(apps, schema_editor):
    Evaluation = apps.get_model("evaluations", "Evaluation")
    for evaluation in Evaluation.objects.all().only("pk", "period_end"):
        end = evaluation.period_end
        try:
            until = end.replace(year=end.year + 2)
        except ValueError:  # 29 February
            until = end.replace(year=end.year + 2, day=28)
        Evaluation.objects.filter(pk=evaluation.pk).update(retention_until=until)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0007_evaluation_framework_read"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="retention_until",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(two_years_after_the_period, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evaluation",
            name="retention_until",
            field=models.DateField(
                help_text=(
                    "After this day, open answers and survey codes are deleted for good; "
                    "counts and closed answers stay. By default, two years after the end of "
                    "the period."
                ),
                verbose_name="keep respondents' open answers until",
            ),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="retention_warned_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="retention_enforced_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
    ]
