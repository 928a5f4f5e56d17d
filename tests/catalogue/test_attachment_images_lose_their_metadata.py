"""A photo attached to a published item must not publish where it was taken, when, with what
device and by whom. The pictures are made here with Pillow, the way a camera or an editor would
write them, and read back the same way a curious reader of the portal would."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image, ImageDraw, PngImagePlugin, features

from gongkai.core.filecheck import AttachmentError, check_file

from .attachment_files import camera_photo_bytes

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Zhang San</dc:creator></x:xmpmeta>'


def two_colours(width: int = 40, height: int = 20) -> Image.Image:
    """Red on the left half, blue on the right: which way it was turned can be seen."""
    picture = Image.new("RGB", (width, height), (0, 0, 255))
    ImageDraw.Draw(picture).rectangle((0, 0, width // 2 - 1, height - 1), fill=(255, 0, 0))
    return picture


def camera_exif() -> Image.Exif:
    return reopened(camera_photo_bytes()).getexif()


def jpeg(picture: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def reopened(content: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(content))
    picture.load()
    return picture


def assert_no_metadata(content: bytes) -> None:
    picture = reopened(content)
    assert len(picture.getexif()) == 0
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Author"} & set(picture.info)
    for trace in (b"Zhang San", b"PhoneMaker", b"2026:05:01", b"Exif\x00\x00"):
        assert trace not in content


def close_to(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(abs(x - y) <= 24 for x, y in zip(a, b, strict=True))


def test_a_camera_photo_loses_its_location_device_author_and_comment_and_keeps_its_picture() -> None:
    original = jpeg(two_colours(), exif=camera_exif(), comment=b"Zhang San's phone", xmp=XMP)
    assert b"Zhang San" in original
    assert reopened(original).getexif().get_ifd(0x8825)

    checked = check_file("现场照片.jpg", original)

    assert_no_metadata(checked.content)
    picture = reopened(checked.content)
    assert (picture.format, picture.size) == ("JPEG", (40, 20))
    assert close_to(picture.getpixel((5, 10)), (255, 0, 0))
    assert close_to(picture.getpixel((35, 10)), (0, 0, 255))
    assert checked.size == len(checked.content)
    assert checked.sha256 == hashlib.sha256(checked.content).hexdigest()
    assert checked.note == (
        "图片不提取文字（系统不做文字识别），图片内容须人工核查；"
        "已去除图片中的拍摄信息（EXIF 等元数据，可能含拍摄地点、时间、设备和作者）"
    )


def test_a_photo_taken_on_its_side_is_turned_as_its_orientation_said_before_the_tag_goes() -> None:
    # Orientation 6: the stored pixels are to be turned 90° clockwise to be seen upright. Turned
    # so, the red left half of a 40x20 picture becomes the top half of a 20x40 one.
    checked = check_file("侧拍.jpg", camera_photo_bytes(orientation=6))
    picture = reopened(checked.content)
    assert picture.size == (20, 40)
    assert close_to(picture.getpixel((10, 5)), (255, 0, 0))
    assert close_to(picture.getpixel((10, 35)), (0, 0, 255))
    assert_no_metadata(checked.content)


def test_a_png_loses_its_text_and_exif_chunks_and_not_a_single_pixel() -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Zhang San")
    text.add_itxt("Comment", "张三拍摄于北京市朝阳区")
    out = io.BytesIO()
    two_colours().save(out, "PNG", pnginfo=text, exif=camera_exif())
    original = out.getvalue()
    assert "张三".encode() in original

    checked = check_file("截图.png", original)

    assert_no_metadata(checked.content)
    assert "张三".encode() not in checked.content
    assert reopened(checked.content).tobytes() == reopened(original).tobytes()


def test_pictures_without_metadata_are_stored_byte_for_byte() -> None:
    plain_jpeg = jpeg(two_colours())  # Pillow writes a JFIF header and nothing else
    out = io.BytesIO()
    two_colours().save(out, "PNG")
    for name, content in (("图.jpg", plain_jpeg), ("图.png", out.getvalue())):
        checked = check_file(name, content)
        assert checked.content == content
        assert "已去除" not in checked.note


def test_an_animated_gif_keeps_its_frames_and_timing_and_loses_its_comment() -> None:
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0, comment=b"Zhang San"
    )
    assert b"Zhang San" in out.getvalue()

    checked = check_file("动图.gif", out.getvalue())

    assert b"Zhang San" not in checked.content
    picture = reopened(checked.content)
    assert "comment" not in picture.info
    assert getattr(picture, "n_frames", 1) == 3
    assert picture.info.get("duration") == 200
    assert picture.info.get("loop") == 0


@pytest.mark.skipif(not features.check("webp"), reason="this Pillow was built without WebP")
def test_a_webp_loses_its_exif() -> None:
    out = io.BytesIO()
    two_colours().save(out, "WEBP", lossless=True, exif=camera_exif())
    checked = check_file("图.webp", out.getvalue())
    assert_no_metadata(checked.content)
    assert reopened(checked.content).tobytes() == two_colours().tobytes()  # lossless stays lossless


def test_a_file_that_only_starts_like_a_picture_is_refused() -> None:
    with pytest.raises(
        AttachmentError, match=re.escape("图片“假图.png”已损坏或格式有误，无法打开，请重新保存后再上传")
    ):
        check_file("假图.png", b"\x89PNG\r\n\x1a\n" + b"not a picture at all" * 10)
    truncated = jpeg(two_colours(400, 400), exif=camera_exif())
    with pytest.raises(AttachmentError, match="已损坏"):
        check_file("半张.jpg", truncated[: len(truncated) // 2])


def test_a_cut_off_photo_is_refused_even_once_weasyprint_has_told_pillow_to_accept_it() -> None:
    import weasyprint  # noqa: F401 - importing it sets Pillow's LOAD_TRUNCATED_IMAGES for the process
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    photo = jpeg(two_colours(400, 400))
    with pytest.raises(AttachmentError, match=re.escape("图片“半张.jpg”已损坏或格式有误")):
        check_file("半张.jpg", photo[: len(photo) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # as WeasyPrint left it, for its own rendering


def test_a_small_file_that_claims_a_huge_picture_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 million pixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(
        AttachmentError, match=re.escape("图片“炸弹.png”尺寸过大（10000×10000 像素，最多6000 万像素）")
    ):
        check_file("炸弹.png", out.getvalue())
