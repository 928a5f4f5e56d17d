"""Zip containers (DOCX, XLSX) bounded by what they unpack to, before any member is read (no Django).

A DOCX or an XLSX is a zip. Its size on upload says little: 33 KB of XLSX can hold 500,000 rows,
566 KB of DOCX can unpack to 190 MB. The zip's directory says how large each member unpacks to,
and Python's zipfile never hands out more than that (a member that would unpack to more is cut off
there and fails its CRC check), so the directory is a bound that can be trusted. `open_archive`
refuses a container, before anything in it is decompressed or parsed, when

- it has more than `members` members;
- one member unpacks to more than `member_bytes`;
- all members together unpack to more than `total_bytes`;
- a member larger than `ratio_floor` unpacks to more than `ratio` times its compressed size.
  Office files compress text about 5 to 20 times; a member squeezed 100 times or more is built to
  be small on upload and large in memory, which is what a "zip bomb" is.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    total_bytes: int = 100 * 1024 * 1024
    member_bytes: int = 64 * 1024 * 1024
    ratio: int = 100
    ratio_floor: int = 1024 * 1024
    members: int = 5000


LIMITS = Limits()


class ArchiveError(ValueError):
    """A container that is damaged or too large once unpacked; the message (Chinese) says which."""


class ArchiveTooLarge(ArchiveError):
    pass


def format_size(size: int) -> str:
    """1.5 MB, 20 MB, 3.2 KB, 108 字节."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} 字节"


def check_members(archive: zipfile.ZipFile, what: str, limits: Limits = LIMITS) -> None:
    """ArchiveTooLarge, naming `what` (e.g. 文件“报告.docx”), when the members break a limit."""
    infos = archive.infolist()
    refused = f"{what}解压后"
    advice = "可能是恶意构造的压缩文件，不能处理；如是正常文件，请拆分后再上传"
    if len(infos) > limits.members:
        raise ArchiveTooLarge(f"{what}包含{len(infos)}个部件，超过上限{limits.members}个，{advice}")
    total = 0
    for info in infos:
        size = info.file_size
        if size > limits.member_bytes:
            raise ArchiveTooLarge(
                f"{refused}其中的“{info.filename}”有{format_size(size)}，超过单个部件上限{format_size(limits.member_bytes)}，{advice}"
            )
        if size > limits.ratio_floor and size > limits.ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise ArchiveTooLarge(
                f"{refused}其中的“{info.filename}”由{info.compress_size:,}字节展开为{format_size(size)}"
                f"（压缩比{ratio}:1，上限{limits.ratio}:1），{advice}"
            )
        total += size
    if total > limits.total_bytes:
        raise ArchiveTooLarge(
            f"{refused}共有{format_size(total)}，超过上限{format_size(limits.total_bytes)}，{advice}"
        )


def open_archive(content: bytes, what: str, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The zip in `content`, its directory checked against `limits`; ArchiveError otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise ArchiveError(f"{what}已损坏，无法解压，请重新保存后再上传") from error
    try:
        check_members(archive, what, limits)
    except ArchiveError:
        archive.close()
        raise
    return archive


def check_archive(content: bytes, what: str, limits: Limits = LIMITS) -> None:
    """open_archive for a caller that opens the zip itself afterwards."""
    open_archive(content, what, limits).close()
