"""HJ 212 code tables: system codes (ST), command codes (CN), data flags, reply codes
and pollutant codes with their units, for HJ 212-2017 and HJ/T 212-2005.

Transcribed from HJ 212-2017 Tables 5–9 and Appendix B (the "原编码" column gives
the 2005 code); the 2005-only flags come from peer implementations, not from the
2005 text (reference/hj212.md sections 2–4). Pure data, no Django.
"""

from __future__ import annotations

from typing import NamedTuple


class Pollutant(NamedTuple):
    code: str  # HJ 212-2017 code
    name: str
    unit: str  # concentration unit as printed in the standard
    cou_unit: str  # unit of the period total (-Cou), "" when the standard gives none
    code_2005: str  # "原编码" in Appendix B, "" when it has none


# HJ 212-2017 Table 5. Ranges: 10–29 environmental quality, 30–49 pollution
# sources, 50–69 process (工况) monitoring, 91–99 system interaction.
SYSTEM_CODES: dict[str, str] = {
    "21": "地表水质量监测",
    "22": "空气质量监测",
    "23": "声环境质量监测",
    "24": "地下水质量监测",
    "25": "土壤质量监测",
    "26": "海水质量监测",
    "27": "挥发性有机物监测",
    "31": "大气环境污染源",
    "32": "地表水体环境污染源",
    "33": "地下水体环境污染源",
    "34": "海洋环境污染源",
    "35": "土壤环境污染源",
    "36": "声环境污染源",
    "37": "振动环境污染源",
    "38": "放射性环境污染源",
    "39": "工地扬尘污染源",
    "41": "电磁环境污染源",
    "51": "烟气排放过程监控",
    "52": "污水排放过程监控",
    "91": "系统交互",
}

# HJ 212-2017 Table 9 (with the 2025 heartbeat, reference/hj212.md section 8).
COMMAND_CODES: dict[str, str] = {
    "1000": "设置超时时间及重发次数",
    "1011": "提取现场机时间",
    "1012": "设置现场机时间",
    "1013": "现场机时间校准请求",
    "1061": "提取实时数据间隔",
    "1062": "设置实时数据间隔",
    "1063": "提取分钟数据间隔",
    "1064": "设置分钟数据间隔",
    "1072": "设置现场机访问密码",
    "2011": "实时数据",
    "2012": "停止察看实时数据",
    "2021": "设备运行状态",
    "2022": "停止察看设备运行状态",
    "2031": "日数据",
    "2041": "设备运行时间日历史数据",
    "2051": "分钟数据",
    "2061": "小时数据",
    "2081": "数采仪开机时间",
    "3011": "零点校准量程校准",
    "3012": "即时采样",
    "3013": "启动清洗/反吹",
    "3014": "比对采样",
    "3015": "超标留样",
    "3016": "设置采样时间周期",
    "3017": "提取采样时间周期",
    "3018": "提取出样时间",
    "3019": "提取设备唯一标识",
    "3020": "提取现场机信息",
    "3021": "设置现场机参数",
    "9011": "请求应答",
    "9012": "执行结果",
    "9013": "通知应答",
    "9014": "数据应答",
    "9015": "心跳（HJ 212-2025）",
}

# Uploads the host answers with 9014 when the packet's Flag asks for it
# (reference/hj212.md 5.1).
DATA_COMMANDS = frozenset(
    {"2011", "2021", "2031", "2041", "2051", "2061", "2081", "3015", "3017"}
    | {"3018", "3019", "3020"}
)

# Data flags (-Flag), HJ 212-2017 Table 8.
FLAGS_2017: dict[str, str] = {
    "N": "在线监控（监测）仪器仪表工作正常",
    "F": "在线监控（监测）仪器仪表停运",
    "M": "在线监控（监测）仪器仪表处于维护期间产生的数据",
    "S": "手工输入的设定值",
    "D": "在线监控（监测）仪器仪表故障",
    "C": "在线监控（监测）仪器仪表处于校准状态",
    "T": "在线监控（监测）仪器仪表采样数值超过测量上限",
    "B": "在线监控（监测）仪器仪表与数采仪通讯异常",
}
# HJ/T 212-2005 flags as deployed (peer implementations; F meant the emission
# source, not the instrument, was stopped).
FLAGS_2005: dict[str, str] = {
    "N": "正常",
    "P": "电源故障",
    "F": "排放源停运",
    "C": "校验",
    "M": "维护",
    "T": "超测上限",
    "D": "故障",
    "S": "设定值",
}

