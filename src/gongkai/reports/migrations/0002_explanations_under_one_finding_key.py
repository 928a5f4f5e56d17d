"""Explanations of warnings were kept under the reports app's own finding key
(「code:section:table.row.column」); they now use the one key of the report model,
``annual_report.compose.finding_key`` (「code:table.row.column」, 「code:第N部分」 or the code).
The stored findings are rechecked on the next save; their keys are rewritten here too."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def one_key(old: str) -> str:
    code, sep, rest = old.partition(":")
    if not sep:
        return old
    section, sep, where = rest.partition(":")
    if not sep:  # already the new form
        return old
    place = ".".join(part for part in where.split(".") if part)
    if not place and section:
        place = f"第{section}部分"
    return f"{code}:{place}" if place else code


def forwards(apps: Any, schema_editor: Any) -> None:
    AnnualReport = apps.get_model("reports", "AnnualReport")
    for report in AnnualReport.objects.all().iterator():
        report.explanations = {one_key(k): v for k, v in report.explanations.items()}
        findings = []
        for finding in report.findings:
            finding = dict(finding)
            if "key" in finding:
                finding["key"] = one_key(finding["key"])
            if finding.get("severity") == "warning" and "explanation" not in finding:
                finding["explanation"] = report.explanations.get(finding.get("key", ""), "")
            findings.append(finding)
        report.findings = findings
        report.save(update_fields=["explanations", "findings"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
