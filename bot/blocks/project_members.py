"""Block Kit for `/project members`: the list, who joined (or was already in), who left."""

from __future__ import annotations

from bot.blocks.common import Reply
from bot.blocks.project import mention
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.views.project import Joined, MemberView


def members_list(key: str, members: tuple[MemberView, ...], tr: Tr) -> Reply:
    lines = [
        tr(
            "project.member_line",
            user=mention(m.user_id),
            role=tr.plain(f"home.role.{m.role}"),
            hours=tr.hours(m.capacity),
        )
        if m.role != "stakeholder"  # follows the project: no hours of work to give it
        else tr(
            "project.member_follows",
            user=mention(m.user_id),
            role=tr.plain("home.role.stakeholder"),
        )  # fmt: skip
        for m in members
    ]
    return Reply(text=tr("project.members_title", key=key) + "\n" + "\n".join(lines))


def members_added(key: str, joined: list[Joined], role: str, tr: Tr) -> Reply:
    """Who joined, said to the channel; who was already in is said so, with what changed (their
    role, their hours), not announced as joining again. Nothing new and nothing changed is
    said to the person alone."""
    lines = []
    new = [j.user_id for j in joined if j.new]
    if new:
        who, n = Mrkdwn(", ".join(f"<@{u}>" for u in new)), len(new)
        role_name = Phrase(f"project.now_role.{role}", n=n)
        lines.append(tr("project.members_added", n=n, who=who, role=role_name, key=key))
    same = [j.user_id for j in joined if not j.new and not j.changed]
    if same:
        who, n = Mrkdwn(", ".join(f"<@{u}>" for u in same)), len(same)
        role_name = Phrase(f"project.now_role.{role}", n=n)
        lines.append(tr("project.members_already", n=n, who=who, role=role_name, key=key))
    for j in joined:
        if not j.new and j.changed:
            lines.append(tr("project.member_changed", user=mention(j.user_id), key=key, changes=Mrkdwn(_changes(j, tr))))  # fmt: skip
    return Reply(text="\n".join(lines), in_channel=bool(new) or len(same) < len(joined))


def _changes(j: Joined, tr: Tr) -> str:
    said = []
    if j.old_role != j.role:
        old, new = (tr.plain(f"home.role.{r}") for r in (j.old_role, j.role))
        said.append(tr("project.member_role_changed", old=old, new=new))
    if j.old_capacity != j.capacity and j.old_capacity is not None:
        said.append(tr("project.member_hours_changed", old=tr.hours(j.old_capacity), new=tr.hours(j.capacity)))  # fmt: skip
    if len(said) == 2:
        return tr("project.changes_both", first=Mrkdwn(said[0]), then=Mrkdwn(said[1]))
    return said[0]


def members_removed(key: str, still_own: dict[str, list[int]], tr: Tr) -> Reply:
    """Who left the project; for each who still owns open tasks there, which, to reassign."""
    who = Mrkdwn(", ".join(f"<@{u}>" for u in still_own))
    lines = [tr("project.members_removed", who=who, key=key)]
    for user_id, numbers in still_own.items():
        if numbers:
            refs = Mrkdwn(", ".join(f"`T-{n}`" for n in numbers))
            lines.append(
                tr(
                    "project.removed_still_owns",
                    user=Mrkdwn(f"<@{user_id}>"),
                    refs=refs,
                    n=len(numbers),
                    first=numbers[0],
                )  # fmt: skip
            )
    return Reply(text="\n".join(lines), in_channel=True)
