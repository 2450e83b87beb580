"""The standup: the prompt, reminders, the answer modal, the summary, the report and blockers."""

from bot.i18n.catalog import Msg

# The prompt in the channel (the project's language).
MESSAGES = {
    "standup.title": Msg(
        en="Standup · {key} · {weekday} {day:iso}",
        zh="站会 · {key} · {day:md} {weekday}",
    ),
    "standup.prompt_text": Msg(
        en="{title}: reply in the thread with your update.",
        zh="{title}：请在消息列中回复你的进展。",
    ),
    "standup.no_members": Msg(
        en="Nobody is a member of this project yet, so nobody is asked. "
        "Add people with `/project members add @alice @bob`.",
        zh="这个项目还没有成员，所以没有人需要回答。用 `/project members add @alice @bob` 添加成员。",
    ),
    "standup.ask": Msg(
        en="Reply in this thread: what you did yesterday, what you'll do today, "
        "and anything blocking you (`blockers: waiting on T-12`).",
        zh="请在此消息列中回复：昨天做了什么、今天要做什么，以及遇到的阻塞（`阻塞：等待 T-12`）。",
    ),
    "standup.member": Msg(en="• {user}", zh="• {user}"),
    "standup.member_away": Msg(en="• {user} — _away_", zh="• {user} — _休假中_"),
    "standup.member_tasks": Msg(en="• {user} — {tasks}", zh="• {user} — {tasks}"),
    "standup.task_overdue": Msg(
        en=("`T-{number}` {title} (overdue {n} day)", "`T-{number}` {title} (overdue {n} days)"),
        zh="`T-{number}` {title}（已逾期 {n} 天）",
    ),
    "standup.task_due": Msg(
        en="`T-{number}` {title} (due {due:iso})",
        zh="`T-{number}` {title}（{due} 到期）",
    ),
    "standup.due_soon": Msg(en="due soon: {tasks}", zh="即将到期：{tasks}"),
    "standup.list_sep": Msg(en=", ", zh="、"),
    "standup.part_sep": Msg(en=" · ", zh="；"),
    "standup.still_blocked": Msg(en="*Still blocked from earlier days*", zh="*前几天遗留的阻塞*"),
    "standup.blocker": Msg(en="• {user}: {text}", zh="• {user}：{text}"),
    "standup.blocker_open": Msg(
        en=("• {user}: {text} — open {n} day", "• {user}: {text} — open {n} days"),
        zh="• {user}：{text} — 已持续 {n} 天",
    ),
    "standup.blocker_today": Msg(
        en="• {user}: {text} — open today", zh="• {user}：{text} — 今天提出"
    ),
    "standup.answer_button": Msg(en="Answer", zh="回答"),
    "standup.how_to_answer": Msg(
        en="Answer in the thread, with the button, or with `/standup` and your update.",
        zh="可在消息列中回复、点击按钮，或用 `/standup` 加上你的进展回答。",
    ),
}

