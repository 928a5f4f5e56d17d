"""The collecting pages belong to the supervisor who collected: another county's supervisor gets
404 on its batches, files, originals, evidence and notices and cannot confirm; the unit's own
clerk never reaches the pages; the original comes back byte for byte with its SHA-256."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState, CollectionBatch

from .collect_fixtures import LONGTIAN, ZHENGYANG, media, roster_2021, unit
from .oversight_fixtures import Tree, client_for, tree

__all__ = ["media", "tree"]


def _collected(tree: Tree) -> tuple[CollectionBatch, CollectedReport]:
    roster_2021(tree, "龙田镇人民政府")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("龙田镇2021年报.txt", LONGTIAN.read_bytes())],
    )
    process(batch)
    return batch, CollectedReport.objects.get(batch=batch)


def _urls(tree: Tree, batch: CollectionBatch, row: CollectedReport) -> list[str]:
    base = f"/work/oversight/{tree.county.pk}/2021/collect"
    return [
        f"{base}/",
        f"{base}/batches/{batch.pk}/",
        f"{base}/files/{row.pk}/",
        f"{base}/files/{row.pk}/original/",
        f"{base}/files/{row.pk}/findings/0/",
        f"{base}/units/{row.unit_id}/notice.docx",
    ]


@pytest.mark.django_db
def test_the_supervisor_downloads_the_original_byte_for_byte(tree: Tree, media: Path) -> None:
    _, row = _collected(tree)
    response = client_for(tree.supervisor).get(
        f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/original/"
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body == LONGTIAN.read_bytes()
    assert hashlib.sha256(body).hexdigest() == row.sha256
    assert (
        response["Digest"]
        == "sha-256=" + base64.b64encode(hashlib.sha256(LONGTIAN.read_bytes()).digest()).decode()
    )
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_every_collecting_page_opens_for_the_supervisor(tree: Tree, media: Path) -> None:
    batch, row = _collected(tree)
    client = client_for(tree.supervisor)
    for url in _urls(tree, batch, row):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_another_supervisor_and_the_units_clerk_get_nothing(tree: Tree, media: Path) -> None:
    batch, row = _collected(tree)
    for outsider in (tree.other_supervisor, tree.land_clerk):
        client = client_for(outsider)
        for url in _urls(tree, batch, row):
            assert client.get(url).status_code == 404, (outsider, url)
        # The other supervisor under its own agency's address: still not this county's files.
        own = f"/work/oversight/{tree.other_county.pk}/2021/collect"
        for url in (
            f"{own}/batches/{batch.pk}/",
            f"{own}/files/{row.pk}/",
            f"{own}/files/{row.pk}/original/",
        ):
            assert client.get(url).status_code == 404, (outsider, url)
        response = client.post(
            f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/unmatch/", {"version": row.version}
        )
        assert response.status_code == 404
        response = client.post(f"/work/oversight/{tree.county.pk}/2021/collect/batches/{batch.pk}/continue/")
        assert response.status_code == 404
    assert CollectedReport.objects.get(pk=row.pk).state == CollectedState.MATCHED


@pytest.mark.django_db
def test_the_units_clerk_cannot_upload(tree: Tree, media: Path) -> None:
    roster_2021(tree)
    response = client_for(tree.land_clerk).post(
        f"/work/oversight/{tree.county.pk}/2021/collect/start/",
        {"source": "urls", "urls": "https://example.org/a.txt"},
    )
    assert response.status_code == 404
    assert not CollectionBatch.objects.exists()


def _upload(user: User, tree: Tree, data: dict[str, object]) -> object:
    return client_for(user).post(f"/work/oversight/{tree.county.pk}/2021/collect/start/", data)


@pytest.mark.django_db
def test_uploading_two_files_reads_them_and_shows_the_batch(tree: Tree, media: Path) -> None:
    roster = roster_2021(tree, "龙田镇人民政府", "正阳镇人民政府", "正阳镇卫生院")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(tree.supervisor)
    response = client.post(
        f"/work/oversight/{tree.county.pk}/2021/collect/start/",
        {
            "source": "files",
            "uploads": [
                SimpleUploadedFile("龙田.txt", LONGTIAN.read_bytes()),
                SimpleUploadedFile("正阳.txt", ZHENGYANG.read_bytes()),
            ],
        },
    )
    batch = CollectionBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/oversight/{tree.county.pk}/2021/collect/batches/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已处理2个，共2个" in page
    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}
    assert rows["龙田.txt"].unit == unit(roster, "龙田镇人民政府")
    # 平利县正阳镇 is neither 正阳镇人民政府 nor 正阳镇卫生院 for sure: the supervisor says which.
    uncertain = rows["正阳.txt"]
    assert uncertain.state == CollectedState.UNCERTAIN
    assert [c[0] for c in uncertain.candidates][:1] == [unit(roster, "正阳镇人民政府").pk]

    file_url = f"/work/oversight/{tree.county.pk}/2021/collect/files/{uncertain.pk}/"
    assert "候选单位" in client.get(file_url).content.decode()
    response = client.post(
        f"{file_url}confirm/", {"version": uncertain.version, "unit": unit(roster, "正阳镇人民政府").pk}
    )
    assert response.status_code == 302
    confirmed = CollectedReport.objects.get(pk=uncertain.pk)
    assert confirmed.state == CollectedState.MATCHED
    assert confirmed.unit == unit(roster, "正阳镇人民政府")
    assert confirmed.confirmed_by == tree.supervisor

    # The same form again (filled in on the old copy): 409, the confirmation stays.
    response = client.post(
        f"{file_url}confirm/", {"version": uncertain.version, "unit": unit(roster, "正阳镇卫生院").pk}
    )
    assert response.status_code == 409
    assert CollectedReport.objects.get(pk=uncertain.pk).unit == unit(roster, "正阳镇人民政府")


@pytest.mark.django_db
def test_a_unit_of_another_supervisors_roster_cannot_be_confirmed(tree: Tree, media: Path) -> None:
    from gongkai.agencies.models import Level
    from gongkai.oversight import actions
    from gongkai.oversight.models import UnitKind

    _, row = _collected(tree)
    theirs = actions.build_roster(acting_user=tree.other_supervisor, agency=tree.other_county, year=2021)
    stranger = actions.add_unit(
        acting_user=tree.other_supervisor,
        roster=theirs,
        version=theirs.version,
        name="龙田镇",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
    )
    response = client_for(tree.supervisor).post(
        f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/confirm/",
        {"version": row.version, "unit": stranger.pk},
    )
    assert response.status_code == 400
    assert CollectedReport.objects.get(pk=row.pk).unit_id != stranger.pk


@pytest.mark.django_db
def test_a_upload_with_nothing_in_it_says_what_is_missing(tree: Tree, media: Path) -> None:
    roster_2021(tree)
    response = client_for(tree.supervisor).post(
        f"/work/oversight/{tree.county.pk}/2021/collect/start/", {"source": "zip"}
    )
    assert response.status_code == 400
    assert "请选择ZIP压缩包" in response.content.decode()
    response = client_for(tree.supervisor).post(
        f"/work/oversight/{tree.county.pk}/2021/collect/start/",
        {"source": "urls", "urls": "ftp://x.org/a.pdf"},
    )
    assert response.status_code == 400
    assert "不是http或https网址" in response.content.decode()
    assert not CollectionBatch.objects.exists()
