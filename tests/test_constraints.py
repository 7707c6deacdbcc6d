"""What an answer must be for the form of its question: the kind of quantity, the things counted, a
limit, a finished event. Pure functions over sentences, then end to end with the FakeReader."""

from __future__ import annotations

import pytest

from assistant.answer.calibrate import Calibration
from assistant.answer.constraints import (
    another_thing,
    asked_unit,
    counted,
    fits_question,
    in_passage_words,
    names_no_kind,
    other_year,
    tells_what_happened,
)
from assistant.answer.constraints import (
    tested_year as year_tested,
)
from assistant.answer.question import analyse
from assistant.answer.reader import FakeReader


def fits(question: str, sentence: str, span: str) -> bool:
    start = sentence.index(span)
    return fits_question(analyse(question, question), sentence, start, start + len(span))


@pytest.mark.parametrize("question, expected", [
    ("昭通的返乡创业园一共入驻了多少家企业？", ("家", "企业")),
    ("乐山市本级举办了几期巡诊活动？", ("期", "巡诊活动")),
    ("赵少青的传媒公司有多少员工？", ("", "员工")),
    ("菏泽的县级服务站有几家？", ("家", "")),
    ("昭通返乡创业模式包括哪几个方面？", ("", "")),  # 哪几个 asks for a list, not a count
    ("镇雄县那几个平台帮多少人在家门口就业？", ("人", "")),  # 那几个 points, 多少人 asks
    ("昭通那边这几年招回来多少人回乡创业？", ("人", "返乡创业")),  # 这几年 is a time frame; 回乡 read as 返乡
])
def test_what_a_question_counts(question, expected):
    assert counted(analyse(question, question)) == expected


@pytest.mark.parametrize("question, unit", [
    ("集宁国际皮革城的商铺租金是多少？", "money"),
    ("赵少青的传媒公司有多少员工？", "people?"),
    ("乐山返乡创业中第三产业占比多少？", "percent"),
    ("菏泽建了多少个服务站？", "count"),
    ("昭通回引了多少人返乡创业？", "people"),
    ("乐山打造的返乡创业品牌叫什么？", ""),
    # what follows 多少 is counted, whatever money the rest of the question names
    ("乐山有多少返乡创业者获得了创业担保贷款？", "people?"),
    ("有多少企业获得了贷款？", "things?"),
    ("赵少青的公司去年赚了多少钱？", "money"),
    ("乐山回乡创业的人开了多少家企业？", "count"),  # the people are who opened them; 企业 are counted
    ("返乡创业的人有多少？", "people"),
    ("乐山和菏泽各有多少返乡创业的人？", "people"),  # 多少 … 的人: a head count
    ("菏泽落地的过亿元项目中有多少是服务站推荐引进的？", "quantity"),  # a share, not a count of 服务站
])
def test_the_kind_of_quantity_asked(question, unit):
    assert asked_unit(analyse(question, question)) == unit


def test_a_count_must_be_of_the_things_asked_about():
    sentence = "目前,昭通建成省级创业孵化示范基地4个;在乡村打造返乡创业园9个,入园企业实现营收1.6亿元。"
    assert fits("昭通在乡村打造了多少个返乡创业园？", sentence, "9个")
    assert not fits("昭通的返乡创业园一共入驻了多少家企业？", sentence, "9个")  # parks, not companies
    assert not fits("昭通的返乡创业园一共入驻了多少家企业？", sentence, "1.6亿元")  # money, not a count
    assert fits("乐山农民工回乡开了多少家企业？", "创办企业2460个,同比增加551个", "2460个")
    assert fits("乐山农民工回乡开了多少家公司？", "创办企业2460个,同比增加551个", "2460个")  # same kind of thing
    assert fits("菏泽有多少个市级服务站？", "其中市级站37家、县级站209家", "37家")
    assert fits("一共有多少个国家参赛？", "共有45国参赛", "45国")  # the noun's head right after the figure


def test_people_and_money_are_not_confused():
    sentence = "去年赵少青的“小树传媒”年利润超过100万元。"
    assert not fits("赵少青的传媒公司有多少员工？", sentence, "100万元")
    assert fits("赵少青的传媒公司一年能赚多少钱？", sentence, "100万元")  # 多少钱 counts no thing
    assert fits("吴长春的公司有多少员工？", "员工也增加到40余人。", "40余人")
    assert fits("这所学校有多少学生？", "学生约3万", "3万")  # a bare figure may count people
    assert not fits("集宁国际皮革城的商铺租金是多少？", "建筑面积25万平方米,建设有2000个标准商铺。", "25万平方米")
    assert not fits("集宁国际皮革城的商铺租金是多少？", "建筑面积25万平方米,建设有2000个标准商铺。", "2000个")
    # 名 of 名录 (a list) or 名单 counts no one
    listed = "策划组织26项创业活动,编制发布创业资源“四清单两名录”。"
    assert not fits("张掖的创业活动有多少人参加？", listed, "两名录")
    assert fits("张掖的创业活动有多少人参加？", "共有两名创业者参加创业活动。", "两名")


def test_a_count_of_people_or_things_is_never_a_sum_of_money():
    loans = "2017年发放460万元返乡创业担保贷款。"
    assert not fits("乐山有多少返乡创业者获得了创业担保贷款？", loans, "460万元")
    assert not fits("有多少企业获得了贷款？", loans, "460万元")
    assert fits("有多少企业获得了贷款？", "共有93户企业获得了贷款。", "93户")


def test_an_amount_of_a_thing_that_is_no_money_is_not_a_sum():
    """多少口罩 counts a thing with no measure word asked: any figure of it answers, never a sum of money
    (a sum of donations and goods does not tell how many masks); nouns of sums and 钱 asked stay money."""
    donated = "疫情期间,各服务站及各返乡创业企业踊跃支持家乡抗击疫情,捐款捐物总计约630万元。"
    masks = "菏泽的服务站给家乡捐了多少口罩？"
    assert asked_unit(analyse(masks, masks)) == "unpriced"
    assert not fits(masks, donated, "约630万元")
    assert fits(masks, "各服务站为家乡捐赠口罩5万只。", "5万只")
    for question in ("张掖争取到了多少财政的钱？", "集宁皮革城去年有多少成交额？", "乐山的园区有多少产值？"):
        assert asked_unit(analyse(question, question)) != "unpriced", question
    assert fits("张掖争取到了多少财政的钱？", "争取100万元财政专项资金", "100万元")


def test_a_head_count_is_of_the_people_asked_about():
    meeting = "各会场共计参会菏泽企业家、高端人才等4000余人,辐射影响万余人。"
    assert not fits("菏泽返乡创业的有多少人？", meeting, "4000余人")  # attendees, not returnees
    assert fits("菏泽年初走访动员辐射影响了多少人？", meeting, "万余人")  # 万余人 is a figure too
    assert fits("菏泽累计返乡创业就业多少人？", "2015年以来,全市累计返乡创业就业27.6万人。", "27.6万人")


def test_a_figure_sizing_a_body_answers_only_for_that_body():
    waited = "拉萨站从动议到揭牌,期间历经了一年多的时间。"
    assert not fits("拉萨站揭牌那天是几号？", waited, "一年多的时间")  # how long, not when
    opened = "5月,我市启用建筑面积近1万平方米的“菏泽市返乡创业孵化基地”。"
    assert fits("菏泽返乡创业孵化基地是几月启用的？", opened, "5月")  # a month, no length of time
    mentors = "近年来,昭通组建了48人的创业导师工作室,精准提供返乡创业服务。"
    assert not fits("昭通返乡创业的一共多少人？", mentors, "48人的")  # the 工作室's size, not returnees
    assert fits("昭通组建的创业导师工作室有多少人？", mentors, "48人的")
    assert fits("昭通的导师工作室有几个人？", mentors, "48人")
    assert fits("昭通有多少创业导师？", mentors, "48人")  # its members, named
    assert fits("昭通给创业者配的导师团队有多大规模？", mentors, "48人")  # its members, by their last word
    assert not fits("昭通给创业者配的团队有多大规模？", mentors, "48人")  # neither the body nor its members
    # the women (or men) among them are not counted by a count of all
    assert not fits("昭通的创业导师工作室有几名女导师？", mentors, "48人")
    assert not fits("昭通的创业导师里有多少是男性？", mentors, "48人")
    assert fits("有多少女性参加创业培训？", "共有35名女性参加创业培训。", "35名")
    assert fits("张智杰带着女儿的妻子走后，他雇了多少人？", "他雇佣的20余名职员都是残疾人。", "20余名")  # a daughter


