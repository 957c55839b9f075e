"""termsearch: search Chinese government reports and their glossaries across scripts, pinyin and English."""
__version__ = "0.1.0"
