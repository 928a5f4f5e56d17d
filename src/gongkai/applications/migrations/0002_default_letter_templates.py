"""The default texts of the letters (letter_templates/*.txt) as LetterTemplate rows.

Idempotent: a key that already has a row is left as it is, so an administrator's edits survive
re-running. Reversible: going back removes only the rows that still hold the default text.
"""

from importlib.resources import files

from django.db import migrations


def _defaults():
    folder = files("gongkai.applications").joinpath("letter_templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            title, _, body = entry.read_text(encoding="utf-8").partition("\n\n")
            yield entry.name.removesuffix(".txt"), title.strip(), body.strip("\n")


def add_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for key, title, body in _defaults():
        LetterTemplate.objects.get_or_create(key=key, defaults={"title": title, "body": body})


def remove_unedited_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for key, title, body in _defaults():
        LetterTemplate.objects.filter(key=key, title=title, body=body).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_unedited_defaults)]
