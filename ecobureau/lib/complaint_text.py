"""Reading Chinese complaint texts: what they complain about, where, and about whom.

Pure: no Django, no database, no network, no randomness. Used by the
`complaint-match` rule (lib/rules/complaint_match.py) to decide one pair, and by
the complaints module to build the keys of its candidate index, so the index finds
every pair the rule can accept (docs/modules/complaints.md).

Chinese has no spaces and PostgreSQL trigrams under the C locale ignore it, so the
texts are compared as character bigrams after normalisation: traditional to
simplified (zhconv), full-width to half-width, known typos and pinyin spellings to
their characters. The kind of nuisance (odour, smoke, dust, wastewater, noise,
vibration, burning, dumping, soil) and the source (a car wash, a restaurant, a
building site …) are recognised from word lists; the lists are part of the rule's
version.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import zhconv

# --- Normalisation ------------------------------------------------------------------

# Typing slips and homophones seen in complaint texts, with their intended words.
TYPOS: dict[str, str] = {
    "燥音": "噪音",
    "躁音": "噪音",
    "噪间": "噪音",
    "澡音": "噪音",
    "剌鼻": "刺鼻",
    "次鼻": "刺鼻",
    "扬沉": "扬尘",
    "杨尘": "扬尘",
    "洋尘": "扬尘",
    "粉层": "粉尘",
    "灰层": "灰尘",
    "汚": "污",
    "臭未": "臭味",
    "臭昧": "臭味",
    "异昧": "异味",
    "异未": "异味",
    "黑湮": "黑烟",
    "黑眼": "黑烟",
    "焚绕": "焚烧",
    "分烧": "焚烧",
    "搅伴站": "搅拌站",
    "揽拌站": "搅拌站",
    "搅拦站": "搅拌站",
    "偷牌": "偷排",
    "废汽": "废气",
    "化功": "化工",
    "化公": "化工",
    "洗车点儿": "洗车点",
    "烧考": "烧烤",
    "冒黑眼": "冒黑烟",
    "振动": "震动",
    "噪声音": "噪音",
}

# Pinyin spellings (tone marks removed first), syllables separated by a space here;
# in a text they may be run together or spaced.
PINYIN: dict[str, str] = {
    "chou wei": "臭味",
    "yi wei": "异味",
    "ci bi": "刺鼻",
    "nan wen": "难闻",
    "wei dao": "味道",
    "zao yin": "噪音",
    "zao sheng": "噪声",
    "hen chao": "很吵",
    "hen da": "很大",
    "tai da": "太大",
    "tai chao": "太吵",
    "hei yan": "黑烟",
    "mao yan": "冒烟",
    "nong yan": "浓烟",
    "yang chen": "扬尘",
    "fen chen": "粉尘",
    "hui chen": "灰尘",
    "wu shui": "污水",
    "fei shui": "废水",
    "fei qi": "废气",
    "tou pai": "偷排",
    "pai wu": "排污",
    "fen shao": "焚烧",
    "shao la ji": "烧垃圾",
    "la ji": "垃圾",
    "qing dao": "倾倒",
    "bao po": "爆破",
    "zhen dong": "震动",
    "hua gong": "化工",
    "xi che": "洗车",
    "shao kao": "烧烤",
    "gong di": "工地",
    "jiao ban zhan": "搅拌站",
    "you yan": "油烟",
    "fan dian": "饭店",
    "yang zhu": "养猪",
}
_PINYIN_PATTERNS = [
    (re.compile(r"(?<![a-z])" + r"\s*".join(word.split()) + r"(?![a-z])"), han)
    # Longer spellings first, so "shao la ji" is read before "la ji".
    for word, han in sorted(PINYIN.items(), key=lambda item: -len(item[0]))
]
_TYPO_PATTERN = re.compile(
    "|".join(re.escape(typo) for typo in sorted(TYPOS, key=len, reverse=True))
)
_SPACES = re.compile(r"\s+")


def _strip_marks(text: str) -> str:
    """Latin letters without tone marks (chòu → chou); Chinese is left as it is."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", kept)


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Simplified characters, half-width, lower case, typos and pinyin replaced."""
    text = zhconv.convert(text, "zh-cn")
    text = _strip_marks(text).lower()
    for pattern, han in _PINYIN_PATTERNS:
        text = pattern.sub(han, text)
    text = _TYPO_PATTERN.sub(lambda m: TYPOS[m.group(0)], text)
    return _SPACES.sub(" ", text).strip()


# Characters that carry no meaning for similarity: punctuation, particles.
_NOISE_CHARS = re.compile(r"[\s\W_的了啊呢吧吗呀哦嘛哈呗么]+")


def content(text: str) -> str:
    """The normalised text without punctuation and particles, for similarity."""
    return _NOISE_CHARS.sub("", normalise(text))


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of a content string (a single character is its own gram)."""
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts' content (0…1)."""
    grams_a, grams_b = bigrams(content(a)), bigrams(content(b))
    if not grams_a or not grams_b:
        return 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