def test_an_amount_of_one_kind_of_money_comes_from_a_sentence_naming_it():
    sales = "据集宁国际皮革城工作人员介绍,去年线上销售超过500万,有近40家商铺增加了店铺直播。"
    assert not fits("集宁国际皮革城一个商铺一年租金多少钱？", sales, "500万")  # sales, not a rent
    assert fits("集宁国际皮革城去年线上销售额是多少？", sales, "500万")  # 销售额 and 销售 are one kind
    grown = "2020年公司实现销售额50余万元,今年1至8月已增长至900万元。"
    assert fits("汪天勇的公司今年前8个月销售额涨到了多少？", grown, "900万元")  # the kind named in the sentence
    assert fits("沐川获批了多少资金？", "市商务局指导沐川申报电商项目,获批资金600万元。", "600万元")
    assert fits("科技局给了沐川多少钱？", "市科技局对沐川26个科技项目扶持600万元。", "600万元")  # no kind named


def test_a_count_at_one_level_of_government_is_not_answered_by_another_levels():
    bases = "目前,昭通建成省级创业孵化示范基地4个、市级创业孵化基地2个。"
    assert not fits("昭通有多少个国家级创业孵化示范基地？", bases, "4个")  # 省级, not 国家级
    assert not fits("昭通有几个市级创业孵化基地？", bases, "4个")  # the 4个 clause is 省级's
    assert fits("昭通有几个市级创业孵化基地？", bases, "2个")
    assert fits("昭通有几个创业孵化基地？", bases, "4个")  # no level asked
    assert fits("有几个省级创业孵化基地？", "建成省级、市级创业孵化基地6个。", "6个")  # levels listed together


def test_people_counted_as_taking_part_answer_only_a_question_about_taking_part():
    training = "来自种养殖、加工等行业的64名返乡创业人员参加提升培训,展示创业成果。"
    assert not fits("沐川县返乡创业的一共有多少人？", training, "64名")  # a head count of trainees
    assert fits("沐川的提升培训有多少返乡创业人员参加？", training, "64名")
    camp = "组织全市80余名乡村创业者、示范工厂负责人参与。"
    assert not fits("张掖返乡创业的人一共有多少？", camp, "80余名")
    assert fits("张掖的训练营组织了多少乡村创业者？", camp, "80余名")
    assert fits("昭通回引了多少人返乡创业？", "昭通回引6.59万人返乡创业,带动18.64万人参加就业。", "6.59万人")


def test_a_sentence_about_the_other_side_of_a_pair_does_not_answer():
    sales = "据集宁国际皮革城工作人员介绍,去年线上销售超过500万,有近40家商铺增加了线上营销渠道。"
    assert not fits("集宁国际皮革城去年线下销售额是多少？", sales, "500万")
    assert fits("集宁国际皮革城去年线上卖了多少？", sales, "500万")
    stations = "目前,人社部门已在全国各地建立了246个返乡创业服务站。"
    assert not fits("菏泽的返乡创业服务站有多少个设在国外？", stations, "246个")  # 全国 is at home
    assert fits("菏泽在全国建了多少个返乡创业服务站？", stations, "246个")
    jobs = "集宁国际皮革城直接安排就业5000余人,带动上下游就业10,000余人。"
    assert fits("皮革城直接安排了多少人就业？", jobs, "5000余人")
    assert not fits("皮革城间接带动了多少人就业？", "皮革城直接安排就业5000余人。", "5000余人")


def test_a_figure_for_one_channel_does_not_answer_a_question_about_the_whole():
    sales = "据集宁国际皮革城工作人员介绍,去年线上销售超过500万,有近40家商铺增加了线上营销渠道。"
    assert not fits("集宁国际皮革城一年的营业额是多少？", sales, "500万")  # 线上 is part of the whole
    assert not fits("集宁国际皮革城去年卖了多少？", sales, "500万")
    assert fits("集宁国际皮革城去年网上卖了多少？", sales, "500万")
    assert fits("皮革城的电商销售额有多少？", sales, "500万")  # 电商 names the channel


def test_a_change_counts_what_the_clause_before_it_names():
    firms = "创办企业2460个,同比增加551个(投资规模50万元以下占绝大部分)。"
    assert fits("乐山返乡创业同比多创办了多少个企业？", firms, "551个")
    assert not fits("乐山返乡创业园区同比多了多少个？", firms, "551个")  # 园区 are named nowhere near


def test_a_list_is_not_answered_by_what_the_thing_asked_about_does():
    told = "五库一系统,沟通著全国各地的246个服务站,为当地菏泽老乡提供回家创业的机会。"
    listed = "服务中心建立了在外人员信息库、返乡创业人员信息库、项目信息库以及全市返乡创业信息系统。"
    question = "菏泽服务中心的五库一系统都有哪几个库？"
    assert not fits(question, told, "五库一系统,沟通著全国各地的246个服务站")  # opens with the question's words
    assert fits(question, listed, "在外人员信息库、返乡创业人员信息库、项目信息库")
    assert fits("五库一系统有什么作用？", told, "五库一系统,沟通著全国各地的246个服务站")  # no list asked


def test_a_question_of_when_is_answered_by_a_time():
    founded = "2017年,菏泽成立了返乡创业服务中心,内设综合科、服务站建设科。"
    assert fits("菏泽返乡创业服务中心是哪一年成立的？", founded, "2017年")
    assert not fits("菏泽返乡创业服务中心是哪一年成立的？", founded, "菏泽")  # what was founded, not when
    assert fits("赵与莒在什么时候被选入宫内?", "故于嘉定十四年将赵与莒选入宫内。", "嘉定十四年")  # a reign year
    assert fits("道路什么时候会设交通管制？", "在清明节及重阳节当日,道路设有交通管制。", "清明节及重阳节当日")
    assert fits("拉萨服务站什么时候揭牌的？", "8月14日,菏泽市返乡创业(拉萨)服务站揭牌成立。", "8月14日")
    assert fits("菏泽返乡创业服务中心内设哪些科室？", founded, "综合科、服务站建设科")  # no time asked
    waited = "拉萨站从动议到揭牌,期间历经了一年多的时间。"
    assert not fits("拉萨站揭牌那天是几号？", waited, "一年多的时间")  # how long, not when
    opened = "5月,我市启用建筑面积近1万平方米的“菏泽市返乡创业孵化基地”。"
    assert fits("菏泽返乡创业孵化基地是几月启用的？", opened, "5月")  # a month, no length of time
    mentors = "近年来,昭通组建了48人的创业导师工作室,精准提供返乡创业服务。"
    assert not fits("昭通的创业导师工作室是哪年组建的？", mentors, "48人")  # a figure, but no time
    assert fits("张智杰什么时候出的车祸？", "2008张智杰回家探亲,不幸发生车祸。", "2008")  # a year without 年
    assert fits("拉萨站是什么时候开始筹建的？", "从动议到揭牌,历经了一年多的时间,三个月前开始筹建。", "三个月前")


