from django.db import migrations, models


class Migration(migrations.Migration):
    """Words saved on purpose are kept as a version whenever they are replaced.

    Texts that exist already are marked as saved on purpose: which of them were is no
    longer known, and keeping one copy too many is better than losing one.
    """

    dependencies = [
        ("critic", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="text",
            name="deliberate",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="text",
            name="deliberate",
            field=models.BooleanField(default=False),
        ),
    ]