# The reminder DM, the answer note in the thread and the summary.
MESSAGES |= {
    "standup.reminder": Msg(
        en="You haven't answered today's standup in *{key}* ({weekday} {day:iso}) yet.",
        zh="你还没有回答 *{key}* 今天（{day:md} {weekday}）的站会。",
    ),
    "standup.reminder_answered": Msg(
        en=":white_check_mark: You answered *{key}*'s standup for {day}. Thanks!",
        zh=":white_check_mark: 你已回答 *{key}* {day} 的站会，谢谢！",
    ),
    "standup.reminder_closed": Msg(
        en=":lock: *{key}*'s standup for {day} has closed: its summary is in the channel. "
        "Answers now go to today's standup (`/standup`).",
        zh=":lock: *{key}* {day} 的站会已结束，小结已发在频道里。现在请回答今天的站会（`/standup`）。",
    ),
    "standup.round_closed": Msg(
        en="*{key}*'s standup for {day} has closed (its summary is posted): your answer was not "
        "saved. Answer today's standup instead, with `/standup` in the project's channel.",
        zh="*{key}* {day} 的站会已结束（小结已发出），你的回答没有保存。"
        "请改为回答今天的站会：在项目频道里用 `/standup`。",
    ),
    "standup.answered": Msg(en="{user} answered:", zh="{user} 已回答："),
    "standup.line_yesterday": Msg(en="*Yesterday:* {text}", zh="*昨天：* {text}"),
    "standup.line_today": Msg(en="*Today:* {text}", zh="*今天：* {text}"),
    "standup.line_blockers": Msg(en="*Blockers:* {text}", zh="*阻塞：* {text}"),
    "standup.summary_title": Msg(
        en="Standup summary · {key} · {weekday} {day:iso}: {answered} of {asked} answered",
        zh="站会小结 · {key} · {day:md} {weekday}：已回答 {answered}/{asked} 人",
    ),
    "standup.blockers": Msg(en="*Blockers*", zh="*阻塞*"),
    "standup.no_blockers": Msg(en="*Blockers*: none reported.", zh="*阻塞*：无人报告。"),
    "standup.no_answer": Msg(en="*No answer:* {users}", zh="*未回答：* {users}"),
    "standup.away": Msg(en="Away: {users}", zh="休假：{users}"),
    "standup.nobody": Msg(en="Nobody is a member of this project yet.", zh="这个项目还没有成员。"),
    "standup.more_in_thread": Msg(
        en="…more answers in the thread above.", zh="…更多回答见上方消息列。"
    ),
}

# Escalation of a long blocker to the owners, and turning it into a risk.
MESSAGES |= {
    "standup.escalation": Msg(
        en=(
            ":rotating_light: In *{key}*, {user} has been blocked for {n} standup in a row "
            "(since {since:iso}): {text}",
            ":rotating_light: In *{key}*, {user} has been blocked for {n} standups in a row "
            "(since {since:iso}): {text}",
        ),
        zh=":rotating_light: 在 *{key}* 中，{user} 已连续 {n} 次站会被阻塞（自 {since:md} 起）：{text}",
    ),
    "standup.escalation_reported": Msg(
        en=":rotating_light: In *{key}*, {user} reported a blocker on {since:iso} and hasn't "
        "cleared it since: {text}",
        zh=":rotating_light: 在 *{key}* 中，{user} 于 {since:md} 报告了一个阻塞，至今未解除：{text}",
    ),
    "standup.escalation_tally": Msg(
        en=(
            "_Open for {n} standup: reported in {reported}, no answer in {unanswered}._",
            "_Open for {n} standups: reported in {reported}, no answer in {unanswered}._",
        ),
        zh="_已持续 {n} 次站会：其中 {reported} 次报告了它，{unanswered} 次未回答。_",
    ),
    "standup.escalation_tally_other": Msg(
        en=(
            "_Open for {n} standup: reported in {reported}, no answer in {unanswered}, "
            "answered without naming it in {other}._",
            "_Open for {n} standups: reported in {reported}, no answer in {unanswered}, "
            "answered without naming it in {other}._",
        ),
        zh="_已持续 {n} 次站会：其中 {reported} 次报告了它，{unanswered} 次未回答，"
        "{other} 次回答了但没有提到它。_",
    ),
    "standup.escalation_hint": Msg(
        en="A risk starts at likelihood 3 × impact 3, owned by the person who is blocked.",
        zh="转成的风险初始为可能性 3 × 影响 3，由被阻塞的人负责。",
    ),
    "standup.to_risk_button": Msg(en="Make it a risk", zh="转为风险"),
    "standup.blocker_gone": Msg(en="That blocker no longer exists.", zh="这个阻塞已不存在。"),
    "standup.owner_only_risk": Msg(
        en="Only an owner of *{key}* can turn a blocker into a risk.",
        zh="只有 *{key}* 的项目负责人可以把阻塞转为风险。",
    ),
    "standup.already_risk": Msg(
        en="This blocker is already risk `R-{number}` of *{key}*.",
        zh="这个阻塞已经是 *{key}* 的风险 `R-{number}`。",
    ),
    "standup.already_a_risk": Msg(
        en="This blocker is already a risk.", zh="这个阻塞已经转为风险了。"
    ),
    "standup.made_risk": Msg(
        en=":white_check_mark: {user} made it risk `R-{number}` of *{key}*: {title}",
        zh=":white_check_mark: {user} 已将其转为 *{key}* 的风险 `R-{number}`：{title}",
    ),
    "standup.new_risk": Msg(
        en=":warning: New risk `R-{number}` (likelihood 3 × impact 3) from a blocker open for "
        "several standups: {title} — proposed by {user}.",
        zh=":warning: 新风险 `R-{number}`（可能性 3 × 影响 3），来自连续多次站会未解决的阻塞："
        "{title} — 由 {user} 提出。",
    ),
}