def test_a_date_comes_with_what_happened_then():
    def told(question: str, text: str) -> bool:
        return tells_what_happened(analyse(question, question), text)

    # the date's sentence (or the next) tells what happened, in its words or in words of one meaning
    brand = "2016年以来,乐山市著力打造“归雁兴嘉”创业品牌。"
    assert not told("乐山的归雁兴嘉品牌是哪一年注册的？", brand)  # built up since, never registered
    assert told("乐山是从哪年开始打造归雁兴嘉品牌的？", brand)
    assert told("张智杰是哪一年出车祸的？", "2008年,张智杰回家探亲,不幸发生车祸。")
    assert told("赵少青是哪一年回来的？", "2017年他回到家乡集宁区创办了传媒公司。")  # 回来 told as 回到
    assert told("乐山的归雁兴嘉品牌叫什么？", brand)  # no date asked
    heritage = "1998年，「北京皇家祭坛—天坛」被列为世界文化遗产。"
    assert told("「北京皇家祭坛—天坛」在哪一年的时候，正式被列为世界文化遗产?", heritage)  # past the comma
    assert told("气体离心法在哪一年获得了首次成功？", "最初在1919年被提出，首次成功于1934年。")
    # told in other words sharing half the characters of four or more
    assert told("沐川哪一年摘下贫困帽子的？", "2017年沐川脱贫摘帽,市人社局著力开展示范县创建工作。")
    # …and with the thing it happened to named before the question word (贫困帽子是哪年摘掉的)
    assert told("沐川县的贫困帽子是哪年摘掉的？", "2017年沐川脱贫摘帽,市人社局著力开展示范县创建工作。")
    assert not told("张智杰的公司是哪一年注册的？", "2016年,张智杰的公司投入市场。")  # 公司 alone tells no 注册
    assert not told("乐山的归雁兴嘉品牌是哪一年注册的？", "2016年以来,乐山市把创新创业工作与脱贫攻坚紧密结合。")


def test_a_question_of_what_kind_of_people_is_answered_by_people():
    camp = "策划开展“筑梦桑梓·创响张掖”返乡创业带头人能力提升训练营,邀请国内资深创业专家、行业领军人才进行授课"
    asked = "张掖的返乡创业训练营请了什么人来讲课？"
    assert not fits(asked, camp, "筑梦桑梓·创响张掖”返乡创业带头人能力")
    assert fits(asked, camp, "国内资深创业专家、行业领军人才")
    staff = "在张智杰的厂房车间,记者看到他雇佣的20余名职员都是残疾人。"
    assert fits("张智杰的员工都是什么人？", staff, "残疾人") and not fits("张智杰的员工都是什么人？", staff, "厂房车间")
    head = "2019年,菏泽市返乡创业(杭州)服务站站长赵思琪回到家乡单县,投资11亿元"
    assert fits("杭州服务站站长是什么人？", head, "赵思琪")  # a person's name
    assert fits("菏泽什么人投资了11亿元？", head, "赵思琪") and fits("站长投资了多少？", head, "11亿元")


def test_the_name_of_a_posts_holder_is_answered_by_a_person_holding_it():
    part = "赵少青的“小树传媒”是集宁区众创大厦爱创空间平台的一部分。"
    asked = "集宁区爱创空间的负责人叫什么？"
    assert not fits(asked, part, "集宁区众创大厦爱创空间平台的一部分")  # no person
    assert not fits(asked, part, "赵少青")  # a person, but the sentence names no 负责人
    head = "2019年,菏泽市返乡创业(杭州)服务站站长赵思琪回到家乡单县,投资11亿元"
    assert fits("杭州服务站的站长是谁？", head, "赵思琪") and not fits("杭州服务站的站长是谁？", head, "单县")
    chairman = "“入驻镇雄县省级创业孵化示范园以来,公司驶展‘快车道’。雄乌蒙印象生物科技有限公司董事长汪天勇说。"
    assert fits("那家生物科技公司的老板叫什么？", chairman, "汪天勇")  # 老板: whatever post the boss holds
    trader = "李汇洲是乌兰察布市察右中旗人,2015年他返回乌兰察布市落户在集宁国际皮革城。"
    assert not fits("集宁国际皮革城的老板是谁？", trader, "李汇洲")  # but one the sentence names
    # 吴 + 长春: a surname jieba splits from a given name it takes for a place is a person too
    assert fits("那个做门窗的老板叫什么？", "2021年,创始人吴长春带著资金回到老家镇雄创业。", "吴长春")


def test_a_level_asked_is_answered_by_a_level():
    park = "“入驻镇雄县省级创业孵化示范园以来,公司驶展‘快车道’。雄乌蒙印象生物科技有限公司董事长汪天勇说。"
    assert not fits("汪天勇的公司入驻的是什么级别的孵化园？", park, "雄乌蒙印象生物科技有限公司")
    assert fits("汪天勇的公司入驻的是什么级别的孵化园？", park, "省级创业孵化示范园")


def test_a_share_in_tenths_is_a_share():
    assert asked_unit(analyse("集宁有几成的返乡人员在集宁区落脚？", "集宁有几成的返乡人员在集宁区落脚？")) == "percent"
    settled = "很大一部分返乡人员选择在乌兰察布市集宁区落脚。"
    assert not fits("集宁有几成的返乡人员在集宁区落脚？", settled, "很大一部分返乡人员")  # no share stated


def test_an_ordinal_asked_is_answered_by_an_ordinal():
    stations = "这是菏泽人社部门建立的第37个市级返乡创业服务站。其中市级站37家、县级站209家。"
    assert fits("菏泽的拉萨服务站是第几个市级站？", stations, "第37个")
    assert not fits("菏泽的拉萨服务站是第几个市级站？", stations, "37家")
    contest = "组织开展甘肃省首届农民工返乡创业大赛市级遴选活动。"
    assert fits("张掖组织的农民工返乡创业大赛是第几届？", contest, "首届")  # 首 is an ordinal too
    # the first or last place in a series is told by a word too, not by the series' length
    plan = "今年是我市返乡创业“三年行动计划”收官之年。"
    assert fits("菏泽返乡创业三年行动计划今年是第几年？", plan, "收官之年")
    assert fits("菏泽今年是返乡创业三年行动计划的第几年？", plan, "收官")
    assert not fits("菏泽返乡创业三年行动计划今年是第几年？", plan, "三年行动计划")


def test_where_someone_is_from_is_said_of_that_person():
    assert fits("李汇洲是哪里人？", "李汇洲是乌兰察布市察右中旗人,此前一直在北京做皮革生意。", "乌兰察布市察右中旗")
    staff = "从在藏菏泽籍人员信息的统计、到站长等人选的评选与聘任,背后是无数通电话。"
    assert not fits("菏泽拉萨服务站的站长是哪里人？", staff, "藏菏泽")  # the origin of others, not the head's
    assert fits("袁彭年是哪里人？", "袁彭年，字介眉，别号特邱，湖广公安人。", "湖广公安人")  # named clauses before
    said = "李汇洲是乌兰察布市察右中旗人,此前一直在北京做皮革生意。"
    assert fits("李汇洲他是哪里人？", said, "乌兰察布市察右中旗")  # a follow-up's 他 kept after the name


def test_a_question_asking_which_one_of_a_kind_is_answered_by_one_of_that_kind():
    park = "“入驻镇雄县省级创业孵化示范园以来,公司驶展‘快车道’。"
    assert fits("汪天勇的公司入驻的是哪个园区？", park, "省级创业孵化示范园")  # 示范园 is a kind of 园区
    company = "今年1至8月已增长至900万元雄乌蒙印象生物科技有限公司董事长汪天勇说。"
    assert not fits("汪天勇的公司入驻的是哪个园区？", company, "雄乌蒙印象生物科技有限公司")
    coop = "昭阳区和光种植专业合作社理事长吴广翠参加了大赛。"
    assert fits("吴广翠是哪个合作社的？", coop, "和光种植专业合作社")
    assert fits("吴广翠在什么企业？", coop, "和光种植专业合作社")  # a 合作社 is a kind of enterprise


def test_a_thing_named_with_words_of_its_own_is_not_answered_by_another_of_its_kind():
    def other(question: str, sentence: str) -> bool:
        return another_thing(analyse(question, question, known_places=["镇雄县", "镇雄", "菏泽"]), sentence)

    park = "走进镇雄县以勒五金高新产业园,一栋栋标准化厂房拔地而起,入驻的12家企业中,有6家企业负责人为返乡青年。"
    assert other("镇雄县服装纺织产业园入驻了多少家企业？", park)
    assert not other("以勒五金产业园入驻了多少家企业？", park)  # the same park, its name shortened
    assert not other("镇雄县的产业园入驻了多少家企业？", park)  # no name of its own
    assert not other("那个产业园入驻了多少家企业？", park)
    team = "目前,该服务团已累计为11家参赛参评企业提供专项指导服务。"
    assert not other("张掖的领航导师服务团帮了几家企业？", team)  # 该服务团 points back at it
    stations = "目前,人社部门已建立了246个返乡创业服务站,其中市级站37家、县级站209家。"
    assert not other("菏泽的县级服务站有几家？", stations)
    assert not other("菏泽疫情那会儿服务站一共捐了多少？", "疫情期间,各服务站捐款捐物总计约630万元。")
    # the kind written bare where a clause begins is the one just named, not another
    camp = "训练营创新采用“案例教学+模拟路演+研讨交流+实地观摩”的融合模式,邀请专家进行授课。"
    assert not other("张掖的带头人训练营是怎么上课的？", camp)
    assert not other("张掖的带头人训练营是怎么上课的？", "此外,训练营邀请专家进行授课。")
    assert other("张掖的带头人训练营是怎么上课的？", "创业骨干训练营邀请专家进行授课。")