# --- Kinds of nuisance --------------------------------------------------------------

ODOUR, SMOKE, DUST, WATER, NOISE = "odour", "smoke", "dust", "water", "noise"
VIBRATION, BURNING, WASTE, SOIL = "vibration", "burning", "waste", "soil"

# Kinds that describe what someone does at a spot (burning, dumping, blasting):
# two texts describing the same act in one village describe one source.
ACTIVITY_KINDS = frozenset({BURNING, WASTE, VIBRATION})

KIND_LABELS: dict[str, str] = {
    ODOUR: "异味或废气",
    SMOKE: "烟",
    DUST: "扬尘粉尘",
    WATER: "废水或向水体排放",
    NOISE: "噪声",
    VIBRATION: "爆破震动",
    BURNING: "露天焚烧",
    WASTE: "倾倒或堆放废物",
    SOIL: "土壤破坏",
}

# (pattern, kinds) in order of precedence: a span read by an earlier pattern is not
# read again, so "烧垃圾" is burning (not also dumping) and "河水发臭" is
# wastewater (not also an odour complaint about the air).
_KIND_RULES: list[tuple[str, frozenset[str]]] = [
    # Open burning: the smoke and smell of it are the same matter.
    (
        r"((乱|偷|在|点火|放火|露天)?(焚烧|烧)(垃圾|秸秆|塑料|轮胎|电缆|东西|废品|废料|树叶|稻草|杂物|破烂|麦秸|苞米秆|玉米秆|荒|纸|油毡|废旧)"
        r"|焚烧|露天(焚)?烧|乱烧|偷烧|燃烧垃圾|烧火|点火)",
        frozenset({BURNING, SMOKE, ODOUR}),
    ),
    # Manure may be filed as water or waste; it smells.
    (r"(粪便|粪污|粪水|粪)", frozenset({WASTE, WATER, ODOUR})),
    # Water that smells or is black is a water matter.
    (
        r"((河|江|沟|渠|坑|塘|湖|水库)(里|中|边)?的?水[^，。！？,.!?]{0,4}(臭|黑|浑|红|黄|白|绿|死鱼|泡沫))"
        r"|((污|废|臭|黑|脏)水(?!处理))|(水(变|发)?(黑|臭|浑))"
        r"|((排出|排放|流出|冒出|排)的?[^，。！？,.!?]{0,4}水[^，。！？,.!?]{0,3}(蓝|红|黄|绿|黑|白|紫|彩|颜色))",
        frozenset({WATER}),
    ),
    (
        r"(偷排|直排|暗管|渗坑|渗井|排污口|排水口|排到(河|江|沟|渠)|排进(河|江|沟|渠)|流进(河|江|沟|渠)"
        r"|排入(河|江|沟|渠|水)|往(河|江|沟|渠)里排|排放.{0,2}(河|江)|死鱼|下水道|雨水井|污水井|雨水管|满街流|横流)",
        frozenset({WATER}),
    ),
    (r"(油烟)", frozenset({SMOKE, ODOUR})),
    (
        r"([黑黄白红蓝灰青紫棕浓]烟|冒[^，。！？,.!?]{0,4}烟|烟尘|烟雾|烟囱|烟[^，。！？,.!?]{0,2}大|大烟|烟气|烟熏)",
        frozenset({SMOKE}),
    ),
    (
        r"(扬尘|粉尘|灰尘|尘土|落灰|灰大|一层灰|漫天灰|起灰|浮尘|煤灰|灰土|老鼻子灰|全是灰|满是灰|暴土|刮灰|飞灰|土面子|尘|灰(?!色))",
        frozenset({DUST}),
    ),
    (
        r"(异味|臭味|臭气|恶臭|刺鼻|气味|味道|难闻|酸味|化学味|呛人|呛得|呛鼻|熏人|熏得|骚味|腥味|废气"
        r"|臭烘烘|一股味|怪味|臭|味儿|味大|有味|闻着|排味|喷漆|冲鼻|呛|味[^，。！？,.!?]{0,2}(很|太|特别|非常|嘎嘎)?(大|冲)"
        r"|[\u4e00-\u9fff]味)",
        frozenset({ODOUR}),
    ),
    (
        r"(爆破|放炮|炸山|炸石|崩石|震动|震得|震感|房子都震|玻璃都震)",
        frozenset({VIBRATION}),
    ),
    (
        r"(噪音|噪声|吵|轰鸣|声音[^，。！？,.!?]{0,3}(大|响)|声响|响声|动静大|闹挺|叮当|咣当|机器声|轰轰|嗡嗡|突突|哐哐|砰砰|吵闹|喧哗|音响|喇叭|噔噔|咚咚|轰隆|隆隆|叮叮|(?<!影)响(?!应))",
        frozenset({NOISE}),
    ),
    (
        r"(倾倒|乱倒|偷倒|堆放|乱堆|堆着|堆了|垃圾|废渣|固废|危废|危险废物|渣土|废料|污泥|矿渣|尾矿|废机油|废油|废桶|倒了一堆|倒在)",
        frozenset({WASTE}),
    ),
    (
        r"(土壤|耕地|农田被|地被污染|毁林|毁坏林地|挖沙|采砂|盗采|破坏植被|占用林地|庄稼.{0,3}(死|枯))",
        frozenset({SOIL}),
    ),
]
_KIND_PATTERNS = [(re.compile(pattern), kinds) for pattern, kinds in _KIND_RULES]


