"""The Web API methods FakeSlack answers, a module a family; API maps each method to its answer."""

from __future__ import annotations

from collections.abc import Callable

from bot.testing.fake_state import Workspace
from bot.testing.web_api import auth, chat, conversations, files, views
from bot.testing.web_api.checks import Args

Api = Callable[[Workspace, Args], Args]

API: dict[str, Api] = {
    "auth.test": auth.auth_test,
    "oauth.v2.access": auth.oauth_access,
    "chat.postMessage": chat.post_message,
    "chat.postEphemeral": chat.post_ephemeral,
    "chat.update": chat.update,
    "chat.delete": chat.delete,
    "chat.getPermalink": chat.permalink,
    "conversations.open": conversations.conversations_open,
    "conversations.info": conversations.conversations_info,
    "conversations.members": conversations.conversations_members,
    "conversations.history": conversations.history,
    "conversations.replies": conversations.replies,
    "users.info": conversations.users_info,
    "users.list": conversations.users_list,
    "views.open": lambda ws, a: views.open_modal(ws, a, push=False),
    "views.push": lambda ws, a: views.open_modal(ws, a, push=True),
    "views.update": views.views_update,
    "views.publish": views.views_publish,
    "files.getUploadURLExternal": files.get_upload_url,
    "files.completeUploadExternal": files.complete_upload,
    "files.info": files.files_info,
    "reactions.add": chat.reactions_add,
}