def test_a_thing_is_not_answered_by_another_of_a_kind_with_the_same_head():
    """返乡创业园 is one word to the tagger: its start names it, and a park of another kind (孵化园) with
    words of its own is another park; a bare 园区 pointing back, or the asked name standing, is not."""
    def other(question: str, sentence: str) -> bool:
        return another_thing(analyse(question, question, known_places=["昭通", "乐山"]), sentence)

    incubator = ("在彝良县小草坝镇宝藏村乡村振兴创业孵化园,园区帮助有需求的企业建立专家工作站,"
                 "给予31家入园企业用工对接、资金奖补等扶持。")
    assert other("昭通的返乡创业园入园企业有多少家？", incubator)
    assert not other("宝藏村的孵化园扶持了多少家入园企业？", incubator)  # the very park
    assert not other("昭通的返乡创业园入园企业有多少家？", "在乡村打造返乡创业园9个,入园企业实现营收1.6亿元。")
    assert not other("乐山返乡创业园区入驻了多少户企业？", "全市打造返乡创业园区11个,园区入驻企业93户。")
    assert not other("昭通的返乡创业园入园企业有多少家？", "园区帮助有需求的企业建立专家工作站。")


def test_a_name_or_a_place_is_not_answered_by_a_count():
    mentors = "近年来,昭通举办“赢在昭通”创新创业大赛,组建了48人的创业导师工作室,精准提供返乡创业服务。"
    for question in ("昭通的创业导师工作室叫什么名字？", "昭通的创业导师工作室设在哪里？", "昭通的创业导师都来自哪儿？"):
        assert not fits(question, mentors, "48人的"), question  # a count, with the 的 the reader may take along
    assert fits("昭通的创业导师工作室有多少人？", mentors, "48人")
    # which district, county or town asks a place as well (设在哪个区), unless a count is asked too
    for question in ("昭通的创业导师工作室设在哪个区？", "昭通的创业导师工作室在哪个县？", "那个工作室在哪座城市？"):
        assert not fits(question, mentors, "48人的"), question
    assert fits("哪个区的创业导师工作室有多少人？", mentors, "48人")
    lhasa = "8月14日,菏泽市返乡创业(拉萨)服务站在西藏自治区拉萨市揭牌成立。"
    assert fits("菏泽的拉萨服务站设在哪里？", lhasa, "西藏自治区拉萨市")


def test_a_magnitude_in_a_set_phrase_is_no_figure():
    from assistant.answer.constraints.quantity import fits_unit

    many = "内蒙古乌兰察布市有8个深度贫困县,有数以百万计的外出务工庞大群体。"
    assert not fits("乌兰察布有多少外出务工人员已经返乡？", many, "百万计的外出务工庞大群体")
    assert not fits_unit("people", "数以万计的人") and not fits_unit("quantity", "以千计")
    assert fits_unit("people?", "20余名") and fits_unit("count", "8个") and fits_unit("money", "1651万元")


def test_an_investment_is_not_answered_by_another_sum():
    parks = "全市打造返乡创业园区11个,园区入驻企业93户,吸纳就业2700多人,园区产值1.29亿元。"
    assert not fits("乐山的返乡创业园区一共投资了多少钱？", parks, "1.29亿元")  # output, not what was invested
    assert fits("乐山的返乡创业园区产值是多少？", parks, "1.29亿元")
    invested = "2019年,菏泽市返乡创业(杭州)服务站站长赵思琪回到家乡单县,投资11亿元,建设田园综合体项目。"
    assert fits("赵思琪回单县投资了多少钱？", invested, "11亿元")


def test_a_follow_up_read_with_the_last_question_asks_what_its_own_clause_asks():
    from assistant.answer.constraints.words import asked_part

    # 占地多大 asks, though no 多少 or 什么 is in it: an area, not the people the last question counted
    assert asked_part("镇雄这几个平台一共帮了多少人,五金产业园占地多大?") == "五金产业园占地多大?"
    assert asked_part("菏泽返乡创业服务中心是哪年成立的,为何要成立?") == "为何要成立?"
    platforms = ("据了解,镇雄县立足人力资源优势,因地制宜规划建设了五金高新产业园、亿联国际商贸城、服装纺织产业园3个"
                 "返乡创业就业平台,帮助3.53万人在家门口就业创业。")
    assert not fits("镇雄这几个平台一共帮了多少人,五金产业园占地多大?", platforms, "3.53万人")
    assert fits("镇雄这几个平台一共帮了多少人?", platforms, "3.53万人")


def test_a_count_of_people_singled_out_answers_only_a_question_naming_them():
    stars = "全市先后培养了1000 余名创业典型,2016年表扬返乡创业明星10人、返乡创业示范企业10户;"
    assert not fits("乐山2016年返乡创业的有多少人？", stars, "10人")  # the stars commended, not the returnees
    assert fits("乐山2016年表扬了多少名返乡创业明星？", stars, "10人")
    assert not fits("乐山表扬的那些返乡创业明星都叫什么？", stars, "10人")  # a name asked: no count answers
    assert not fits("乐山返乡创业的有多少人？", stars, "1000 余名")
    assert fits("乐山培养了多少创业典型？", stars, "1000 余名")
    led = "张掖市通过省市级返乡创业平台及乡村创业领头雁带动就业4000余人。"
    assert fits("张掖带动就业多少人？", led, "4000余人")  # those who led are not what is counted


def test_an_award_is_an_amount_of_its_own_kind():
    funds = "市商务局指导沐川申报电商项目,获批资金600万元,争取市级电商资金30万元;"
    assert not fits("沐川创建返乡创业示范县拿到了多少奖励资金？", funds, "600万元")
    assert fits("沐川的电商项目获批了多少资金？", funds, "600万元")
    loans = "2017年发放460万元返乡创业担保贷款。"
    assert not fits("乐山2017年的返乡创业担保贷款贴息多少？", loans, "460万元")  # interest is no loan
    assert fits("乐山2017年发放了多少返乡创业担保贷款？", loans, "460万元")


def test_times_served_answer_only_a_question_about_that_service():
    served = "内蒙古乌兰察布市集宁区帮助辅导创业人员6267人次,孵化创业项目152个。"
    assert not fits("乌兰察布市有多少返乡创业人员？", served, "6267人次")  # a head count is not times served
    assert fits("集宁区帮助辅导了多少创业人员？", served, "6267人次")  # the service asked about
    assert fits("集宁区辅导创业人员多少人次？", served, "6267人次")
    watched = "近600名创业者参与现场培训,直播课件观看点击量超过3万人次,活动开展以来受到青睐。"
    assert fits("大讲堂的直播有多少人看？", watched, "3万人次")  # 看 asks of 观看: those who watched
    assert not fits("大讲堂一共有多少创业者？", watched, "3万人次")  # no watching asked


def test_a_figure_of_a_sort_told_apart_by_an_ordinal_comes_from_a_sentence_naming_it():
    output = "带动2.03万余名农村劳动力就地就近实现就业,实现产值6.05亿元,同比增加2.4亿元。"
    assert not fits("乐山返乡创业的第一产业产值是多少？", output, "6.05亿元")
    assert fits("乐山返乡创业的产值是多少？", output, "6.05亿元")
    shares = "从创业的产业分布看,第一产业占17%,第二产业占16.5%,第三产业占66.5%。"
    assert fits("乐山返乡创业中第一产业占比多少？", shares, "17%")


