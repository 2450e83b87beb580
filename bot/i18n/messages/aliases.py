"""Words for the Chinese aliases of verbs and keys (`bot.i18n.aliases`)."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "aliases.help": Msg(
        en="Chinese words work too. Verbs: {verbs}. Options: {keys}. English always works.",
        zh="也可以用中文：命令 {verbs}；选项 {keys}（冒号可用全角 `：`）。英文写法始终有效。",
    ),
}
