"""Common given names (England and Wales birth registrations and US census lists of the last
century, lower-cased), used to spot a person's name with no label in front of it: "John Smith".
Words that are also ordinary nouns on hospital signs (Bay, Ward, Rose...) are left out."""

from __future__ import annotations

FIRST_NAMES: frozenset[str] = frozenset(
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
    """.split()  # noqa: SIM905
)
