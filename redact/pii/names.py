"""Given names and surnames, lower-cased, used to spot a person's name with no label in front of
it: "John Smith", "T Hughes".

``FIRST_NAMES`` is a hand-made list of common British given names (some of them also words,
such as "Mark"; Scottish and Welsh ones the other lists lack) joined with
``data/first_names.txt``: about 19,000 given names from the US census and
Faker's 86 Latin-script locales, with English words left out (Will, Grace, Bay...).
``SURNAMES`` is ``data/surnames.txt``: about 42,000 surnames from the same sources. Both files are
re-derived by ``scripts/make_name_lists.py``.
"""

from __future__ import annotations

from importlib.resources import files


def _load(name: str) -> frozenset[str]:
    text = files("redact.pii").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


COMMON_FIRST_NAMES: frozenset[str] = frozenset(
    """
    aaron abigail adam adrian ahmed aisha alan albert alex alexander alexandra alfie ali alice
    alison amanda amber amelia amir amy andrea andrew angela anita ann anna anne annie anthony
    archie arthur ashley barbara barry ben benjamin beth bethany betty beverley bill billy
    brenda brian bruce callum cameron carl carol caroline catherine charles charlie charlotte
    chloe chris christina christine christopher claire clare colin connor craig daisy daniel
    danielle darren david dawn dean deborah debra denise dennis derek diana diane donald donna
    dorothy douglas dylan edward eileen elaine eleanor elizabeth ella ellie emily emma eric
    ethan evie fatima fiona florence frances francesca frank freya gary gemma geoffrey george
    georgia gillian glenn gordon grace graham hannah harriet harry harvey hayley heather helen
    henry holly ian imran isaac isabel isabella isla ivy jack jacob jacqueline james jamie jane
    janet janice jason jay jean jeffrey jennifer jeremy jessica jill joan joanne joe john
    jonathan joseph joshua joyce judith julia julie justin karen kate katherine kathleen katie
    kayleigh keith kelly kenneth kevin kieran kim kirsty laura lauren leah lee leo leon lesley
    lewis liam lily linda lisa logan louis louise lucy luke lynn malcolm margaret maria marie
    mark martin mary mason matthew maureen megan melanie michael michelle mohammed mohammad
    muhammad nancy natalie nathan neil nicholas nicola nigel noah oliver olivia oscar owen
    pamela patricia patrick paul pauline peter philip phoebe priya rachel raj rebecca richard
    robert robin ruby russell ruth ryan sally samantha samuel sandra sarah scott sean sharon
    shaun sheila shirley simon sophia sophie stacey stephanie stephen steven stuart susan
    suzanne teresa theo theresa thomas timothy tina toby tom tony tracey tracy valerie vanessa
    victoria vincent wayne wendy william yasmin yvonne zara zoe
    morag eilidh ailsa fionn dafydd cerys seren gethin ruaridh ruairidh alasdair mhairi
    """.split()  # noqa: SIM905
)
# Titles are not given names, whatever a locale's list holds.
TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "sister"])
FIRST_NAMES: frozenset[str] = (COMMON_FIRST_NAMES | _load("first_names.txt")) - TITLES
SURNAMES: frozenset[str] = _load("surnames.txt")

# Words that follow a name when the name is a place's: "Florence Ward", "Nightingale Unit". A
# name followed by one of these is not taken for a person, and none of them is taken for a
# surname after an initial ("A Ward", "B Wing"). Surnames that are also place words but name
# people far more often on a badge or a list (Hall, Hill, Park, Lane, Court) are not here.
PLACE_WORDS: frozenset[str] = frozenset(
    """
    ward wards unit suite wing centre center house building clinic theatre theatres department
    bay bed block floor level zone room lift exit entrance road street gate door area hospital
    library garden gardens lodge ray side team north south east west
    """.split()  # noqa: SIM905
)
