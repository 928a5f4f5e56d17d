"""The articles of the 2019 Regulations a decision may rely on, and which of them fit each outcome.

A decision names its legal basis by choosing among these (the form offers only those that fit
the outcome); the letter cites them in the order of the Regulations, as
《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项. The clerk's reasons are a field
of their own, so that a reason is never wrapped into 「根据……的规定」.
"""

from __future__ import annotations

REGULATIONS = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号印发）"

# code -> (citation after the Regulations' name, what the article says, for the form)
ARTICLES: dict[str, tuple[str, str]] = {
    "2": ("第二条", "政府信息的定义"),
    "14": ("第十四条", "国家秘密、法律行政法规禁止公开、危及“三安全一稳定”的不予公开"),
    "15": ("第十五条", "涉及商业秘密、个人隐私等，公开会损害第三方合法权益的不得公开"),
    "16.1": ("第十六条第一款", "内部事务信息可以不予公开"),
    "16.2": ("第十六条第二款", "过程性信息以及行政执法案卷信息可以不予公开"),
    "27": ("第二十七条", "申请获取政府信息"),
    "29.2": ("第二十九条第二款", "申请书应当包括的内容"),
    "30": ("第三十条", "申请内容不明确的，告知补正；逾期不补正视为放弃申请"),
    "32": ("第三十二条", "征求第三方意见"),
    "35": ("第三十五条", "申请数量、频次明显超过合理范围"),
    "36.1": ("第三十六条第（一）项", "已经主动公开的，告知获取的方式和途径"),
    "36.2": ("第三十六条第（二）项", "予以公开的，提供该政府信息或者告知获取的方式、途径和时间"),
    "36.3": ("第三十六条第（三）项", "决定不予公开的，告知不予公开并说明理由"),
    "36.4": ("第三十六条第（四）项", "经检索没有所申请公开信息的，告知该政府信息不存在"),
    "36.5": (
        "第三十六条第（五）项",
        "不属于本机关负责公开的，告知并说明理由；能够确定负责机关的，告知其名称和联系方式",
    ),
    "36.6": ("第三十六条第（六）项", "已就申请作出答复、申请人重复申请相同政府信息的，告知不予重复处理"),
    "36.7": ("第三十六条第（七）项", "法律、行政法规对获取信息有特别规定的，告知按照有关规定办理"),
    "37": ("第三十七条", "能够作区分处理的，提供可以公开的内容并说明理由"),
    "38": ("第三十八条", "需要对现有政府信息进行加工、分析的，可以不予提供"),
    "39.1": ("第三十九条第一款", "以申请形式进行信访、投诉、举报等活动的，告知通过相应渠道提出"),
    "39.2": ("第三十九条第二款", "要求提供政府公报、报刊、书籍等公开出版物的，告知获取的途径"),
}

_WITHHELD = ("14", "15", "16.1", "16.2", "36.3")

# outcome -> (the articles chosen by default, every article the form offers for it)
OUTCOME_ARTICLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "granted": (("36.2",), ("36.1", "36.2")),
    "partial": (("37",), ("37", *_WITHHELD)),
    "withheld_secret": (("14", "36.3"), ("14", "36.3")),
    "withheld_law": (("14", "36.3"), ("14", "36.3")),
    "withheld_security": (("14", "36.3"), ("14", "36.3")),
    "withheld_third_party": (("15", "32", "36.3"), ("15", "32", "36.3")),
    "withheld_internal": (("16.1", "36.3"), ("16.1", "36.3")),
    "withheld_process": (("16.2", "36.3"), ("16.2", "36.3")),
    "withheld_enforcement": (("16.2", "36.3"), ("16.2", "36.3")),
    "withheld_query": (("36.7",), ("36.7",)),
    "unavailable_not_held": (("36.4",), ("36.4", "36.5")),
    "unavailable_needs_creation": (("38",), ("38",)),
    "unavailable_unclear": (("29.2", "30"), ("29.2", "30")),
    "rejected_petition": (("39.1",), ("39.1",)),
    "rejected_repeat": (("36.6",), ("36.6",)),
    "rejected_publication": (("39.2",), ("39.2",)),
    "rejected_vexatious": (("35",), ("35",)),
    # No article names this ground; a confirmation or re-issue is not 获取政府信息 (Art. 2, 27).
    "rejected_confirmation": (("2", "27"), ("2", "27")),
    "other_no_correction": (("30",), ("30",)),
}


def article_order(code: str) -> tuple[int, int]:
    article, _, part = code.partition(".")
    return int(article), int(part or 0)


def articles_for(outcome: str) -> tuple[str, ...]:
    """The articles the form offers for an outcome, in the order of the Regulations."""
    return tuple(sorted(OUTCOME_ARTICLES.get(outcome, ((), ()))[1], key=article_order))


def default_articles(outcome: str) -> tuple[str, ...]:
    return OUTCOME_ARTICLES.get(outcome, ((), ()))[0]


def unfit_articles(outcome: str, codes: list[str]) -> list[str]:
    """The chosen codes that do not fit the outcome (or are not articles at all)."""
    offered = set(articles_for(outcome))
    return [code for code in codes if code not in offered]


def cite(codes: list[str] | tuple[str, ...]) -> str:
    """《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项 — in the Regulations' order."""
    known = sorted({code for code in codes if code in ARTICLES}, key=article_order)
    if not known:
        return ""
    return REGULATIONS + "、".join(ARTICLES[code][0] for code in known)


def article_label(code: str) -> str:
    citation, meaning = ARTICLES[code]
    return f"{citation}：{meaning}"
