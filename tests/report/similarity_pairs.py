"""Hand-made narratives for the 雷同 tests: one unit's 2024 report, its 2025 report written three
ways (copied with the figures changed, lightly edited, written anew), and a peer's 2025 report."""

from __future__ import annotations

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Level, Report, Section

AGENCY = "示例县自然资源局"
PEER = "示例县住房和城乡建设局"

OPENING = (
    "本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。"
)

OVERVIEW_2024 = (
    "2024年，示例县自然资源局认真贯彻落实《中华人民共和国政府信息公开条例》，围绕耕地保护和不动产登记等重点工作，"
    "全面推进政府信息公开。\n"
    "（一）主动公开。全年通过县政府门户网站主动公开政府信息126条，其中土地征收信息38条、规划许可信息21条。"
    "及时公开年度土地利用计划执行情况，接受社会监督。\n"
    "（二）依申请公开。全年收到政府信息公开申请17件，均在法定期限内答复，未发生因答复不当引起的行政复议。"
    "对涉及征地补偿的申请，逐件核对档案后予以答复。\n"
    "（三）政府信息管理。建立信息发布前保密审查机制，全年审查拟公开信息126条，未发生泄密事件。"
    "（四）平台建设。优化门户网站自然资源专栏，新增不动产登记办事指南栏目。"
    "（五）监督保障。将政务公开纳入年度目标考核，组织业务培训2次，参训人员45人次。"
)
PROBLEMS_2024 = (
    "一是主动公开的深度不够，政策解读形式较为单一；二是工作人员业务水平有待提高。"
    "下一步，我局将丰富政策解读形式，采用图解、视频等方式解读重要政策，并加强业务培训，提升依申请公开答复质量。"
)

# The 2025 report that is last year's with this year's figures typed in.
OVERVIEW_2025_COPIED = (
    OVERVIEW_2024.replace("2024年", "2025年")
    .replace("126条", "141条")
    .replace("38条", "40条")
    .replace("21条", "19条")
    .replace("17件", "23件")
    .replace("2次", "3次")
    .replace("45人次", "60人次")
)
PROBLEMS_2025_COPIED = PROBLEMS_2024

# The 2025 report that is last year's with a few words changed in most sentences and one sentence new.
OVERVIEW_2025_EDITED = (
    "2025年，示例县自然资源局深入贯彻落实《中华人民共和国政府信息公开条例》，围绕耕地保护和不动产登记等重点工作，"
    "全面推进政府信息公开工作。\n"
    "（一）主动公开。全年通过县政府门户网站主动公开政府信息141条，其中土地征收信息40条、规划许可信息19条。"
    "及时公开年度土地利用计划执行情况，主动接受社会监督。\n"
    "（二）依申请公开。全年共收到政府信息公开申请23件，均在法定期限内答复，未发生因答复不当引起的行政复议。"
    "对涉及征地补偿的申请，逐件核对档案后依法予以答复。\n"
    "（三）政府信息管理。建立信息发布前保密审查机制，全年审查拟公开信息141条，未发生泄密事件。"
    "（四）平台建设。优化门户网站自然资源专栏，新增国土空间规划公示栏目。"
    "（五）监督保障。将政务公开纳入年度目标考核，组织业务培训3次，参训人员60人次。"
)
PROBLEMS_2025_EDITED = (
    "一是主动公开的深度不够，政策解读形式仍较为单一；二是工作人员业务能力有待提高。"
    "下一步，我局将丰富政策解读形式，采用图解、短视频等方式解读重要政策，并加强业务培训，提升依申请公开答复质量。"
)

# The 2025 report written anew: the same unit, the same subjects, its own sentences.
OVERVIEW_2025_HONEST = (
    "2025年，示例县自然资源局把国土空间总体规划批复后的公开作为全年政务公开的重点。\n"
    "（一）主动公开。规划批复后10个工作日内在门户网站公布规划文本和图件，举办规划开放日2场，现场解答群众提问。"
    "全年发布征地预公告9批次，每批次同步在被征收村张贴，保障群众知情权。\n"
    "（二）依申请公开。申请数量较上年有所增加，主要集中在征地补偿标准和宅基地确权两类，全部按期办结。"
    "针对申请集中的事项，将补偿标准整理成问答在专栏公开，从源头减少重复申请。\n"
    "（三）政府信息管理。对2019年以来制发的文件开展清理，废止已不适用的文件5件。"
    "（四）平台建设。在不动产登记大厅设置查询终端，群众可自助查询登记进度。"
    "（五）监督保障。聘请4名社会监督员，每季度听取一次对公开工作的意见。"
    "将政务公开纳入年度目标考核，组织业务培训3次，参训人员60人次。"  # one sentence as last year's
)
PROBLEMS_2025_HONEST = (
    "规划图件的电子版文件过大，部分群众在手机上无法打开，反映较多。"
    "明年起图件将按乡镇切分发布，并提供缩略图，方便在手机上查看；社会监督员提出的意见将逐条答复并公开办理情况。"
)

# A peer that took the unit's 2024 report, put its own name in and changed the subject words.
PEER_2024 = (
    OVERVIEW_2024.replace("示例县自然资源局", PEER)
    .replace("耕地保护和不动产登记", "城市更新和住房保障")
    .replace("自然资源专栏", "住房城乡建设专栏")
)

OTHER = "本年度未收取信息处理费。"


def report(agency: str, year: int, overview: str, problems: str, *, level: Level = Level.COUNTY) -> Report:
    return Report(
        agency=agency,
        year=year,
        edition=Edition.E2021,
        level=level,
        sections=[
            Section(1, "总体情况", OPENING + "\n" + overview),
            Section(2, "主动公开政府信息情况"),
            Section(3, "收到和处理政府信息公开申请情况"),
            Section(4, "政府信息公开行政复议、行政诉讼情况"),
            Section(5, "存在的主要问题及改进情况", problems),
            Section(6, "其他需要报告的事项", OTHER),
        ],
    )


def last_year() -> Report:
    return report(AGENCY, 2024, OVERVIEW_2024, PROBLEMS_2024)


def copied() -> Report:
    return report(AGENCY, 2025, OVERVIEW_2025_COPIED, PROBLEMS_2025_COPIED)


def edited() -> Report:
    return report(AGENCY, 2025, OVERVIEW_2025_EDITED, PROBLEMS_2025_EDITED)


def honest() -> Report:
    return report(AGENCY, 2025, OVERVIEW_2025_HONEST, PROBLEMS_2025_HONEST)


def peer_copy() -> Report:
    return report(PEER, 2024, PEER_2024, PROBLEMS_2024)