# The answer modal (plain text) and answering.
MESSAGES |= {
    "standup.modal_title": Msg(en="Standup {key}", zh="站会 {key}"),
    "standup.modal_context": Msg(
        en="*{name}* · {weekday} {day:iso}", zh="*{name}* · {day:md} {weekday}"
    ),
    "standup.send": Msg(en="Send", zh="提交"),
    "standup.cancel": Msg(en="Cancel", zh="取消"),
    "standup.field_yesterday": Msg(en="Yesterday", zh="昨天"),
    "standup.field_today": Msg(en="Today", zh="今天"),
    "standup.field_blockers": Msg(en="Blockers", zh="阻塞"),
    "standup.hint_yesterday": Msg(en="What you finished", zh="已完成的工作"),
    "standup.hint_today": Msg(en="What you'll work on", zh="今天要做的工作"),
    "standup.hint_blockers": Msg(
        en="Anything in your way; name tasks like T-12", zh="遇到的阻塞；可写任务编号，如 T-12"
    ),
    "standup.modal_empty": Msg(
        en="Say at least what you'll do today.", zh="至少写一下今天要做什么。"
    ),
    "standup.field_too_long": Msg(
        en="This is {length} characters; keep it to {max}.",
        zh="这里有 {length} 个字符；请控制在 {max} 个以内。",
    ),
    "standup.answer_too_long": Msg(
        en="The answer is {length} characters; keep it to {max}.",
        zh="回答有 {length} 个字符；请控制在 {max} 个以内。",
    ),
    "standup.in_words": Msg(
        en="Say what you did and will do, in words.",
        zh="请用文字说明你做了什么、要做什么。",
    ),
    "standup.members_only": Msg(
        en="Only members of *{key}* answer its standup. "
        "An owner can add you with `/project members add @you`.",
        zh="只有 *{key}* 的成员需要回答站会。项目负责人可以用 `/project members add @you` 把你加进来。",
    ),
    "standup.answer_saved": Msg(
        en=":white_check_mark: Your answer is in the *{key}* standup of {day:iso}.",
        zh=":white_check_mark: 你的回答已记入 *{key}* {day} 的站会。",
    ),
}

# A day with no standup, one message per weekday (English says "on Saturdays").
MESSAGES |= {
    f"standup.no_standup_on.{wd}": Msg(
        en=f"*{{key}}* has no standup on {en}s; answer on the next standup day.",
        zh=f"*{{key}}* {zh}没有站会；请在下一个站会日回答。",
    )
    for wd, en, zh in (
        ("mon", "Monday", "周一"),
        ("tue", "Tuesday", "周二"),
        ("wed", "Wednesday", "周三"),
        ("thu", "Thursday", "周四"),
        ("fri", "Friday", "周五"),
        ("sat", "Saturday", "周六"),
        ("sun", "Sunday", "周日"),
    )
}