def test_a_head_count_may_be_asked_with_the_measure_word_of_things():
    drawn = "引导50多名具有实践经验的电商从业者返乡创业,鼓励电商职业经理人到农村发展。"
    assert asked_unit(analyse("集宁区引回来多少个电商从业者？", "集宁区引回来多少个电商从业者？")) == "people"
    assert fits("集宁区引回来多少个电商从业者？", drawn, "50多名")
    assert asked_unit(analyse("集宁区建了多少个孵化基地？", "集宁区建了多少个孵化基地？")) == "count"
    # what the people counted did (返乡创业, a noun to jieba) is no part of the noun counted
    drew = "集宁区引导了多少个电商从业者返乡创业？"
    assert asked_unit(analyse(drew, drew)) == "people"
    assert fits(drew, drawn, "50多名")
    # the people named before 有多少个 are counted as well (职员有多少个 is answered by 20余名)
    staff = "在张智杰的厂房车间,记者看到他雇佣的20余名职员都是残疾人。"
    assert asked_unit(analyse("张智杰公司里的职员有多少个？", "张智杰公司里的职员有多少个？")) == "people"
    assert fits("张智杰公司里的职员有多少个？", staff, "20余名")
    assert asked_unit(analyse("菏泽的服务站有多少个？", "菏泽的服务站有多少个？")) == "count"


def test_a_time_a_head_count_is_asked_of_is_no_people_counted():
    met = "各会场共计参会菏泽企业家、高端人才等4000余人,辐射影响万余人。"
    assert fits("菏泽走访的时候有多少人参会？", met, "4000余人")  # 的时候 names no people
    assert fits("菏泽走访期间有多少人参会？", met, "4000余人")
    assert not fits("菏泽走访的时候有多少残疾人参会？", met, "4000余人")  # people named, not in the sentence


def test_how_many_is_not_answered_by_an_ordinal():
    held = "吴广翠参加了第五届“赢在昭通”创新创业大赛。"
    assert not fits("昭通的创业大赛一共办了几届？", held, "第五届")  # one edition, not how many
    assert fits("吴广翠参加的是第几届创业大赛？", held, "第五届")
    assert fits("吴广翠参加的是第多少届创业大赛？", held, "第五届")  # 第多少 asks an ordinal too
    # 这是…建立的第37个: the 37th built tells how many stand so far
    assert fits("菏泽建了多少个市级站？", "这是菏泽在全国各地建立的第37个市级返乡创业服务站。", "第37个")


def test_a_list_naming_the_thing_asked_about_does_not_tell_what_it_does():
    set_up = "2017年,菏泽成立了返乡创业服务中心,内设综合科、服务站建设科、对外联络科、项目对接科及信息培训科。"
    listed = "综合科、服务站建设科、对外联络科、项目对接科及信息培训科"
    assert not fits("菏泽服务中心的对外联络科是干什么的？", set_up, listed)
    assert fits("菏泽返乡创业服务中心内设什么？", set_up, listed)  # the list asked for
    assert fits("菏泽返乡创业服务中心有哪些科室？", set_up, listed)
    # nor does another item of that list: 信息培训科 is a neighbour of 对外联络科, not what it does
    assert not fits("菏泽服务中心的对外联络科是干什么的？", set_up, "培训科")
    assert not fits("菏泽服务中心的对外联络科是干什么的？", set_up, "项目对接科")
    assert fits("菏泽返乡创业服务中心负责培训的是哪个科？", set_up, "信息培训科")  # no item of it asked about
    assert fits("菏泽返乡创业服务中心设了什么科室？", set_up, "综合科")
    # an item running on past the list is no sibling: what 送技术 is given with is stated after it
    care = "我们对伤残等特殊群体给予‘送岗位、送技术、送政策’的同时更注重人文关怀,并密切跟踪就业创业动态。"
    assert fits("集宁区帮伤残的人创业，除了送岗位送技术送政策还更注重什么？", care, "人文关怀")
    # an item opening a longer name the question holds may answer it (an abbreviation)
    named = "现代货箱码头有限公司简称现代货箱码头、现代货箱（英文缩写：MTL）,成立于1969年。"
    assert fits("现代货箱码头有限公司的简称是什么？", named, "现代货箱码头、现代货箱")


def test_a_place_or_person_the_question_names_is_no_answer_to_it():
    def fits_at(question: str, sentence: str, span: str) -> bool:
        start = sentence.index(span)
        return fits_question(analyse(question, question, known_places=["昭通"]), sentence, start, start + len(span))

    mentors = "近年来,昭通举办创新创业大赛,组建了48人的创业导师工作室。"
    assert not fits_at("昭通的创业导师工作室设在哪里？", mentors, "昭通")
    assert fits_at("昭通的创业导师工作室有多少人？", mentors, "48人")
    assert fits_at("昭通是不是组建了创业导师工作室？", mentors, "创业导师工作室")  # a yes/no answer may restate
    # a word of the question that is no place may answer it
    assert fits("资讯指影响系统的热力学状态事件，是在哪个学论之中?", "在热力学中，资讯是指任何事件。", "热力学")
    # nor is a figure the question states: the asker knows it already
    parks = "在乡村打造返乡创业园9个,入园企业实现营收1.6亿元。"
    assert not fits_at("昭通乡村那9个返乡创业园一共占了多少地？", parks, "9个")
    assert fits_at("昭通乡村那9个返乡创业园营收多少？", parks, "1.6亿元")
    assert fits_at("昭通乡村的返乡创业园有几个？", parks, "9个")
    assert fits_at("昭通乡村的返乡创业园是不是有9个？", parks, "9个")  # a yes/no answer may restate


def test_a_total_given_by_level_does_not_answer_for_one_level():
    stations = "目前,人社部门已在全国各地建立了246个返乡创业服务站,其中市级站37家、县级站209家。"
    assert not fits("菏泽建了多少个县级返乡创业服务站？", stations, "246个")
    assert fits("菏泽建了多少个县级返乡创业服务站？", stations, "209家")
    assert fits("菏泽一共建了多少个返乡创业服务站？", stations, "246个")  # no level asked
    bases = "目前,昭通建成省级创业孵化示范基地4个、市级创业孵化基地2个;"
    assert not fits("昭通有多少个市级返乡创业服务站？", bases, "2个")  # a base is no station


def test_a_figure_of_one_period_does_not_answer_for_another():
    monthly = "目前,公司已拥有4000多平方米的标准化厂房,每月销售额达200余万元,员工也增加到40余人。"
    assert not fits("吴长春的公司一年销售额是多少？", monthly, "200余万元")
    assert fits("吴长春的公司每个月销售额多少？", monthly, "200余万元")
    assert fits("吴长春的公司销售额是多少？", monthly, "200余万元")  # no period asked
    yearly = "去年赵少青的“小树传媒”年利润超过100万元。"
    assert not fits("小树传媒每个月利润多少？", yearly, "100万元")


def test_a_year_relative_to_now_is_not_answered_by_another():
    def other(question: str, sentence: str) -> bool:
        return other_year(analyse(question, question), sentence)

    profit = "去年赵少青的“小树传媒”年利润超过100万元。"
    assert other("赵少青的小树传媒前年利润是多少？", profit)
    assert not other("赵少青的小树传媒去年利润是多少？", profit)
    assert not other("赵少青的小树传媒利润是多少？", profit)
    assert other("爱创空间去年孵化了多少个创业项目？", "帮助辅导创业人员6267人次,孵化创业项目152个。")  # no year told
    # this year's own (年度) is what 今年 asks of; 去年 it is not
    fund = "市农业局已下达沐川年度新型职业农民培育资金75万元;"
    assert not other("沐川今年的新型职业农民培育资金有多少？", fund)
    assert other("沐川去年的新型职业农民培育资金有多少？", fund)
    # a year compared with is not the year asked of
    assert not other("乐山返乡创业的农民工跟去年同期比多了多少人？", "截至今年9月末,乐山市农民工返乡创业4706人,同比增加1144人。")