def _read_spans(
    text: str, patterns: list[tuple[re.Pattern[str], frozenset[str]]]
) -> tuple[frozenset[str], list[str]]:
    """Values of the patterns found in `text`, earlier patterns taking precedence
    over the characters they matched; and the words read, for the explanation."""
    taken = [False] * len(text)
    found: set[str] = set()
    words: list[str] = []
    for pattern, values in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if start == end or any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            found |= values
            words.append(match.group(0))
    return frozenset(found), words


# Words that make a smell an air matter even beside wastewater.
_AIR_WORDS = re.compile(r"废气|气体|烟囱|空气|大气|排气")
_GENERIC_ODOUR = next(p for p, k in _KIND_PATTERNS if k == frozenset({ODOUR}))


def kinds(text: str) -> frozenset[str]:
    """The kinds of nuisance a text complains about."""
    return kinds_with_words(text)[0]


def kinds_with_words(text: str) -> tuple[frozenset[str], list[str]]:
    """The kinds, and the words they were read from.

    A smell described with wastewater ("往河里排废水，有股怪味") is the water's
    smell: the complaint is about the water, unless it speaks of the air too.
    """
    normal = normalise(text)
    found, words = _read_spans(normal, _KIND_PATTERNS)
    if WATER in found and ODOUR in found and not _AIR_WORDS.search(normal):
        odour_words = [w for w in words if _GENERIC_ODOUR.fullmatch(w)]
        other_odour = [w for w in words if w not in odour_words and _gives_odour(w)]
        if odour_words and not other_odour:
            found = found - {ODOUR}
    return found, words


