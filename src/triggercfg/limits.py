"""Platform limits shared by the models and the rules (PLATFORMS.md §1.10, §2.9).

Kept free of imports so that rules and configuration can use them without
loading Pydantic or a platform's models.
"""

#: Blaxel: an http-async task runs for 15 minutes at most (API: "max 900s, MK3 only").
MAX_ASYNC_TIMEOUT = 900
#: Cerebrium: an async run lasts 12 hours at most, bounded by response_grace_period.
MAX_GRACE_PERIOD = 43200