def test_a_figure_of_a_list_does_not_answer_for_one_of_its_items():
    platforms = "镇雄县规划建设了五金高新产业园、亿联国际商贸城、服装纺织产业园3个返乡创业就业平台,帮助3.53万人在家门口就业创业。"
    q = "镇雄县亿联国际商贸城带动了多少人就业？"
    start = platforms.index("3.53万人")
    assert not fits_question(analyse(q, q, known_places=["镇雄县", "镇雄"]), platforms, start, start + 6)
    three = "镇雄县规划建设了五金高新产业园、亿联国际商贸城、服装纺织产业园3个返乡创业就业平台"
    assert fits("镇雄县建了几个返乡创业就业平台？", three, "3个")  # no item asked of
    # the thing measured is one item of the list the figure sizes: 1600平方米 is all the rooms'
    rooms = "免费为返乡创业人员提供会议室、洽谈室、产品展示厅、摄影棚等创业功能场地1600平方米,并配备了办公设备。"
    assert not fits("爱创空间的会议室有多大？", rooms, "1600平方米")
    assert fits("爱创空间的创业功能场地有多大？", rooms, "1600平方米")
    # a word inside an item (、直播回放) is no item by itself
    watched = "举办以“现场互动、直播回放”为主要培训模式的大讲堂,直播课件观看点击量超过3万人次。"
    assert fits("大讲堂的直播有多少人看？", watched, "3万人次")


def test_a_qualified_head_count_needs_its_quality_stated():
    city = "乐山市农民工返乡创业4706人,带动2.03万余名农村劳动力就地就近实现就业(其中吸纳贫困劳动者就业1578余人)。"
    parks = "全市打造返乡创业园区11个,园区入驻企业93户,吸纳就业2700多人,园区产值1.29亿元。"
    assert asked_unit(analyse("园区吸纳了多少贫困劳动者？", "园区吸纳了多少贫困劳动者？")) == "people?"
    assert not fits("乐山的返乡创业园区吸纳了多少贫困劳动者？", parks, "2700多人")
    assert fits("乐山吸纳了多少贫困劳动者就业？", city, "1578余人")
    # the poor set apart by 其中 are no answer for all those given work, nor those who returned
    assert not fits("乐山返乡创业带动了多少人就业？", city, "1578余人")
    assert not fits("乐山返乡创业带动了多少人就业？", city, "4706人")
    assert fits("乐山返乡创业带动了多少人就业？", city, "2.03万余名")
    assert fits("乐山市农民工返乡创业有多少人？", city, "4706人")


def test_a_thing_asked_of_must_be_named_where_its_figure_is():
    def unnamed(question: str, text: str) -> bool:
        return names_no_kind(analyse(question, question), text)

    city = "乐山:著力打造“归雁兴嘉”返乡创业品牌 截至今年9月末,乐山市农民工返乡创业4706人,其中吸纳贫困劳动者就业1578余人。"
    assert unnamed("乐山的返乡创业园区吸纳了多少贫困劳动者？", city)
    assert not unnamed("宝藏村的孵化园扶持了多少家企业？", "给予31家入园企业用工对接、资金奖补等扶持。")  # 入园: short
    assert unnamed("沐川公共实训基地拿到了多少资金？", "市商务局指导沐川申报电商项目,获批资金600万元。")
    stations = "目前,人社部门已在全国各地建立了246个返乡创业服务站。"
    assert unnamed("全国有多少个返乡创业试点地区？", stations)  # stations are no pilot areas
    assert not unnamed("有多少个返乡创业试点地区？", "确定集宁区为返乡创业试点地区。")
    firm = "目前,公司已拥有4000多平方米的标准化厂房,每月销售额达200余万元。"
    assert not fits("镇雄县以勒五金高新产业园每个月销售额有多少？", firm, "200余万元")  # a firm's, not the park's
    assert fits("吴长春的公司每个月销售额有多少？", firm, "200余万元")


def test_a_head_count_of_a_kind_of_people_names_them():
    parks = "全市打造返乡创业园区11个,园区入驻企业93户,吸纳就业2700多人,园区产值1.29亿元。"
    assert not fits("乐山的返乡创业园区吸纳了多少残疾人就业？", parks, "2700多人")
    assert fits("乐山的返乡创业园区吸纳了多少人就业？", parks, "2700多人")
    assert fits("乐山全市一共培训了多少返乡创业人员？", "各区县也相应开展了创业培训,全市共培训1600人。", "1600人")
    staff = "在张智杰的厂房车间,记者看到他雇佣的20余名职员都是残疾人。"
    assert fits("张智杰的厂里有多少员工？", staff, "20余名")  # 职员 are 员工 in other words
    assert not fits("张智杰的厂里有多少学员？", staff, "20余名")
    # asked of someone's people in other words, with nothing else of the question in the sentence
    workers = "目前,公司已拥有4000多平方米的标准化厂房,每月销售额达200余万元,员工也增加到40余人。"
    assert fits("吴长春手下现在有多少工人？", workers, "40余人")
    assert not fits("吴长春手下现在有多少学员？", workers, "40余人")


def test_things_counted_are_not_people_nor_a_date():
    assert asked_unit(analyse("菏泽返乡的人办了多少经济实体？", "菏泽返乡的人办了多少经济实体？")) == "things?"
    entities = "2015年以来,全市累计返乡创业就业27.6万人,领办创办经济实体10.4万家。"
    assert fits("菏泽返乡的人办了多少经济实体？", entities, "10.4万家")
    assert not fits("菏泽返乡的人办了多少经济实体？", entities, "2015年")
    assert not fits("菏泽返乡的人办了多少经济实体？", entities, "27.6万人")


def test_people_given_work_answer_only_a_question_about_work():
    work = "2025年,张掖市通过省市级返乡创业平台及乡村创业领头雁带动就业4000余人,实现了以创业促就业。"
    assert not fits("张掖返乡创业的人一共有多少？", work, "4000余人")  # a head count of those given work
    assert fits("张掖的返乡创业平台带动了多少人就业？", work, "4000余人")
    assert fits("张掖返乡创业能让多少人有工作？", work, "4000余人")
    both = "全市累计返乡创业就业27.6万人,领办创办经济实体10.4万家,带动就业50余万人。"
    assert fits("菏泽返乡创业的一共有多少人？", both, "27.6万人")  # 创业就业 counts those who started businesses
    assert not fits("菏泽返乡创业的一共有多少人？", both, "50余万人")
    assert fits("菏泽返乡创业带动了多少人就业？", both, "50余万人")
    assert fits("镇雄县那三个平台帮了多少人创业？", "3个返乡创业就业平台,帮助3.53万人在家门口就业创业。", "3.53万人")


def test_a_count_of_another_sort_of_the_thing_asked_does_not_answer():
    base = "现已入驻华玉中齿医疗、慧眼科技、精石化学科技等50余家优质项目。"
    assert not fits("菏泽孵化基地入驻的高新技术项目有多少家？", base, "50余家")
    assert fits("菏泽孵化基地入驻了多少家项目？", base, "50余家")  # no sort asked
    assert fits("菏泽孵化基地入驻了多少家优质项目？", base, "50余家")
    team = "目前,该服务团已累计为11家参赛参评企业提供专项指导服务。"
    assert fits("张掖的服务团帮了多少家参赛企业？", team, "11家")  # its sort stands among the nouns


def test_a_count_may_leave_out_the_noun_asked():
    advised = "帮助辅导创业人员6267人次,孵化创业项目152个,辅导20余家改进创业融资方案,实现融资1651万元。"
    assert fits("爱创空间辅导了多少家企业改进融资方案？", advised, "20余家")  # 20余家 (企业) 改进…
    assert not fits("爱创空间孵化了多少家企业？", advised, "152个")  # 项目 are counted, not 企业
    firms = "入驻的12家企业中,有6家企业负责人为镇雄籍返乡创业青年。"
    assert fits("入驻了多少家公司？", firms, "12家")  # 企业 for 公司
    assert not fits("他的公司开了几家分公司？", firms, "6家")  # but a 分公司 is a sort of its own


def test_a_count_is_of_the_kind_and_the_whole_asked():
    stations = "市委组织部借助返乡创业服务站这一平台在深圳、西安、成都、济南、武汉成立了6个招才引智工作站。"
    assert not fits("成都的返乡创业服务站有多少个？", stations, "6个")  # 工作站 are no 服务站
    assert fits("菏泽成立了多少个招才引智工作站？", stations, "6个")
    parks = "在乡村打造返乡创业园9个,入园企业实现营收1.6亿元。"
    assert not fits("昭通的入园企业里有多少家是返乡青年办的？", parks, "9个")  # a part of the firms asked
    assert fits("昭通在乡村打造了多少个返乡创业园？", parks, "9个")
    shops = "集宁国际皮革城占地300亩,建筑面积25万平方米,建设有2000个标准商铺。"
    assert not fits("集宁国际皮革城有多少个商铺是返乡创业人员开的？", shops, "2000个")  # which part is not said
    assert fits("集宁国际皮革城有多少个商铺？", shops, "2000个")
    firms = "入驻的12家企业中,有6家企业负责人为镇雄籍返乡创业青年。"
    assert fits("入驻的企业有多少家是返乡创业青年办的？", firms, "6家")


