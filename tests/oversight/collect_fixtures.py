"""What the collecting tests share: the county's 2021 roster with three units known only by name
(whose real published reports are in tests/data/real/reports), ZIPs made by hand, a zip bomb."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.models import Roster, RosterUnit, UnitKind

from .oversight_fixtures import Tree

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "reports"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Real published 2021 reports (provenance in tests/data/real/manifest.toml) and the name each
# signs itself with.
ZHONGSHAN = REAL / "05-2021-township-sjzqx-zhongshan.txt"  # 石家庄市桥西区中山街道办事处
LONGTIAN = REAL / "06-2021-township-qdncg-longtian.txt"  # 龙田镇人民政府
ZHENGYANG = REAL / "07-2021-township-pingli-zhengyang.txt"  # 平利县正阳镇


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test its own MEDIA_ROOT: what one stored is not seen by the next."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def roster_2021(tree: Tree, *names: str) -> Roster:
    """The county's 2021 roster from the agency tree, plus units known only by name."""
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2021)
    for name in names:
        actions.add_unit(
            acting_user=tree.supervisor,
            roster=roster,
            version=Roster.objects.get(pk=roster.pk).version,
            name=name,
            kind=UnitKind.GOVERNMENT,
            level=Level.TOWNSHIP,
        )
    return roster


def unit(roster: Roster, name: str) -> RosterUnit:
    return RosterUnit.objects.get(roster=roster, name=name)


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb() -> bytes:
    """A ZIP whose one member is 50 MB of zeros squeezed into about 50 KB (1000:1)."""
    return zipped({"报告.txt": b"0" * (50 * 1024 * 1024)})


def supervisor_of(tree: Tree) -> User:
    return tree.supervisor