# Absences and the report.
MESSAGES |= {
    "standup.away_until_missing": Msg(
        en="Say until when you're away.", zh="请说明你休假到哪一天。"
    ),
    "standup.away_past": Msg(
        en="`until:` is {end:iso}, which has already passed; give the last day you're away.",
        zh="`until:` 是 {end}，已经过去了；请写你休假的最后一天。",
    ),
    "standup.away_backwards": Msg(
        en="`until:` ({end:iso}) is before `from:` ({start:iso}).",
        zh="`until:`（{end}）早于 `from:`（{start}）。",
    ),
    "standup.note_too_long": Msg(
        en="The note is {length} characters; keep it to {max}.",
        zh="备注有 {length} 个字符；请控制在 {max} 个以内。",
    ),
    "standup.away_set": Msg(
        en=":palm_tree: You're away {start:iso} → {end:iso}: no standup prompts or reminders, "
        "and your capacity is reduced for those days. `/standup back` ends it early.",
        zh=":palm_tree: 你在 {start} → {end} 休假：这些天不会收到站会消息和提醒，"
        "可用工时也相应减少。`/standup back` 可提前结束。",
    ),
    "standup.away_set_note": Msg(
        en=":palm_tree: You're away {start:iso} → {end:iso} ({note}): no standup prompts or "
        "reminders, and your capacity is reduced for those days. `/standup back` ends it early.",
        zh=":palm_tree: 你在 {start} → {end} 休假（{note}）：这些天不会收到站会消息和提醒，"
        "可用工时也相应减少。`/standup back` 可提前结束。",
    ),
    "standup.not_away": Msg(
        en="You weren't marked away today; nothing to change.",
        zh="你今天没有标记为休假，无需更改。",
    ),
    "standup.welcome_back": Msg(
        en=":wave: Welcome back — standup prompts and reminders are on again.",
        zh=":wave: 欢迎回来——站会消息和提醒已重新开启。",
    ),
    "standup.report_not_yet": Msg(en="{day:iso} hasn't happened yet.", zh="{day} 还没到。"),
    "standup.report_day_title": Msg(
        en="Standup report · {key} · {day:iso}", zh="站会报告 · {key} · {day}"
    ),
    "standup.report_week_title": Msg(
        en="Standup report · {key} · week of {day:iso}",
        zh="站会报告 · {key} · {day:md} 起的一周",
    ),
    "standup.report_none": Msg(
        en="{title}: no standups were held then.", zh="{title}：那段时间没有站会。"
    ),
    "standup.report_day": Msg(en="*{weekday} {day:iso}*", zh="*{day:md} {weekday}*"),
}

# `/standup help`.
MESSAGES |= {
    "standup.help_title": Msg(en="`/standup` help", zh="`/standup` 帮助"),
    "standup.help_intro": Msg(
        en="The daily standup of this channel's project; `in:KEY` names a project from elsewhere.",
        zh="本频道项目的每日站会；`in:KEY` 指定其他频道的项目。",
    ),
    "standup.help_modal": Msg(
        en="open the answer form for today's standup", zh="打开今天站会的回答表单"
    ),
    "standup.help_example_line": Msg(
        en="`/standup fixed the login bug; today: reviews; blockers: waiting on T-12`",
        zh="`/standup 修好了登录问题；今天：评审；阻塞：等待 T-12`",
    ),
    "standup.help_example_away": Msg(
        en='`/standup away from:"next monday" until:"next friday" "conference"`',
        zh='`/standup away from:下周一 until:下周五 "大会"`',
    ),
    "standup.help_example_report": Msg(
        en='`/standup report week` · `/standup report "last monday"`',
        zh="`/standup report 本周` · `/standup report 上周一`",
    ),
    "standup.help_line": Msg(en="answer in one line", zh="用一行文字回答"),
    "standup.help_away": Msg(
        en="no prompts or reminders while away", zh="休假期间不发站会消息和提醒"
    ),
    "standup.help_back": Msg(en="end an absence early", zh="提前结束休假"),
    "standup.help_report": Msg(en="today's standup, compiled", zh="今天站会的汇总"),
    "standup.help_report_week": Msg(en="a week, or a given day", zh="一周或指定某天的汇总"),
}