def test_an_average_asked_is_answered_by_an_average():
    scale = "创办企业2460个,同比增加551个(投资规模50万元以下占绝大部分)。"
    assert not fits("乐山返乡创业企业的平均投资规模是多少？", scale, "50万元")
    assert fits("乐山返乡创业企业的投资规模大多在多少以下？", scale, "50万元")
    # a figure per period or per head (每期, 每户) is not answered by a total
    trained = "截至目前,集宁区累计参加创业培训人数2360人;"
    assert not fits("集宁区的创业培训每期多少人？", trained, "2360人")
    assert fits("集宁区累计参加创业培训的有多少人？", trained, "2360人")
    honoured = "2016年表扬返乡创业明星10人、返乡创业示范企业10户;"
    assert not fits("乐山的返乡创业示范企业每户奖励多少？", honoured, "10户")
    assert fits("吴长春的公司每个月卖多少钱？", "公司每月销售额达200余万元。", "200余万元")


def test_words_qualifying_a_counted_noun_are_passed_over():
    assert counted(analyse("集宁区引回了多少个有经验的电商从业者？", "集宁区引回了多少个有经验的电商从业者？")) == \
        ("个", "电商从业者")
    drawn = "引导50多名具有实践经验的电商从业者返乡创业。"
    assert fits("集宁区引回了多少个有经验的电商从业者？", drawn, "50多名")


def test_people_named_before_how_many_are_counted():
    assert asked_unit(analyse("乐山返乡创业的女老板有多少？", "乐山返乡创业的女老板有多少？")) == "people?"
    city = "截至今年9月末,乐山市农民工返乡创业4706人,同比增加1144人。"
    assert not fits("乐山返乡创业的女老板有多少？", city, "4706人")  # no 女老板 among them
    assert fits("乐山返乡创业的农民工有多少？", city, "4706人")


def test_a_total_investment_and_a_standard_are_amounts_of_their_own():
    funds = "市商务局指导沐川申报电商项目,获批资金600万元,争取市级电商资金30万元;"
    assert not fits("沐川的公共实训基地建设总投资是多少？", funds, "600万元")
    assert fits("菏泽引进的过亿元项目总投资多少？", "引进过亿元返乡创业项目201个,总投资541.58亿元。", "541.58亿元")
    fee = "同步升级创业担保贷款服务模式,争取100万元财政专项资金,配套出台担保费补贴政策。"
    assert not fits("张掖的担保费补贴标准是多少？", fee, "100万元")  # a sum, not a rate


def test_a_sum_still_sought_is_not_a_sum_had():
    sought = "市发改委正在为沐川公共实训基地建设积极争取中央投资项目资金2000万;"
    assert not fits("沐川的公共实训基地建设总投资是多少？", sought, "2000万")
    assert fits("沐川的公共实训基地在争取多少中央资金？", sought, "2000万")


def test_a_figure_of_a_goal_answers_only_a_question_about_the_goal():
    goal = "实施“一十百千”典型培养计划,实现每年每个村培养一个创业能人,一个乡十个创业能人,全市千个创业能人的目标。"
    assert not fits("乐山的“一十百千”计划实际培养了多少个创业能人？", goal, "十个")  # to be reached, not reached
    assert fits("乐山的“一十百千”计划要每个乡培养几个创业能人？", goal, "十个")
    assert fits("一十百千计划的目标是全市培养多少个创业能人？", goal, "千个")
    assert fits("乐山全市先后培养了多少名创业典型？", "全市先后培养了1000 余名创业典型。", "1000 余名")


def test_things_named_before_the_count_must_be_the_things_counted():
    parks = "在乡村打造返乡创业园9个,入园企业实现营收1.6亿元。"
    assert not fits("昭通返乡创业园的入园企业有多少家？", parks, "9个")  # parks counted, not the firms in them
    assert fits("昭通返乡创业园有多少个？", parks, "9个")
    stations = "目前,人社部门已在全国各地建立了246个返乡创业服务站,其中市级站37家、县级站209家。"
    assert fits("菏泽的县级服务站有几家？", stations, "209家")  # the place before the things is no thing counted


def test_people_counted_after_words_of_their_own_are_not_answered_by_a_time():
    built = "但受疫情的影响,拉萨站从动议到揭牌,期间历经了一年多的时间。"
    asked = "菏泽拉萨服务站联系了多少在藏菏泽籍人员？"
    assert asked_unit(analyse(asked, asked)) == "people?"  # 多少 + 在藏 + 菏泽籍人员: a head count
    assert not fits(asked, built, "一年多")


def test_a_what_question_about_a_thing_is_not_answered_by_that_things_name():
    founded = "2017年,他怀揣着自己的创业梦,注册成立了内蒙古创奇智能电子科技有限公司。"
    assert not fits("张智杰的公司研发出了什么？", founded, "内蒙古创奇智能电子科技有限公司")
    assert fits("张智杰注册成立了什么公司？", founded, "内蒙古创奇智能电子科技有限公司")
    assert fits("张智杰的公司叫什么名字？", founded, "内蒙古创奇智能电子科技有限公司")
    # 是什么 asks the name only when it ends the question, not before the thing asked (是什么产品)
    assert not fits("张智杰的公司研发的是什么产品？", founded, "内蒙古创奇智能电子科技有限公司")
    assert fits("张智杰的公司是什么？", founded, "内蒙古创奇智能电子科技有限公司")


def test_an_area_is_answered_by_a_figure_of_area():
    investment = "2019年,赵思琪回到家乡单县,投资11亿元,建设田园综合体项目。"
    assert asked_unit(analyse("田园综合体占地多少亩？", "田园综合体占地多少亩？")) == "area"
    assert not fits("赵思琪的田园综合体占地多少亩？", investment, "11亿元")  # a sum, not an area
    assert fits("集宁皮革城占地多大？", "集宁国际皮革城占地300亩,建筑面积25万平方米。", "300亩")
    assert fits("皮革城的建筑面积是多少？", "集宁国际皮革城占地300亩,建筑面积25万平方米。", "25万平方米")


def test_a_body_asked_is_answered_by_a_body():
    tutors = "组建了48人的创业导师工作室,精准提供返乡创业服务。"
    assert not fits("那个导师工作室归哪个部门管？", tutors, "创业")
    # 平台 is a platform, no body (台 is one in 电视台)
    mechanism = "建立“创业导师+创业孵化平台+创业基地”挂联指导机制,组建了48人的创业导师工作室。"
    assert not fits("昭通48人的导师工作室归哪个部门管？", mechanism, "创业导师+创业孵化平台+创业基地”挂联指导机制")
    assert fits("沐川的示范县创建是哪个部门在推？", "市人社局著力开展沐川县省级返乡农民工示范县创建工作。", "市人社局")


def test_people_counted_by_a_noun_of_their_own_are_a_head_count():
    stars = "2017年结合“天府杯”创业大赛,表扬创业明星10人。"
    assert asked_unit(analyse("乐山表扬了几个创业明星？", "乐山表扬了几个创业明星？")) == "people"
    assert fits("2017年乐山表扬了几个创业明星？", stars, "10人")


def test_watchers_counted_answer_how_many_watched():
    watched = "直播课件观看点击量超过3万人次,活动开展以来受到返乡创业农民工的青睐。"
    assert fits("走基层大讲堂的直播有多少人次看过？", watched, "3万人次")
    assert not fits("集宁有多少返乡创业的人？", watched, "3万人次")


def test_a_limit_is_answered_only_by_a_stated_limit():
    assert not fits("乐山返乡创业担保贷款最多能贷多少？", "2017年发放460万元返乡创业担保贷款。", "460万元")
    assert fits("创业担保贷款最高能贷多少？", "个人创业担保贷款最高额度为20万元。", "20万元")