def _gives_odour(word: str) -> bool:
    return any(
        ODOUR in kinds_ and pattern.fullmatch(word)
        for pattern, kinds_ in _KIND_PATTERNS
        if pattern is not _GENERIC_ODOUR
    )


# --- Sources --------------------------------------------------------------------

# Specific sources; a plain "厂" or "公司" names none. Two texts describing sources
# of disjoint classes describe different sources.
_SOURCE_RULES: list[tuple[str, str]] = [
    ("car_wash", r"洗车"),
    ("bbq", r"烧烤|串店|撸串|烤串"),
    ("restaurant", r"饭店|饭馆|餐馆|餐厅|酒店|食堂|火锅|小吃|快餐|面馆|炸鸡"),
    ("building_site", r"工地|施工|盖楼|建筑队|拆迁|拆楼|打桩"),
    ("concrete", r"搅拌站|混凝土|砼|水泥罐车"),
    ("chemical", r"化工|化学品|农药"),
    ("steel", r"钢厂|钢铁|炼铁|炼钢|轧钢|高炉|焦化"),
    ("farm", r"养殖|养猪|猪场|猪圈|鸡场|养鸡|牛场|养牛|羊圈|鸭场|粪"),
    ("boiler", r"锅炉|供暖|热电|电厂|烧煤|燃煤"),
    ("entertainment", r"ktv|歌厅|酒吧|广场舞|夜市|舞厅|网吧"),
    ("quarry", r"采石|石场|矿山|矿场|选矿|采矿|矿业|爆破|放炮|炸山"),
    ("auto_repair", r"汽修|修车|喷漆|钣金"),
    ("garbage_station", r"垃圾站|垃圾中转站|中转站|垃圾场|填埋场|垃圾处理厂"),
    ("sewage_plant", r"污水处理厂|污水厂"),
    ("market", r"市场|早市|菜市场"),
    ("workshop", r"加工厂|小作坊|作坊|加工点|木材加工|石材加工|钢材加工|废品站|收废品"),
    ("cement", r"水泥厂|水泥"),
    ("refractory", r"耐火|镁砂|菱镁|碳素"),
    ("hospital", r"医院|诊所"),
    ("school", r"学校|幼儿园"),
    ("traffic", r"渣土车|大车|货车|汽车鸣笛|火车|高铁|飞机"),
]
_SOURCE_PATTERNS = [
    (re.compile(pattern), frozenset({name})) for name, pattern in _SOURCE_RULES
]
SOURCE_LABELS: dict[str, str] = {
    "car_wash": "洗车点",
    "bbq": "烧烤",
    "restaurant": "饭店餐馆",
    "building_site": "建筑工地",
    "concrete": "搅拌站",
    "chemical": "化工厂",
    "steel": "钢铁冶炼",
    "farm": "养殖场",
    "boiler": "锅炉供暖",
    "entertainment": "娱乐场所",
    "quarry": "矿山采石",
    "auto_repair": "汽修喷漆",
    "garbage_station": "垃圾站场",
    "sewage_plant": "污水处理厂",
    "market": "市场",
    "workshop": "加工作坊",
    "cement": "水泥",
    "refractory": "耐火镁质",
    "hospital": "医院",
    "school": "学校",
    "traffic": "交通车辆",
}


def sources(text: str) -> frozenset[str]:
    """The classes of source a text describes (empty: none recognised)."""
    return _read_spans(normalise(text), _SOURCE_PATTERNS)[0]


# A second source described beside the first: "隔壁的烧烤店", "另一个车间",
# "再往东那家厂". A reporter saying where they live ("住在华信旁边，") is not one:
# the marker must be followed by a source noun.
_SOURCE_NOUN = r"(店|馆|厂|车间|工地|作坊|公司|洗车|烧烤|饭店|摊|点|场|站|楼|窑|炉|企业|单位|工厂|厂子|吧|厅|房|院|门市|场所)"
_OTHER_SOURCE = re.compile(
    r"(隔壁|旁边|对面|斜对面|另一|另外一|另外的|第二|再往[东西南北前后里外]|后面|前面|下游|上游)"
    r"[^，。！？,.!?；;]{0,5}?" + _SOURCE_NOUN
)
_NOT_OTHER = re.compile(
    r"(住在|家在|我家|我们家|小区在|楼在|位于|就在|紧挨着|挨着)[^，。！？,.!?]{0,12}?(隔壁|旁边|对面|附近)"
)


