"""Chinese words for command verbs and option keys: `/task 新建 写文档 截止：周五` is `/task add 写文档 due:周五`.

The grammar (`bot.grammar.parse_command`) turns each alias into its English word before any
command sees it, so every command gets them and English always works: an alias is never ASCII,
so it can never hide an English verb or key. `aliases_for(command)` lists them for help texts.
"""

from __future__ import annotations

import functools

from bot.i18n.tr import Mrkdwn, Tr

# Verbs every command has.
_COMMON_VERBS = {"帮助": "help"}

VERBS: dict[str, dict[str, str]] = {
    "/project": {
        "新建": "new", "创建": "new", "信息": "info", "概况": "info", "里程碑": "milestone",
        "成员": "members", "设置": "settings", "基线": "baseline", "支出": "spend",
        "花费": "spend", "关闭": "close", "结项": "close", "报告": "report", "时间线": "timeline",
        "甘特图": "timeline", "列表": "list",
    },
    "/task": {
        "新建": "add", "添加": "add", "列表": "list", "查看": "show", "详情": "show",
        "指派": "assign", "分配": "assign", "开始": "start", "进度": "progress", "完成": "done",
        "重开": "reopen", "重新打开": "reopen", "阻塞": "block", "解除阻塞": "unblock",
        "截止": "due", "改期": "due", "工时": "log", "记工时": "log", "依赖": "depend",
        "编辑": "edit", "修改": "edit", "取消": "cancel", "删除": "delete",
    },
    "/risk": {
        "新建": "add", "添加": "add", "列表": "list", "查看": "show", "详情": "show",
        "更新": "update", "修改": "update", "缓解": "mitigate", "应对": "mitigate",
        "关闭": "close", "已发生": "occurred", "发生": "occurred", "矩阵": "matrix",
    },
    "/resource": {
        "新建": "add", "添加": "add", "占用": "claim", "预订": "claim", "预约": "claim",
        "释放": "release", "归还": "release", "列表": "list", "负载": "load", "负荷": "load",
    },
    "/standup": {"请假": "away", "销假": "back", "报告": "report"},
}  # fmt: skip

# Words right after a verb that name what it does (`/task list 我的`, `/project members 添加`).
SUB_WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("/project", "members"): {"添加": "add", "新增": "add", "移除": "remove", "删除": "remove", "列表": "list"},
    ("/project", "milestone"): {"完成": "done"},
    ("/project", "report"): {"表格": "csv"},
    ("/task", "list"): {
        "我的": "mine", "逾期": "overdue", "阻塞": "blocked", "未完成": "open", "进行中": "open",
        "已完成": "done", "全部": "all",
    },
    ("/risk", "list"): {"未关闭": "open", "我的": "mine", "全部": "all"},
    ("/standup", "report"): {"今天": "today", "本周": "week", "上周": "last week"},
}  # fmt: skip

# Chinese words for the fixed values of options (`优先级:高`, `角色:干系人`, `类型:设备`).
VALUES: dict[str, str] = {
    "低": "low", "普通": "normal", "正常": "normal", "中": "normal", "高": "high", "紧急": "urgent",
    "负责人": "owner", "所有者": "owner", "成员": "member", "干系人": "stakeholder",
    "相关方": "stakeholder", "人员": "person", "设备": "equipment", "会议室": "room",
    "房间": "room", "许可证": "licence", "授权": "licence", "开": "on", "开启": "on",
    "关": "off", "关闭": "off", "实名": "named", "匿名": "anonymous",
}  # fmt: skip