def test_the_date_of_an_event_comes_from_a_sentence_stating_that_event():
    sentence = "2019年,赵思琪回到家乡单县,投资11亿元,建设田园综合体项目,目前项目正在稳步推进。"
    assert not fits("单县田园综合体项目什么时候完工？", sentence, "2019年")  # still under way
    assert fits("赵思琪哪一年回到家乡投资？", sentence, "2019年")
    settled = "2015年他返回乌兰察布市落户在集宁国际皮革城。"
    assert not fits("集宁国际皮革城什么时候开业的？", settled, "2015年")  # a date, but not of the opening
    assert fits("拉萨服务站是几月几号挂牌的？", "8月14日,菏泽市返乡创业(拉萨)服务站在拉萨市揭牌成立。", "8月14日")
    sales = "2020年公司实现销售额50余万元,今年1至8月已增长至900万元。"
    assert not fits("汪天勇是哪一年回乡创业的？", sales, "2020年")  # a year of sales, not of coming home
    assert fits("吴长春是哪一年回老家创业的？", "2021年,他带著资金、技术、理念回到老家镇雄创业。", "2021年")
    since = "2015年以来,全市累计返乡创业就业27.6万人,带动就业50余万人。"
    assert fits("菏泽带动就业50余万人是从哪年开始算的？", since, "2015年以来")  # counted from: the figure is the event


def test_a_list_question_asks_for_no_count():
    assert asked_unit(analyse("张掖训练营的教学模式包括哪几种？", "张掖训练营的教学模式包括哪几种？")) == ""
    assert fits("张掖训练营的教学模式包括哪几种？", "训练营采用“案例教学+模拟路演”的融合模式", "“案例教学+模拟路演”")


def test_an_answer_of_the_wrong_form_is_refused_end_to_end(hash_bot):
    parks = hash_bot.with_reader(FakeReader(["9个"]), Calibration())
    assert parks.ask("昭通在乡村打造了多少个返乡创业园？").answered
    assert not parks.ask("昭通的返乡创业园一共入驻了多少家企业？").answered
    loans = hash_bot.with_reader(FakeReader(["460万元"]), Calibration())
    assert loans.ask("乐山2017年发放了多少返乡创业担保贷款？").answered
    assert not loans.ask("乐山返乡创业担保贷款最多能贷多少？").answered


def test_a_question_is_read_in_the_passages_word_for_an_event_or_a_kind_of_money():
    opened = "8月14日,菏泽市返乡创业(拉萨)服务站在西藏自治区拉萨市揭牌成立。"
    assert in_passage_words("菏泽拉萨服务站是什么时候挂牌的?", opened) in (
        "菏泽拉萨服务站是什么时候揭牌的?", "菏泽拉萨服务站是什么时候成立的?")
    assert in_passage_words("公司营收多少?", "2020年公司实现销售额50余万元。") == "公司销售额多少?"
    # earning, in spoken words, is read as the sales or the profit the passage states
    assert in_passage_words("园里的企业一共赚了多少钱?", "入园企业实现营收1.6亿元。") == "园里的企业一共营收多少钱?"
    assert in_passage_words("他的公司去年赚了多少?", "去年“小树传媒”年利润超过100万元。") == "他的公司去年利润多少?"
    assert in_passage_words("公司营收多少?", "年利润超过100万元。") == "公司营收多少?"  # a kind asked is kept
    assert in_passage_words("厂里有多少员工?", "他雇佣的20余名职员都是残疾人。") == "厂里有多少职员?"
    # a line of business, spoken or written; someone's past, in the word the passage tells it by
    assert in_passage_words("返乡创业的人主要干哪些行当?", "从创业的产业分布看,第一产业占17%。") == \
        "返乡创业的人主要干哪些产业?"
    worked = "早年,吴长春辗转浙江、广东等地从事铝合金门窗加工生产。"
    assert in_passage_words("吴长春以前在哪些地方打工?", worked) == "吴长春早年在哪些地方打工?"
    assert in_passage_words("2017年以前回来的有多少人?", worked) == "2017年以前回来的有多少人?"  # a date's end
    # the passage uses the question's word, or none of its group: read as asked
    assert in_passage_words("服务站什么时候成立的?", opened) == "服务站什么时候成立的?"
    assert in_passage_words("项目什么时候完工?", opened) == "项目什么时候完工?"


def test_the_reader_is_asked_in_the_passages_word_end_to_end(hash_bot):
    class Recording(FakeReader):  # remembers what it was asked over the passage stating the opening
        def __init__(self, answers):
            super().__init__(answers)
            self.asked = []

        def read_pairs(self, pairs, top=3):
            self.asked += [q for q, p in pairs if "揭牌成立" in p]
            return super().read_pairs(pairs, top)

    reader = Recording(["8月14日"])
    assert hash_bot.with_reader(reader, Calibration()).ask("菏泽拉萨服务站是什么时候挂牌的？").answered
    assert reader.asked and all("挂牌" not in q for q in reader.asked)



def test_the_speaker_of_a_quotation_is_named_after_it():
    from types import SimpleNamespace

    from assistant.answer.answerer import _speaker

    passage = "“这里房租各方面都要比北京便宜很多,而且回家还方便。”李汇洲说,这里还有创业基地。"
    quoted = passage[:passage.index("李汇洲")]

    def answer(sentence: str, end: int) -> SimpleNamespace:
        return SimpleNamespace(sentence=sentence, sentence_end=end,
                               hit=SimpleNamespace(chunk=SimpleNamespace(search_text=passage)))

    assert _speaker(answer(quoted, len(quoted))).strip() == "李汇洲说"
    assert _speaker(answer("这里还有创业基地。", len(passage))) == ""  # no quotation, no speaker


def test_a_yes_no_question_tests_a_year_of_the_event_it_names_before_or_after_its_de():
    crash = "2008年,张智杰回家探亲,不幸发生车祸,经过三个月的住院治疗,张智杰保住生命却从此高位截瘫。"
    assert year_tested(analyse("张智杰是不是2017年出车祸的？", "张智杰是不是2017年出车祸的？"), crash) == "2017"
    assert year_tested(analyse("张智杰是2017年出的车祸吗？", "张智杰是2017年出的车祸吗？"), crash) == "2017"
    assert year_tested(analyse("张智杰是2017年开的公司吗？", "张智杰是2017年开的公司吗？"), crash) == ""  # not told
    assert year_tested(analyse("张智杰是2008年出的车祸吗？", "张智杰是2008年出的车祸吗？"), crash) == ""  # its year


def test_a_part_of_people_asked_is_answered_by_its_share_too():
    share = "据不完全统计,集宁国际皮革城就业比例中有近10%是返乡创业人员。"
    assert fits("皮革城里干活的人有多少是返乡创业的？", share, "近10%")
    assert not fits("皮革城里干活的人有多少？", share, "近10%")  # a head count asked: no share answers it
    poor = "带动2.03万余名农村劳动力就地就近实现就业(其中吸纳贫困劳动者就业1578余人)。"
    assert not fits("乐山返乡创业的人里有多少是贫困户？", poor, "1578余人")  # those given work, not returnees
    heads = "走进镇雄县以勒五金高新产业园,入驻的12家企业中,有6家企业负责人为镇雄籍返乡创业青年"
    assert fits("五金产业园里的企业老板有几个是返乡青年？", heads, "6家")  # 6家企业负责人: six heads
    assert not fits("五金产业园里的企业老板有几个？", heads, "6家")  # no part asked: 家 counts no heads


def test_a_where_question_is_answered_by_a_place_not_by_clauses():
    hub = "这里是集宁区悠久的皮件皮具产业焕发新时代生机的一抹重彩,也是集宁区吸纳就业量最大的地方。"
    clauses = "集宁区悠久的皮件皮具产业焕发新时代生机的一抹重彩,也是集宁区"
    assert not fits("集宁国际皮革城的皮具主要卖到哪里？", hub, clauses)
    visits = "市人社局专门组织人员奔赴北京、上海、济南等20多家市级返乡创业服务站,开展走访动员活动。"
    assert fits("菏泽市人社局年初去了哪里走访？", visits, "北京、上海、济南")  # places listed, one clause
