"""Every sentence the assistant says in its own voice, in Simplified Chinese (and one in English, for
questions asked in English).

Callers convert to Traditional with :func:`assistant.text.to_traditional` when the
question was asked in Traditional script.
"""

from __future__ import annotations

EMPTY_QUESTION = "请输入一个问题，例如：“菏泽在全国建立了多少个返乡创业服务站？”"
NOT_CHINESE = (
    "目前只能回答中文问题。请用中文（简体或繁体）提问，例如：“乐山打造的返乡创业品牌叫什么？”"
)
NOT_CHINESE_ENGLISH = (
    "I answer questions in Chinese (Simplified or Traditional) about returnee entrepreneurship, from the "
    "articles I hold — for example “乐山打造的返乡创业品牌叫什么？”."
)
BAD_DATE = "日期请写成 2023、2023-06 或 2023-06-30 这样的形式。"
SCOPE_EMPTY = "所选的地区或时间范围内没有文章；请放宽范围（没有日期的文章不在任何时间范围内）。"
TRUNCATED = "（问题过长，只使用了前 {limit} 个字。）"
NOT_FOUND = "现有文章中没有找到能回答这个问题的内容。"
CLOSEST = "最接近的段落（没有回答这个问题）："
BAD_QUESTION_TYPE = "问题应当是一段文字。"
BAD_HISTORY = "对话历史应当是此前问题的列表（每项一段文字）。"
INTERNAL_ERROR = "抱歉，处理这个问题时出错了，请换个说法再试一次。"
PER_ARTICLE_INTRO = "各篇文章中的相关内容："
SOURCES = "来源"
ANSWER_REFUSED = "未找到答案"
PER_PLACE_INTRO = "各地文章中的相关数字："
COMPARE_RESULT = "按引用的数字比较，{place}最多（{value}）。"
COMPARE_RESULT_MIN = "按引用的数字比较，{place}最少（{value}）。"
TOTAL_RESULT = "按引用的数字相加，合计{value}。"
NO_COMMON_UNIT = "（这些数字的单位不同，不能直接比较或相加。）"
YES = "是。"
HAS = "有。"
CAN = "能。"
WILL = "会。"
MISSING_PLACES = "（文章中没有找到{places}的相应数字，不能比较或相加。）"
MISSING_PLACE = "（文章中没有找到{places}的相应内容。）"
