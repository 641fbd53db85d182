from django.db import migrations, models

import vises.accounts.models


def give_pseudonyms(apps, schema_editor):
    # Each existing enterprise gets its own code; a column default would give them all one.
    Enterprise = apps.get_model("accounts", "Enterprise")
    taken = set()
    for enterprise in Enterprise.objects.all():
        code = vises.accounts.models.new_pseudonym()
        while code in taken:
            code = vises.accounts.models.new_pseudonym()
        taken.add(code)
        enterprise.pseudonym = code
        enterprise.save(update_fields=["pseudonym"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="pseudonym",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(give_pseudonyms, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enterprise",
            name="pseudonym",
            field=models.CharField(
                default=vises.accounts.models.new_pseudonym,
                editable=False,
                max_length=12,
                unique=True,
                verbose_name="pseudonym",
            ),
        ),
    ]