def value(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """The English choice a Chinese value stands for, when it is one of `choices`; else `word`."""
    english = VALUES.get(word.strip())
    return english if english is not None and english in choices else word


# Option keys, the same in every command unless the command says otherwise below.
KEYS: dict[str, str] = {
    "截止": "due", "截止日期": "due", "到期": "due", "开始": "start", "开始日期": "start",
    "结束": "end", "结束日期": "end", "负责人": "owner", "估时": "est", "预估": "est",
    "工时": "hours", "优先级": "prio", "里程碑": "milestone", "依赖": "after", "前置": "after",
    "预算": "budget", "币种": "currency", "货币": "currency", "时区": "tz", "语言": "lang",
    "项目": "in", "标题": "title", "目标": "goal", "范围": "scope", "代号": "key", "角色": "role",
    "容量": "capacity", "原因": "reason", "可能性": "likelihood", "影响": "impact",
    "缓解": "mitigation", "缓解措施": "mitigation", "复查": "review", "复查日期": "review",
    "类型": "kind", "任务": "task", "周": "week", "周数": "weeks", "从": "from", "到": "to",
    "直到": "until", "站会": "standup", "工作日": "days", "周报": "digest",
    "周报发送到": "digest-to", "预警": "alerts", "站会提醒": "reminder", "站会汇总": "summary", "站会小结": "summary",
    "问卷": "survey", "移除": "remove",
}  # fmt: skip

# A key whose target here is None is not an option in that command: its value joins the text.
# In /task the owner is the mention itself (`/task add 写文档 负责人:@alice` = `… @alice`).
COMMAND_KEYS: dict[str, dict[str, str | None]] = {
    "/task": {"负责人": None, "工时": None},
    "/resource": {"开始": "from", "结束": "to", "任务": "for", "开始日期": "from", "结束日期": "to"},
    "/standup": {"开始": "from", "结束": "until", "到": "until"},
}  # fmt: skip

# The English keys each command reads: an alias turns into a key only where that key means something.
_USED_KEYS: dict[str, frozenset[str]] = {
    "/project": frozenset({
        "due", "start", "end", "budget", "currency", "goal", "scope", "key", "tz", "lang",
        "role", "capacity", "task", "milestone", "weeks", "in", "standup", "days", "digest",
        "digest-to", "alerts", "reminder", "summary", "survey",
    }),
    "/task": frozenset({"due", "start", "est", "prio", "milestone", "after", "remove", "in", "title"}),
    "/risk": frozenset({"likelihood", "impact", "owner", "mitigation", "review", "title", "reason", "in"}),
    "/resource": frozenset({"kind", "capacity", "for", "from", "to", "hours", "week", "in"}),
    "/standup": frozenset({"from", "until", "in"}),
}  # fmt: skip


def verb(command: str | None, word: str) -> str:
    """The English verb `word` stands for in `command` (the word itself when it is no alias)."""
    return _verbs(command or "").get(word, word)


def verb_first(command: str | None, text: str) -> str:
    """`text` with a Chinese verb at its start in English (`请假 直到:周五` → `away 直到:周五`)."""
    words = text.split(maxsplit=1)
    english = _verbs(command or "").get(words[0]) if words else None
    return " ".join([english, *words[1:]]) if english else text


def sub_word(command: str | None, verb_: str, word: str) -> str:
    """The English word a word after `verb_` stands for (`/task list 我的` → `mine`)."""
    return SUB_WORDS.get((command or "", verb_), {}).get(word, word)


def key(command: str | None, word: str) -> str | None:
    """The English option key `word` stands for; None when its value is plain text here."""
    return _keys(command or "").get(word, word)


def key_words(command: str | None) -> tuple[str, ...]:
    """Every Chinese key `command` reads, longest first (so `截止日期` wins over `截止`)."""
    return tuple(sorted(_keys(command or ""), key=len, reverse=True))


def aliases_for(command: str) -> dict[str, str]:
    """Chinese alias → English word for a command: verbs as `新建` → `add`, keys as `截止:` → `due:`.

    Keys that stand for no option of the command (the owner mention in /task) are left out.
    """
    out = dict(_verbs(command))
    for (cmd, verb_), words in SUB_WORDS.items():
        if cmd == command:
            out |= {f"{verb_} {alias}": f"{verb_} {english}" for alias, english in words.items()}
    out |= {f"{alias}:": f"{english}:" for alias, english in _keys(command).items() if english}
    return out


def alias_help(command: str, tr: Tr) -> str | None:
    """The line a Chinese help text ends with: the command's Chinese verbs and keys; None in English."""
    if tr.lang != "zh":
        return None
    verbs: dict[str, list[str]] = {}
    keys: dict[str, list[str]] = {}
    chinese = {english: alias for alias, english in reversed(_verbs(command).items())}
    for alias, english in aliases_for(command).items():
        verb_, _, word = alias.rpartition(" ")
        alias = (
            f"{chinese.get(verb_, verb_)} {word}" if verb_ else alias
        )  # 列表 我的, not list 我的
        (keys if alias.endswith(":") else verbs).setdefault(english, []).append(alias)
    return tr("aliases.help", verbs=Mrkdwn(_listed(verbs)), keys=Mrkdwn(_listed(keys) or "—"))


def _listed(groups: dict[str, list[str]]) -> str:
    """`新建/添加 = `add``: Chinese words as written, the English in code spans."""
    return " · ".join(f"{'/'.join(aliases)} = `{english}`" for english, aliases in groups.items())


@functools.cache
def _verbs(command: str) -> dict[str, str]:
    return _COMMON_VERBS | VERBS.get(command, {})


@functools.cache
def _keys(command: str) -> dict[str, str | None]:
    used = _USED_KEYS.get(command, frozenset())
    found = {**KEYS, **COMMAND_KEYS.get(command, {})}
    return {a: k for a, k in found.items() if k is None or k in used}
