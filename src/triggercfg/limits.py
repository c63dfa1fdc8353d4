"""Platform facts shared by the models and the rules: limits
(https://docs.blaxel.ai/Agents/Asynchronous-triggers,
https://docs.cerebrium.ai/endpoints/async), Blaxel's trigger types and
Cerebrium's compute identifiers (https://docs.cerebrium.ai/hardware/using-gpus).

Kept free of imports so that rules and configuration can use them without
loading Pydantic or a platform's models.
"""

#: Blaxel: an http-async task runs for 15 minutes at most (API: "max 900s, MK3 only").
MAX_ASYNC_TIMEOUT = 900
#: Cerebrium: an async run lasts 12 hours at most, bounded by response_grace_period.
MAX_GRACE_PERIOD = 43200

#: Blaxel trigger types (the API's enum), and other words users write for them.
TRIGGER_TYPES = ("http", "http-async", "cron")
TRIGGER_TYPE_ALIASES = {
    "async": "http-async",
    "sync": "http",
    "scheduled": "cron",
    "crontab": "cron",
    "webhook": "http",
}

#: Current identifiers (docs "canonical 13-value enum"), then legacy ones.
COMPUTE = (
    "CPU",
    "TURING_T4",
    "AMPERE_A10",
    "ADA_L4",
    "ADA_L40",
    "INF2",
    "AMPERE_A100_40GB",
    "AMPERE_A100_80GB",
    "HOPPER_H100",
    "HOPPER_H200",
    "BLACKWELL_B200",
    "BLACKWELL_RTX6000",
    "TRN1",
)
LEGACY_COMPUTE = {
    "AMPERE_A100": "AMPERE_A100_80GB",
    "BLACKWELL_B300": None,
    "TURING_4000": None,
    "TURING_5000": None,
    "AMPERE_A4000": None,
    "AMPERE_A5000": None,
    "AMPERE_A6000": None,
    "T4": "TURING_T4",
    "A10": "AMPERE_A10",
}

#: Accelerators one replica may have, by compute type (PLATFORMS.md §2.4, corrected
#: by §3): 8 NVIDIA GPUs; an inf2.48xlarge has 12 Inferentia2 chips and a
#: trn1.32xlarge 16 Trainium chips. The models allow the largest.
MAX_ACCELERATORS = {"INF2": 12, "TRN1": 16}
MAX_GPUS = 8
MAX_GPU_COUNT = max(MAX_GPUS, *MAX_ACCELERATORS.values())
