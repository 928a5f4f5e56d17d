"""prune_case_files deletes the stored files of case records that no record names any more (a
deleted case, an upload whose row never committed); the upload, the pages and the redacted file
of every record are kept, and so are fresh files and files outside the cases' folder."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.applications import records
from gongkai.applications.models import Application, CaseDocument
from tests.applications.records_helpers import attach
from tests.factories import application

pytestmark = pytest.mark.django_db


def _age_all(folder: Path, minutes: int) -> None:
    past = time.time() - minutes * 60
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_the_files_of_a_deleted_case_are_pruned_and_those_of_a_redacted_record_kept(
    settings: Any, tmp_path: Path, bureau: Agency, clerk: User
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    kept_case = application(bureau, clerk)
    kept = attach(kept_case, clerk)
    kept = records.mark_text(acting_user=clerk, document=kept, text="秘密", basis="14", version=kept.version)
    kept = records.apply_redaction(acting_user=clerk, document=kept, version=kept.version)
    gone_case = application(bureau, clerk, applicant_name="王五")
    gone = attach(gone_case, clerk, name="另一份.pdf")
    gone_file = tmp_path / gone.file.name
    Application.objects.filter(pk=gone_case.pk).delete()  # the back office deletes a case
    elsewhere = tmp_path / "letterheads" / "seal.png"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"seal")
    _age_all(tmp_path, 120)
    fresh = tmp_path / "cases" / "999" / "just-written.pdf"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"%PDF-")

    listed = StringIO()
    call_command("prune_case_files", "--dry-run", stdout=listed)
    assert gone_file.exists()
    call_command("prune_case_files", stdout=StringIO())

    assert f"cases/{gone_case.pk}/" in listed.getvalue()
    assert "可删除1个" in listed.getvalue()
    assert not gone_file.exists()
    row = CaseDocument.objects.get(pk=kept.pk)
    assert (tmp_path / row.file.name).exists()
    assert (tmp_path / row.redacted.name).exists()
    assert fresh.exists()
    assert elsewhere.exists()