# "我在旁边写字楼上班": where the reporter works or lives, not a source.
_REPORTER_PLACE_AFTER = re.compile(
    r"^[^，。！？,.!?]{0,3}(上班|工作|住|居住|生活|办公)"
)


def other_source(text: str) -> str:
    """The words naming a second, different source in the text, or ''."""
    normal = normalise(text)
    for match in _OTHER_SOURCE.finditer(normal):
        head = normal[max(0, match.start() - 14) : match.end()]
        if _NOT_OTHER.search(head) or _REPORTER_PLACE_AFTER.match(
            normal[match.end() :]
        ):
            continue
        return match.group(0)
    return ""


# --- Enterprise names ---------------------------------------------------------------

# Usual short names of well-known groups (applied before anything is stripped).
ALIASES: dict[str, str] = {
    "鞍山钢铁": "鞍钢",
    "本溪钢铁": "本钢",
    "鞍钢集团": "鞍钢",
    "攀钢集团": "攀钢",
}

# Leading administrative names: the province, the three cities and their
# districts, counties and zones (reference/README and seed 000/002/003).
ADMIN_PREFIXES = (
    "辽宁省",
    "辽宁",
    "鞍山市",
    "盘锦市",
    "本溪市",
    "铁东区",
    "铁西区",
    "立山区",
    "千山区",
    "海城市",
    "台安县",
    "岫岩满族自治县",
    "岫岩县",
    "高新技术产业开发区",
    "高新区",
    "经济开发区",
    "经济技术开发区",
    "达道湾",
    "腾鳌",
    "鞍山",
    "盘锦",
    "本溪",
    "海城",
    "台安",
    "岫岩",
    "千山",
    "双台子区",
    "兴隆台区",
    "大洼区",
    "盘山县",
    "平山区",
    "溪湖区",
    "明山区",
    "南芬区",
    "本溪满族自治县",
    "桓仁满族自治县",
    "市",
)
_GENERIC_ADMIN = re.compile(r"^[\u4e00-\u9fff]{2,3}(省|市|县)(?=[\u4e00-\u9fff]{2,})")
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "总公司",
    "集团",
    "公司",
)
_UNIT_MARKERS = re.compile(r"(厂区|分厂|厂子|厂|车间|基地)$")
# Legal-form words inside a name ("鞍钢股份有限公司炼铁总厂").
_INNER_FORMS = re.compile(r"股份有限公司|有限责任公司|有限公司|股份|总厂")
# Industry words in names, longest first, with the class they name: 华信精细化工 =
# 华信化工, 兴达商品混凝土 = 兴达搅拌站; 炼铁 ≠ 炼钢.
INDUSTRY_WORDS: dict[str, str] = {
    "精细化工": "化工",
    "化工": "化工",
    "化学品": "化工",
    "化学": "化工",
    "商品混凝土": "混凝土",
    "商砼": "混凝土",
    "商混": "混凝土",
    "混凝土": "混凝土",
    "搅拌站": "混凝土",
    "砼": "混凝土",
    "炼铁": "炼铁",
    "炼钢": "炼钢",
    "轧钢": "轧钢",
    "钢铁": "钢铁",
    "特钢": "特钢",
    "钢材": "钢铁",
    "焦化": "焦化",
    "水泥制品": "水泥制品",
    "水泥": "水泥",
    "热电": "热电",
    "电厂": "热电",
    "发电": "热电",
    "供热": "热电",
    "耐火材料": "耐火",
    "耐火": "耐火",
    "碳素": "碳素",
    "菱镁矿业": "矿业",
    "镁矿": "矿业",
    "矿业": "矿业",
    "选矿": "矿业",
    "制药": "制药",
    "药业": "制药",
    "印染": "印染",
    "淀粉": "淀粉",
    "污水处理": "污水处理",
    "垃圾处理": "垃圾处理",
    "汽车维修": "汽修",
    "汽修": "汽修",
    "表面处理": "表面处理",
    "塑料": "塑料",
    "酒业": "酒业",
    "文具": "文具",
    "农药": "农药",
    "铸造": "铸造",
    "机械": "机械",
    "石材": "石材",
    "建材": "建材",
    "养殖": "养殖",
    "洗煤": "洗煤",
    "物流": "物流",
    "商贸": "商贸",
    "科技": "科技",
    "实业": "实业",
}
_INDUSTRY = re.compile(
    "|".join(re.escape(word) for word in sorted(INDUSTRY_WORDS, key=len, reverse=True))
)
_NAME_PUNCT = re.compile(r"[\s\W_]+")
# Characters that cannot be part of a brand: a "name" caught in running text that
# contains them is a description ("我们这的化工厂"), not a name.
_NOT_BRAND = re.compile(r"[的这那个家了在是有我你他她们边附近旁些里上下该此其]")


