"""`python -m bot.sandbox [--host] [--port] [--db] [--demo]`: the sandbox without the full CLI."""

from bot.sandbox.main import main

main()
