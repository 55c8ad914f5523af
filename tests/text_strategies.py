"""Generated article text for the property tests: prose in several languages and scripts, junk, whitespace."""
from __future__ import annotations

from hypothesis import strategies as st

# Words of languages the loader knows (en, id), others that langdetect knows, and other scripts.
WORDS = (
    "the minister said on Tuesday that talks with port workers would resume next week in Jakarta "
    "menteri mengatakan pada hari Selasa bahwa perundingan dengan pekerja pelabuhan akan dilanjutkan "
    "le ministre a déclaré mardi que les négociations reprendraient la semaine prochaine "
    "министр заявил во вторник что переговоры возобновятся на следующей неделе "
    "قال الوزير يوم الثلاثاء إن المحادثات ستستأنف 部长 周二 表示 谈判 将于 下周 恢复 "
    "รัฐมนตรี กล่าว ว่า การเจรจา 大臣は 火曜日に 述べた 🚢 ⚓ 2024 12,5% Rp1.500 U.S. Dr. Jl."
).split()
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join).map(lambda s: s + ".")
PROSE = st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join)
BOILERPLATE = st.sampled_from(["Advertisement", "Back to top", "Share this article", "Leave a comment", ""])
TEXT = st.one_of(
    st.lists(st.one_of(PROSE, BOILERPLATE), min_size=1, max_size=6).map("\n".join),
    st.text(max_size=300),
    st.text(alphabet=" \t\n\r\x0b\x0c\u2028\u00a0", max_size=20),  # only whitespace
)
