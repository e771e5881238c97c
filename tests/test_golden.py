"""The sample bulletin, compared exactly with tests/golden/; rewrite with --update-golden."""

from pathlib import Path

import pytest

from bulletin.pipeline import build_bulletin
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
INVISIBLE = {"\u00a0": "<NBSP>", "\u202f": "<NNBSP>", "\u200b": "<ZWSP>", "\t": "<TAB>"}


def visible(text: str) -> str:
    for char, name in INVISIBLE.items():
        text = text.replace(char, name)
    return text


# One sample of each bundled kind: the provincial release (the reference), a city edition and
# the consumer-price release.
SAMPLES = {
    "liaoning-2024q1": ROOT / "data" / "liaoning-2024q1.yaml",
    "dalian-2024q1": ROOT / "data" / "cities" / "dalian-2024q1.yaml",
    "china-2023-04": ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml",
}


def test_the_reference_sample_is_the_projects():
    assert find_project(str(ROOT)).sample_data() == SAMPLES["liaoning-2024q1"]


def test_every_bundled_kind_has_a_golden_sample():
    from bulletin.pipeline import load_and_compute

    project = find_project(str(ROOT))
    kinds = {load_and_compute(path, project).kind.name for path in SAMPLES.values()}
    assert kinds == set(project.kinds())


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_sample_markdown_matches_golden(sample, language, request):
    project = find_project(str(ROOT))
    (doc,) = build_bulletin(SAMPLES[sample], [language], ["md"], project)
    actual = doc.content.decode("utf-8")
    golden = GOLDEN / sample / f"{language}.md"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    assert visible(actual) == visible(expected), "rerun with --update-golden if the change is meant"


# Every figure of the seed release, as each language must print it.
SEED_FIGURES = {
    "en": [
        "5.3%",
        "0.3 percentage points higher",
        "0.9 percentage points",
        "0.5 percentage points",
        "from 2.2 to 0.8 percentage points",
        "25.2%",
        "11.8 percentage points",
        "fifth",
        "15.9 percentage points",
        "46.8%",
        "up 6 percentage points",
        "13 of the 14 cities",
        "In 9 cities",
        "Dandong, Jinzhou and Chaoyang",
        "4.4%, 2.9%, 1.6% and 20.9%",
        "Of the 40 major industrial sectors, 31 (77.5%)",
        "700 key enterprises",
        "2.0%",
        "0.2 percentage points",
        "264 enterprises",
        "more than 10%",
        "18.57 billion yuan",
        "24.0%",
        "13.8 percentage points",
        "25 increased their profits",
        "15 of them",
        "more than 20%",
        "27.2 million yuan",
        "67 enterprises",
        "15 research",
        "nearly 100 problems",
        "More than 10 matchmaking",
        "30 enterprises",
        "701 million yuan",
        "550 million yuan",
        "790,000 tons",
        "4,883 projects",
        "2.5 trillion yuan",
        "1,505 projects",
        "68.6 billion yuan",
        "99",
        "1.6 million tons",
        "5.6 billion yuan",
        "four industrial bases",
        "22 key industrial clusters",
        "25 projects",
        "11 new drugs",
        "21 provincial leaders",
        "7 provincial departments",
        "331",
        "347",
        "first 126",
        "two enterprises",
        "over 90%",
        "over 300 tons",
        "29.2%",
        "18.4 percentage points",
        "12 projects",
        "two projects",
        "three industrial parks",
        "three companies",
        "23 April",
        "third",
        "the first quarter of 2024",
    ],
    "zh-CN": [
        "同比增长5.3%",
        "比2023年全年增速高0.3个百分点",
        "回落0.9个百分点",
        "加快0.5个百分点",
        "由2.2个百分点缩小至0.8个百分点",
        "同比增长25.2%",
        "高于全国11.8个百分点",
        "居全国第五位",
        "高于全省固定资产投资增速15.9个百分点",
        "46.8%",
        "比上年同期提高6个百分点",
        "14个市中有13个市",
        "9个市增速高于全国和全省平均水平",
        "丹东、锦州和朝阳3个市实现两位数增长",
        "分别增长4.4%、2.9%、1.6%和20.9%",
        "40个工业大类行业中有31个行业",
        "增长面达77.5%",
        "700户重点监测企业",
        "同比增长2.0%",
        "0.2个百分点",
        "264户",
        "超过10%",
        "185.7亿元",
        "同比增长24.0%",
        "13.8个百分点",
        "25个行业利润总额同比增长",
        "15个行业增速超过20%",
        "2720万元",
        "67户",
        "15个调研组",
        "近100个",
        "10余场",
        "30户",
        "7.01亿元",
        "5.5亿元",
        "79万吨",
        "4883个",
        "2.5万亿元",
        "1505个",
        "686亿元",
        "99套",
        "160万吨",
        "56亿元",
        "4个万亿级产业基地",
        "22个重点产业集群",
        "25个项目",
        "11个新药",
        "21位省领导",
        "7个省直部门",
        "331户",
        "347户",
        "126家",
        "2户",
        "90%以上",
        "300吨以上",
        "同比增长29.2%",
        "高于全国18.4个百分点",
        "12个项目",
        "2个项目",
        "3个工业园区",
        "3家企业",
        "4月23日",
        "第三场",
        "2024年一季度",
    ],
}


@pytest.mark.parametrize("language", sorted(SEED_FIGURES))
def test_every_seed_figure_is_printed(language):
    project = find_project(str(ROOT))
    (doc,) = build_bulletin(project.sample_data(), [language], ["md"], project)
    text = doc.content.decode("utf-8")
    missing = [figure for figure in SEED_FIGURES[language] if figure not in text]
    assert not missing