@dataclass(frozen=True)
class EnterpriseName:
    written: str
    core: str  # without administrative prefix and legal form
    brand: str  # the distinctive part (华信, 兴达, 鞍钢)
    industries: frozenset[str]  # classes of the industry words (化工, 混凝土)
    rest: str  # what is left after brand and industry words (一, 二, 东)

    @property
    def key(self) -> str:
        """The index key: the brand, or the core when there is no brand."""
        return self.brand or self.core


@lru_cache(maxsize=8192)
def enterprise_name(written: str) -> EnterpriseName:
    text = _NAME_PUNCT.sub("", normalise(written))
    for long, short in ALIASES.items():
        if text.startswith(long):
            text = short + text[len(long) :]
    core = _strip_prefixes(text)
    stripped = _INNER_FORMS.sub("", core)
    core = stripped if len(stripped) >= 2 else core
    changed = True
    while changed:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core, changed = core[: -len(suffix)], True
    core = _UNIT_MARKERS.sub("", core) or core
    first = _INDUSTRY.search(core)
    if first is None:
        return EnterpriseName(written, core, core, frozenset(), "")
    brand = core[: first.start()]
    after = core[first.start() :]
    found = frozenset(INDUSTRY_WORDS[m.group(0)] for m in _INDUSTRY.finditer(after))
    rest = _UNIT_MARKERS.sub("", _INDUSTRY.sub("", after))
    return EnterpriseName(written, core, brand, found, rest)


def _strip_prefixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in ADMIN_PREFIXES:
            # Keep at least two characters: "鞍山市" alone is not a name to strip.
            if text.startswith(prefix) and len(text) - len(prefix) >= 2:
                text, changed = text[len(prefix) :], True
        generic = _GENERIC_ADMIN.match(text)
        if generic:
            text, changed = text[generic.end() :], True
    return text


def same_enterprise(a: str, b: str) -> bool:
    """Whether two written names designate the same enterprise (CONTRACTS.md
    complaint-match, place case 1)."""
    name_a, name_b = enterprise_name(a), enterprise_name(b)
    if name_a.core == name_b.core:
        return True
    if not name_a.brand or not name_b.brand or name_a.brand != name_b.brand:
        return False
    # 华信精细化工 = 华信化工; 鞍钢炼铁 ≠ 鞍钢炼钢.
    if (
        name_a.industries
        and name_b.industries
        and not name_a.industries <= name_b.industries
        and not name_b.industries <= name_a.industries
    ):
        return False
    # 华信一厂 ≠ 华信二厂: different remainders name different units.
    return not (name_a.rest and name_b.rest and name_a.rest != name_b.rest)


# Names mentioned in running text: "说是华信的厂", "鑫丰化工", "华信那个厂".
_MENTION = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(股份有限公司|有限公司|公司|集团|精细化工|化工厂|化工|搅拌站|混凝土|钢厂|钢铁|水泥厂|热电|电厂|耐火|碳素|制药|药业|印染)"
)


