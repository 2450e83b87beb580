"""One module per area of the product, each with `MESSAGES = {id: Msg(en=..., zh=...)}`."""
