from django.db import migrations


def load_default_questionnaire(apps, schema_editor):
    from healthjustice.screening.defaults import ensure_default_questionnaire

    ensure_default_questionnaire(apps.get_model("screening", "Questionnaire"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [
        migrations.RunPython(load_default_questionnaire, migrations.RunPython.noop),
    ]