# "华信的厂", "华信那个厂子": a brand before a plain word for a plant.
_MENTION_PLAIN = re.compile(
    r"([\u4e00-\u9fff]{2,4})(的|那个|那家|这个|这家)(厂子|工厂|厂)"
)


def brands_mentioned(text: str) -> frozenset[str]:
    """Brands of enterprises a text names ("华信化工" → 华信)."""
    found = set()
    normal = normalise(text)
    for match in _MENTION_PLAIN.finditer(normal):
        pieces = _NOT_BRAND.split(match.group(1))
        if pieces and len(pieces[-1]) >= 2:
            found.add(enterprise_name(pieces[-1]).key)
    for match in _MENTION.finditer(normal):
        head = match.group(1)
        # Keep the characters after the last one that cannot be in a brand.
        pieces = _NOT_BRAND.split(head)
        head = pieces[-1] if pieces else ""
        name = enterprise_name(head + match.group(2))
        if len(name.brand) >= 2 and not _NOT_BRAND.search(name.brand):
            found.add(name.brand)
    return frozenset(found)


# --- Places -----------------------------------------------------------------------

_NUM = r"(\d+|[一二三四五六七八九十百零〇两]+)"
# Characters a place name is made of: not the words around it ("楼下那条胜利路"
# names 胜利路).
_N = r"[^\W的这那个条在是有我你他她们家楼下上里边旁附近和与跟往到从沿住靠临挨就位于该此其说听看都也还又去来]"
_ROAD_END = r"(大街|大道|公路|胡同|路|街(?!道)|巷)"
_HOUSE = re.compile(rf"({_N}{{1,6}}?{_ROAD_END}){_NUM}号")
_ROAD = re.compile(rf"({_N}{{1,6}}?{_ROAD_END})")
_VILLAGE = re.compile(rf"({_N}{{1,5}}?(村|屯|堡子|营子))")
# Towns and streets (镇、乡、街道) hold many villages and sources: they are not
# a spot, only a key of the index.
_TOWN = re.compile(rf"({_N}{{1,5}}?(镇|乡|街道))")
_AREA = re.compile(
    rf"({_N}{{2,8}}?(小区|园区|工业园|开发区|社区|家园|花园|新村|公寓|大厦|广场|公园|市场))"
)
_LANDMARK = re.compile(
    rf"({_N}{{2,6}}?(大桥|桥|立交|转盘|码头|加油站|超市|医院|学校|中学|小学|火车站|车站|宾馆|酒店|饭店|商场))"
)
_CROSSING = re.compile(
    rf"({_N}{{1,6}}?{_ROAD_END})(与|和|跟|交)({_N}{{1,6}}?{_ROAD_END})"
)
# Words too general to place anything.
_GENERIC_PLACES = frozenset(
    {
        "马路",
        "大路",
        "小路",
        "公路",
        "大街",
        "道路",
        "小道",
        "土路",
        "水泥路",
        "小巷",
        "农村",
        "村里",
        "乡下",
        "城乡",
        "小区",
        "街道",
        "乡镇",
        "市场",
    }
)
_CITY_WORDS = re.compile(
    "^(" + "|".join(re.escape(p) for p in ADMIN_PREFIXES if len(p) > 1) + ")+"
)


_DIVISION_HEAD = re.compile(r"^.*(市|区|县|镇|乡|街道)(?=.{2,})")


def _clean_token(token: str) -> str:
    cleaned = _DIVISION_HEAD.sub("", _CITY_WORDS.sub("", token))
    return "" if cleaned in _GENERIC_PLACES else cleaned


