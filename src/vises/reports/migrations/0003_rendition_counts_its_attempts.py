from django.db import migrations, models


def made_at_first_attempt(apps, schema_editor):
    """The renditions made before were made (or failed) at their first attempt."""
    apps.get_model("reports", "Rendition").objects.update(attempts=1)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_published_report_keeps_its_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="rendition",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(made_at_first_attempt, migrations.RunPython.noop),
    ]
