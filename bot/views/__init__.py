"""View models: the plain, frozen data each Block Kit builder in `bot/blocks` is given.

One module per area (`bot/views/task.py`, …). A view model holds what a surface shows, already
decided (a task's ref, title, owner id, due date, whether it is overdue, its status band), as
strings, numbers, dates and enums; never an ORM row, a session or a client. Services (or
commands) build them; blocks write them in the reader's language with `bot.i18n.Tr`. Nothing here
imports `bot.store`, `bot.services`, `bot.runtime` or Slack (tests/test_layers.py).
"""