def _number(text: str) -> str:
    if text.isdigit():
        return str(int(text))
    values = dict(
        zip(
            "零〇一二两三四五六七八九",
            (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9),
            strict=True,
        )
    )
    total, current = 0, 0
    for char in text:
        if char in values:
            current = values[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return str(total + current)


@dataclass(frozen=True)
class Place:
    """What an address (and the text around it) says about where the source is."""

    houses: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    roads: frozenset[str] = field(default_factory=frozenset)
    villages: frozenset[str] = field(default_factory=frozenset)
    areas: frozenset[str] = field(default_factory=frozenset)
    landmarks: frozenset[str] = field(default_factory=frozenset)
    towns: frozenset[str] = field(default_factory=frozenset)

    @property
    def tokens(self) -> frozenset[str]:
        """Streets, villages and areas: places shared by many sources."""
        return self.roads | self.villages | self.areas

    def index_keys(self) -> frozenset[str]:
        """Keys of the candidate index: every place token and landmark. Two
        complaints the rule can find at the same spot share at least one."""
        return self.tokens | self.landmarks | frozenset(r for r, _ in self.houses)


@lru_cache(maxsize=8192)
def place(text: str) -> Place:
    normal = _NAME_PUNCT.sub("", normalise(text))
    houses = set()
    for match in _HOUSE.finditer(normal):
        road = _clean_token(match.group(1))
        if len(road) >= 2:
            houses.add((road, _number(match.group(3))))
    roads = {_clean_token(m.group(1)) for m in _ROAD.finditer(normal)}
    villages = {_clean_token(m.group(1)) for m in _VILLAGE.finditer(normal)}
    towns = {_clean_token(m.group(1)) for m in _TOWN.finditer(normal)}
    areas = {_clean_token(m.group(1)) for m in _AREA.finditer(normal)}
    landmarks = {_clean_token(m.group(1)) for m in _LANDMARK.finditer(normal)}
    for match in _CROSSING.finditer(normal):
        one, other = _clean_token(match.group(1)), _clean_token(match.group(4))
        if len(one) >= 2 and len(other) >= 2:
            landmarks.add("×".join(sorted((one, other))))
    return Place(
        houses=frozenset(houses),
        roads=frozenset(r for r in roads if len(r) >= 2),
        villages=frozenset(v for v in villages if len(v) >= 2),
        areas=frozenset(a for a in areas if len(a) >= 3),
        landmarks=frozenset(m for m in landmarks if len(m) >= 2),
        towns=frozenset(t for t in towns if len(t) >= 2),
    )


def place_with_text(address: str, text: str) -> Place:
    """The address read together with what the text says about where the source
    is ("胜利路88号院里那个洗车的")."""
    one, other = place(address), place(text)
    return Place(
        houses=one.houses | other.houses,
        roads=one.roads | other.roads,
        villages=one.villages | other.villages,
        areas=one.areas | other.areas,
        landmarks=one.landmarks | other.landmarks,
        towns=one.towns | other.towns,
    )


# --- Coordinates --------------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def distance_m(lat_a: float, lng_a: float, lat_b: float, lng_b: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lng_b - lng_a)
    h = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


# Grid cells of the candidate index: 0.005° of latitude is about 556 m, and of
# longitude about 420 m at Anshan's 41°N, so the 3 × 3 cells around a point cover
# every point within 420 m of it. Searches with a radius above that widen the
# block (`cells_around`).
CELL_DEGREES = 0.005


def cell(lat: float, lng: float) -> tuple[int, int]:
    return (math.floor(lat / CELL_DEGREES), math.floor(lng / CELL_DEGREES))


def cell_key(lat: float, lng: float) -> str:
    row, col = cell(lat, lng)
    return f"{row}:{col}"


def cells_around(lat: float, lng: float, radius_m: float) -> list[str]:
    """Keys of every cell that may hold a point within `radius_m` of (lat, lng)."""
    row, col = cell(lat, lng)
    lat_step = CELL_DEGREES * 111_320
    lng_step = CELL_DEGREES * 111_320 * max(0.01, math.cos(math.radians(lat)))
    rows = max(1, math.ceil(radius_m / lat_step))
    cols = max(1, math.ceil(radius_m / lng_step))
    return [
        f"{row + dr}:{col + dc}"
        for dr in range(-rows, rows + 1)
        for dc in range(-cols, cols + 1)
    ]