# HJ 212-2017 Table 7 (QnRtn) and Table 6 (ExeRtn).
QN_RETURN: dict[str, str] = {
    "1": "准备执行请求",
    "2": "请求被拒绝",
    "3": "PW错误",
    "4": "MN错误",
    "5": "ST错误",
    "6": "Flag错误",
    "7": "QN错误",
    "8": "CN错误",
    "9": "CRC校验错误",
    "100": "未知错误",
}
EXE_RETURN: dict[str, str] = {
    "1": "执行成功",
    "2": "执行失败，但不知道原因",
    "3": "命令请求条件错误",
    "4": "通讯超时",
    "5": "系统繁忙不能执行",
    "6": "系统故障",
    "100": "没有数据",
}

_P = Pollutant
# HJ 212-2017 Appendix B (B.1 water, B.2 gas, B.3 noise), plus the air-quality
# codes stations send that the appendix lacks (O3 a05024, from HJ 524).
POLLUTANTS: dict[str, Pollutant] = {
    p.code: p
    for p in [
        _P("w00000", "污水", "L/s", "m³", "B01"),
        _P("w01001", "pH值", "", "", "001"),
        _P("w01002", "色度", "倍", "", "002"),
        _P("w01009", "溶解氧", "mg/L", "", ""),
        _P("w01010", "水温", "℃", "", ""),
        _P("w01012", "悬浮物", "mg/L", "kg", "003"),
        _P("w01014", "电导率", "µS/cm", "", ""),
        _P("w01017", "五日生化需氧量", "mg/L", "kg", "010"),
        _P("w01018", "化学需氧量", "mg/L", "kg", "011"),
        _P("w01019", "高锰酸盐指数", "mg/L", "kg", ""),
        _P("w01020", "总有机碳", "mg/L", "kg", "015"),
        _P("w20111", "总汞", "µg/L", "g", "020"),
        _P("w20115", "总镉", "µg/L", "g", "022"),
        _P("w20116", "总铬", "mg/L", "kg", "023"),
        _P("w20117", "六价铬", "µg/L", "g", "024"),
        _P("w20119", "总砷", "µg/L", "g", "026"),
        _P("w20120", "总铅", "µg/L", "g", "027"),
        _P("w20121", "总镍", "mg/L", "kg", ""),
        _P("w20122", "总铜", "mg/L", "kg", "029"),
        _P("w21001", "总氮", "mg/L", "kg", "065"),
        _P("w21003", "氨氮", "mg/L", "kg", "060"),
        _P("w21011", "总磷", "mg/L", "kg", "101"),
        _P("w21016", "氰化物", "mg/L", "kg", "070"),
        _P("w22001", "石油类", "mg/L", "kg", "080"),
        _P("w23002", "挥发酚", "mg/L", "kg", "110"),
        _P("a00000", "废气", "m³/s", "m³", "B02"),
        _P("a01001", "温度", "℃", "", ""),
        _P("a01002", "湿度", "%", "", ""),
        _P("a01006", "气压", "kPa", "", ""),
        _P("a01007", "风速", "m/s", "", ""),
        _P("a01008", "风向", "°", "", ""),
        _P("a01010", "林格曼黑度", "级", "", "37"),
        _P("a01011", "烟气流速", "m/s", "", "S02"),
        _P("a01012", "烟气温度", "℃", "", "S03"),
        _P("a01013", "烟气压力", "kPa", "", "S08"),
        _P("a01014", "烟气湿度", "%", "", "S05"),
        _P("a01015", "制冷温度", "℃", "", "S06"),
        _P("a01016", "烟道截面积", "m²", "", "S07"),
        _P("a01017", "烟气动压", "kPa", "", "S04"),
        _P("a05001", "二氧化碳", "mg/m³", "kg", "30"),
        _P("a05024", "臭氧", "µg/m³", "", ""),
        _P("a19001", "氧气含量", "%", "", "S01"),
        _P("a20057", "汞及其化合物", "mg/m³", "kg", "31"),
        _P("a21001", "氨（氨气）", "mg/m³", "kg", "10"),
        _P("a21002", "氮氧化物", "mg/m³", "kg", "03"),
        _P("a21003", "一氧化氮", "mg/m³", "kg", ""),
        _P("a21004", "二氧化氮", "mg/m³", "kg", ""),
        _P("a21005", "一氧化碳", "mg/m³", "kg", "04"),
        _P("a21018", "氟化物", "mg/m³", "kg", "06"),
        _P("a21024", "氯化氢", "mg/m³", "kg", "08"),
        _P("a21026", "二氧化硫", "mg/m³", "kg", "02"),
        _P("a21028", "硫化氢", "mg/m³", "kg", "05"),
        _P("a24087", "碳氢化合物", "mg/m³", "kg", "25"),
        _P("a24088", "非甲烷总烃", "mg/m³", "kg", ""),
        _P("a34001", "总悬浮颗粒物", "µg/m³", "", ""),
        _P("a34002", "可吸入颗粒物PM10", "µg/m³", "", ""),
        _P("a34004", "细颗粒物PM2.5", "µg/m³", "", ""),
        _P("a34013", "烟尘（颗粒物）", "mg/m³", "kg", "01"),
        _P("LA", "A计权声级", "dB", "", ""),
        _P("Leq", "等效声级", "dB", "", ""),
        _P("Ld", "昼间等效声级", "dB", "", ""),
        _P("Ln", "夜间等效声级", "dB", "", ""),
        _P("Ldn", "昼夜等效声级", "dB", "", ""),
        _P("LMx", "最大声级", "dB", "", ""),
        _P("LMn", "最小声级", "dB", "", ""),
    ]
}

