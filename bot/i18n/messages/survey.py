"""The evaluation survey: its DM, modal, thank-you and refusals."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "survey.invitation": Msg(
        en=":clipboard: *{key}* ({name}) has ended. How did it go? The survey takes a minute.",
        zh=":clipboard: 项目 *{key}* · {name} 已结束。进展如何？填写问卷只需一分钟。",
    ),
    "survey.reminder": Msg(
        en=":bell: A reminder: the survey on *{key}* ({name}) is waiting for your answer. How did "
        "it go? It takes a minute.",
        zh=":bell: 提醒一下：项目 *{key}* · {name} 的评估问卷还在等你作答。进展如何？只需一分钟。",
    ),
    "survey.anonymous": Msg(
        en="Your answers are anonymous: the report shows what was said, never who said it.",
        zh="你的回答是匿名的：报告只显示回答内容，不显示是谁回答的。",
    ),
    "survey.named": Msg(
        en="The report quotes your written answers with your name.",
        zh="报告会引用你的文字回答，并署上你的名字。",
    ),
    "survey.answer_button": Msg(en="Answer the survey", zh="填写问卷"),
    "survey.change_button": Msg(en="Change my answers", zh="修改我的回答"),
    "survey.modal_title": Msg(en="{key} survey", zh="{key} 问卷"),
    "survey.send": Msg(en="Send", zh="提交"),
    "survey.later": Msg(en="Later", zh="稍后"),
    "survey.rating_label": Msg(en="{rating} (1–5)", zh="{rating}（1–5）"),
    "survey.rating_placeholder": Msg(en="Choose 1 to 5", zh="选择 1 到 5"),
    "survey.rating_schedule": Msg(en="Schedule", zh="进度"),
    "survey.rating_cost": Msg(en="Cost", zh="成本"),
    "survey.rating_quality": Msg(en="Quality", zh="质量"),
    "survey.rating_collaboration": Msg(en="Collaboration", zh="协作"),
    "survey.scale_option": Msg(en="{n} — {label}", zh="{n} — {label}"),
    "survey.scale_1": Msg(en="poor", zh="很差"),
    "survey.scale_2": Msg(en="weak", zh="较差"),
    "survey.scale_3": Msg(en="fair", zh="一般"),
    "survey.scale_4": Msg(en="good", zh="良好"),
    "survey.scale_5": Msg(en="excellent", zh="优秀"),
    "survey.ask_went_well": Msg(en="What went well?", zh="哪些地方做得好？"),
    "survey.ask_to_improve": Msg(en="What should we do differently?", zh="哪些地方应该改进？"),
    "survey.thanks": Msg(
        en=":white_check_mark: Thank you! Your answers to the *{key}* survey are in.",
        zh=":white_check_mark: 谢谢！你对 *{key}* 问卷的回答已提交。",
    ),
    "survey.rating_given": Msg(en="{rating} {n} — {label}", zh="{rating} {n} — {label}"),
    "survey.gave_went_well": Msg(en="*What went well:* {answer}", zh="*做得好的：* {answer}"),
    "survey.gave_to_improve": Msg(
        en="*What to do differently:* {answer}", zh="*应该改进的：* {answer}"
    ),
    "survey.change_until": Msg(
        en="You can change them until {when}.", zh="在 {when} 之前可以修改。"
    ),
    "survey.closed_report_out": Msg(
        en=":lock: The *{key}* survey has closed and its report is out: "
        "answers can no longer be given or changed.",
        zh=":lock: *{key}* 问卷已关闭，报告已发布：不能再提交或修改回答。",
    ),
    "survey.already_closed": Msg(en="*{key}* is already closed.", zh="*{key}* 已经关闭。"),
    "survey.not_found": Msg(en="That survey doesn't exist.", zh="该问卷不存在。"),
    "survey.closed": Msg(
        en="This survey has closed; its report is out.", zh="该问卷已关闭，报告已发布。"
    ),
    "survey.members_only": Msg(
        en="Only the project's members answer its survey.", zh="只有项目成员才能填写该问卷。"
    ),
    # The day after a project's end date, when it was not closed: the channel is told once.
    "survey.end_passed_open": Msg(
        en=(
            ":hourglass: *{key}* passed its end date ({end}) with {n} open task{overdue}.",
            ":hourglass: *{key}* passed its end date ({end}) with {n} open tasks{overdue}.",
        ),
        zh=":hourglass: *{key}* 已过结束日期（{end}），仍有 {n} 个未完成任务{overdue}。",
    ),
    "survey.end_passed_overdue": Msg(en=" ({n} overdue)", zh="（{n} 个逾期）"),
    "survey.end_passed_done": Msg(
        en=":hourglass: *{key}* passed its end date ({end}) with all tasks done.",
        zh=":hourglass: *{key}* 已过结束日期（{end}），所有任务均已完成。",
    ),
    "survey.end_passed_no_tasks": Msg(
        en=":hourglass: *{key}* passed its end date ({end}) with no open tasks.",
        zh=":hourglass: *{key}* 已过结束日期（{end}），没有未完成的任务。",
    ),
    "survey.end_passed_surveyed": Msg(
        en=(
            "The evaluation survey went to {n} member.",
            "The evaluation survey went to {n} members.",
        ),
        zh="评估问卷已发给 {n} 位成员。",
    ),
    "survey.end_passed_surveyed_before": Msg(
        en=(
            "The evaluation survey went to {n} member on {day:iso}, when the earlier end date passed.",
            "The evaluation survey went to {n} members on {day:iso}, when the earlier end date passed.",
        ),
        zh="评估问卷已在原结束日期过后于 {day:md} 发给 {n} 位成员。",
    ),
    "survey.end_passed_next_open": Msg(
        en="`/task list open` shows what is left; `/project settings end:<date>` moves the end "
        "date; `/project close` closes the project.",
        zh="用 `/task list open` 查看未完成的任务；用 `/project settings end:<日期>` 推迟结束日期；"
        "用 `/project close` 关闭项目。",
    ),
    "survey.end_passed_next_done": Msg(
        en="Close it with `/project close`.", zh="用 `/project close` 关闭项目。"
    ),
    "survey.end_passed_owners": Msg(en="For the project's owners: {who}", zh="项目负责人：{who}"),
    "survey.rate_1_to_5": Msg(en="Choose a rating from 1 to 5.", zh="请选择 1 到 5 的评分。"),
}