# The 2005 codes ("原编码") mapped to 2017 ones. Water codes have three digits,
# gas codes two, so the table needs no system code to tell them apart.
CODES_2005_TO_2017: dict[str, str] = {
    p.code_2005: p.code for p in POLLUTANTS.values() if p.code_2005
}

# Value fields (field names after the "-"): HJ 212-2017 6.3.3 and Table 4.
FIELD_LABELS: dict[str, str] = {
    "Rtd": "实时值",
    "Min": "最小值",
    "Avg": "平均值",
    "Max": "最大值",
    "Cou": "累计值",
    "ZsRtd": "折算实时值",
    "ZsMin": "折算最小值",
    "ZsAvg": "折算平均值",
    "ZsMax": "折算最大值",
    "Flag": "数据标记",
    "EFlag": "设备标记",
    "SampleTime": "采样时间",
    "Data": "噪声监测值",
    "DayData": "昼间噪声",
    "NightData": "夜间噪声",
    "RS": "运行状态",
    "RT": "运行时间",
    "Info": "现场端信息",
    "SN": "设备唯一标识",
}


def code_2017(code: str) -> str:
    """The HJ 212-2017 code of a pollutant code as sent (2005 codes translated)."""
    return CODES_2005_TO_2017.get(code, code)


def pollutant_name(code: str) -> str:
    pollutant = POLLUTANTS.get(code_2017(code))
    return pollutant.name if pollutant else code


def pollutant_unit(code: str, field: str = "Rtd") -> str:
    pollutant = POLLUTANTS.get(code_2017(code))
    if pollutant is None:
        return ""
    return pollutant.cou_unit if field == "Cou" else pollutant.unit


def flag_label(flag: str, *, version_2005: bool = False) -> str:
    table = FLAGS_2005 if version_2005 else FLAGS_2017
    return table.get(flag, f"未定义标记“{flag}”")
