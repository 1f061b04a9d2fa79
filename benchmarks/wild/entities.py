"""Synthetic UK patient and staff identifiers in the many formats real hospital systems print.

Every function takes a NumPy ``Generator`` and returns a string; nothing here is a real person.
NHS numbers carry a valid modulus-11 check digit; phone numbers come from Ofcom's ranges set
aside for drama; postcodes follow the real outward/inward pattern.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np


def _words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


# Names from many origins, as on any UK ward list.
FIRST_F = _words(
    """
Anita Sarah Emma Olivia Amelia Isla Ava Mia Grace Sophie Chloe Jessica Lucy Hannah Priya
Aisha Fatima Zainab Maryam Sana Noor Ayesha Harpreet Gurpreet Simran Deepa Lakshmi Anjali
Mei Ling Yan Xiu Hui Yuki Aiko Thi Linh Ngozi Chiamaka Adaeze Folake Yetunde Abena Ama Esi
Agnieszka Katarzyna Magdalena Ewa Zofia Ioana Elena Andreea Mihaela Ana Beatriz Ines
Catarina Siobhan Aoife Niamh Roisin Ciara Mairead Bethan Cerys Eira Rhiannon Morag Fiona
Kirsty Eilidh Margaret Dorothy Joan Patricia Barbara Jean Brenda Maureen Gwen Edith Hazel
Irene Doris Valerie Leila Yasmin Zeynep Elif Sofia Giulia Chiara Maria Despina Eleni Shanice
Keisha Tamara Precious
"""
)
FIRST_M = _words(
    """
Thomas John James William Oliver Harry George Jack Noah Leo Arthur Alfie Charlie Freddie
Mohammed Muhammad Ahmed Ali Hassan Omar Yusuf Ibrahim Imran Bilal Tariq Rajesh Sanjay Arjun
Vikram Harjit Manjit Gurdeep Ravi Sunil Wei Jun Hao Chen Kenji Hiroshi Minh Tuan Chidi Emeka
Obinna Kwame Kofi Tunde Segun Oluwaseun Piotr Tomasz Krzysztof Marek Andrei Bogdan Mihai
Joao Tiago Rui Sean Padraig Cian Eoin Declan Rhys Gareth Dafydd Emrys Callum Hamish Fraser
Angus Ewan Kenneth Raymond Dennis Brian Derek Trevor Clive Malcolm Leonard Albert Stanley
Frederick Kevin Mehmet Emre Mustafa Luca Marco Giuseppe Nikos Dimitri Andreas Delroy Winston
Leroy Tyrone Jermaine
"""
)
SURNAMES = _words(
    """
Hughes Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke
Clark Turner Hill Scott Cooper Morris Ward Moore King Watson Baker Harrison Morgan Patel
Price Okafor Okonkwo Adeyemi Adebayo Oyelaran Mensah Asante Boateng Owusu Nwosu Eze Obi
Achebe Balogun Khan Ahmed Hussain Ali Rahman Begum Akhtar Iqbal Mahmood Chaudhry Malik
Siddiqui Qureshi Shah Singh Kaur Sharma Gupta Mistry Desai Mehta Joshi Nair Pillai Reddy
Iyer Banerjee Chatterjee Chen Wang Li Zhang Liu Huang Wong Lam Cheung Nguyen Tran Pham Le
Kim Park Tanaka Sato Suzuki Kowalski Nowak Wisniewski Wojcik Lewandowski Kaminski Popescu
Ionescu Dumitru Stan Silva Santos Ferreira Pereira Costa Oliveira Rossi Russo Bianchi Romano
Esposito Papadopoulos Georgiou Yilmaz Kaya Demir Sahin Celik Murphy Kelly OSullivan Walsh
Byrne Ryan OBrien Doherty Gallagher Macdonald Campbell Stewart Robertson MacLeod Fraser
Mackenzie Cameron Reid Murray Ferguson Llewellyn Pritchard Griffiths Rees Powell Vaughan
Blackwood Campbell-Brown Ashworth Fairbrother Greenhalgh Butterworth Sutcliffe Ramsbottom
Haworth Whitfield Pemberton Okoro Abubakar Haile Tesfaye Kamara Conteh Sesay Diallo Traore
Mwangi Otieno Kariuki Ndlovu Moyo Dube Van-Der-Merwe Haddad Nasser Khalil Mansour Farah Abdi
Warsame Jama Hersi Rosenberg Cohen Levy Goldberg
"""
)
TITLES_F = ["Mrs", "Ms", "Miss", "Mrs", "Ms"]
TITLES_M = ["Mr", "Mr", "Master"]
STAFF_TITLES = ["Dr", "Dr", "Prof", "Mr", "Miss", "Sr"]

STREETS = _words(
    """
Mill Victoria Church Station High Park Queen King Albert Chapel Manor Green School Grove Elm
Oak Beech Ash Willow Cedar Meadow Orchard Springfield Highfield Westfield Brookside Windsor
York Stanley Granville Wellington Nelson Abbey Bridge Castle Rectory Vicarage Hollins
Kingsway Moorside Beaconsfield Coronation Jubilee Alexandra Salisbury Cavendish Bramley
Ravenscroft Dene Cherry Hawthorn Heather Larch Rowan Sycamore Thornhill Lindley
"""
)
STREET_TYPES = [
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Crescent",
    "Way",
    "Grove",
    "Gardens",
    "Terrace",
    "Court",
    "Place",
    "Rise",
    "Walk",
    "Mews",
    "View",
]
TOWNS = _words(
    """
Leeds Bradford Wakefield Harrogate Halifax Huddersfield Sheffield Rotherham Doncaster
Birmingham Solihull Wolverhampton Walsall Coventry Nottingham Derby Leicester Manchester
Salford Stockport Oldham Bolton Wigan Liverpool Bootle Preston Blackburn Lancaster Newcastle
Sunderland Gateshead Durham Middlesbrough York Hull Lincoln Norwich Ipswich Cambridge
Peterborough Luton Reading Oxford Swindon Bristol Bath Exeter Plymouth Truro Southampton
Portsmouth Brighton Crawley Canterbury Maidstone Croydon Bromley Ealing Harrow Enfield
Hackney Lewisham Cardiff Swansea Newport Wrexham Glasgow Edinburgh Dundee Aberdeen Inverness
Belfast Derry Carlisle Kendal
"""
)
AREAS = _words(
    """
Headingley Chapel-Allerton Roundhay Moseley Edgbaston Didsbury Chorlton Jesmond Clifton
Heaton Kirkstall Handsworth Sparkhill Erdington Withington Fallowfield Walkley Crookes Hove
"""
)
COUNTIES = [
    "West Yorkshire",
    "South Yorkshire",
    "Greater Manchester",
    "West Midlands",
    "Merseyside",
    "Lancashire",
    "Kent",
    "Essex",
    "Devon",
    "Cornwall",
    "Norfolk",
]
POSTCODE_AREAS = _words(
    """
B LS M SW1A EC1A W1A CF G EH BS NE L S NG LE CV OX CB PL EX BT BD HD HX WF DN YO HU LN NR IP
PE LU RG SN BA TR SO PO BN RH CT ME CR BR W HA EN E N SE SA NP LL AB DD IV CA LA PR BB BL WN
OL SK WA CH DE ST WS WV DY TS DH SR DL
"""
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MAIL_DOMAINS = [
    "nhs.net",
    "gmail.com",
    "outlook.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "btinternet.com",
    "icloud.com",
    "live.co.uk",
    "sky.com",
    "virginmedia.com",
]


def choice(rng: np.random.Generator, options: list[str] | tuple[str, ...]) -> str:
    """One element, picked by ``rng``."""
    return options[int(rng.integers(len(options)))]


def person_parts(rng: np.random.Generator) -> tuple[str, str, str]:
    """(title, first name, surname) of a random patient."""
    female = rng.random() < 0.5
    first = choice(rng, FIRST_F if female else FIRST_M)
    title = choice(rng, TITLES_F if female else TITLES_M)
    surname = choice(rng, SURNAMES)
    if surname in ("OSullivan", "OBrien"):
        surname = "O'" + surname[1:]
    return title, first, surname


def person(rng: np.random.Generator, style: str | None = None) -> str:
    """A patient's name as a PAS, board, band or letter prints it."""
    title, first, surname = person_parts(rng)
    styles = [
        "Surname, I.",
        "I. Surname",
        "Title I Surname",
        "First Surname",
        "SURNAME, First",
        "First SURNAME",
        "SURNAME First",
        "Title Surname",
        "Surname, First",
        "SURNAME, F",
        "Title First Surname",
        "Surname First",
    ]
    style = style or choice(rng, styles)
    initial = first[0]
    return {
        "Surname, I.": f"{surname}, {initial}.",
        "I. Surname": f"{initial}. {surname}",
        "Title I Surname": f"{title} {initial} {surname}",
        "First Surname": f"{first} {surname}",
        "SURNAME, First": f"{surname.upper()}, {first}",
        "First SURNAME": f"{first} {surname.upper()}",
        "SURNAME First": f"{surname.upper()} {first.upper()}",
        "Title Surname": f"{title} {surname}",
        "Surname, First": f"{surname}, {first}",
        "SURNAME, F": f"{surname.upper()}, {initial}",
        "Title First Surname": f"{title} {first} {surname}",
        "Surname First": f"{surname} {first}",
    }[style]


def staff(rng: np.random.Generator) -> str:
    """A doctor's or nurse's name: ``Dr A. Patel``, ``Sarah Jones``, ``Sr K Mensah``..."""
    _, first, surname = person_parts(rng)
    r = rng.random()
    if r < 0.45:
        dot = "." if rng.random() < 0.6 else ""
        return f"{choice(rng, STAFF_TITLES)} {first[0]}{dot} {surname}"
    if r < 0.8:
        return f"{first} {surname}"
    return f"{first} {surname[0]}"


def birth_date(rng: np.random.Generator) -> date:
    """A date of birth between 1925 and 2023."""
    return date(1925, 1, 1) + timedelta(days=int(rng.integers(0, 36000)))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(rng: np.random.Generator, d: date, style: str | None = None) -> str:
    """A date in one of the formats seen on wristbands, screens and letters."""
    mon = MONTHS[d.month - 1]
    styles = [
        "DD-MON-YYYY",
        "D Mon YYYY",
        "DD MON YYYY",
        "DD/MM/YY",
        "DD/MM/YYYY",
        "ISO",
        "Dth Month YYYY",
        "DD.MM.YYYY",
        "D Month YYYY",
        "DD-Mon-YYYY",
    ]
    style = style or choice(rng, styles)
    return {
        "DD-MON-YYYY": f"{d.day:02d}-{mon[:3].upper()}-{d.year}",
        "D Mon YYYY": f"{d.day} {mon[:3]} {d.year}",
        "DD MON YYYY": f"{d.day:02d} {mon[:3].upper()} {d.year}",
        "DD/MM/YY": f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",
        "DD/MM/YYYY": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "ISO": d.isoformat(),
        "Dth Month YYYY": f"{ordinal(d.day)} {mon} {d.year}",
        "DD.MM.YYYY": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "D Month YYYY": f"{d.day} {mon} {d.year}",
        "DD-Mon-YYYY": f"{d.day:02d}-{mon[:3]}-{d.year}",
    }[style]


def nhs_digits(rng: np.random.Generator) -> str:
    """Ten digits with a valid modulus-11 check digit."""
    while True:
        body = [int(rng.integers(1 if i == 0 else 0, 10)) for i in range(9)]
        check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, body)) + str(check)


def nhs_valid(number: str) -> bool:
    """True when the ten digits of ``number`` pass the modulus-11 check."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    return (0 if check == 11 else check) == digits[9]


def nhs_number(rng: np.random.Generator) -> str:
    """``943 476 5919``, ``9434765919`` or ``943-476-5919``."""
    n = nhs_digits(rng)
    sep = choice(rng, [" ", " ", "", "-"])
    return f"{n[:3]}{sep}{n[3:6]}{sep}{n[6:]}"


def hospital_number(rng: np.random.Generator) -> str:
    """A local hospital (MRN / PAS) number in one of several trusts' formats."""

    def digits(k: int) -> str:
        return "".join(str(int(rng.integers(10))) for _ in range(k))

    letter = choice(rng, list("ABDHKMNRSTWX"))
    trust = choice(rng, ["RJ1", "RTH", "RX1", "RR8", "RWE", "RM3", "R0A", "RHQ", "RTD", "RAL"])
    return choice(
        rng,
        [
            f"{trust} {digits(7)}",
            f"{letter}{digits(6)}",
            f"{letter}{digits(8)}",
            f"{trust}{digits(7)}",
            f"{letter}{digits(6)}",
            digits(8),
            f"{letter}{digits(7)}",
            f"{trust[:2]}{digits(6)}",
            f"{digits(3)}-{digits(4)}-{letter}",
        ],
    )


def postcode(rng: np.random.Generator) -> str:
    """A UK postcode: ``LS6 3AB``, ``B15 2TH``, ``SW1A 1AA``..."""
    area = choice(rng, POSTCODE_AREAS)
    # SW1A, EC1A, W1A: whole outward codes; otherwise an area and a district 1-28.
    district = "" if area[-1] == "A" and len(area) > 2 else str(int(rng.integers(1, 29)))
    letters = list(INWARD_LETTERS)
    inward = f"{int(rng.integers(10))}{choice(rng, letters)}{choice(rng, letters)}"
    return f"{area}{district} {inward}"


def phone(rng: np.random.Generator) -> str:
    """A UK phone number from Ofcom's drama ranges, in one of the usual spellings."""
    tail = f"{int(rng.integers(1000)):03d}"
    return choice(
        rng,
        [
            f"07700 900{tail}",
            f"07700900{tail}",
            f"0121 496 0{tail}",
            f"0113 496 0{tail}",
            f"0161 496 0{tail}",
            f"020 7946 0{tail}",
            f"+44 20 7946 0{tail}",
            f"01632 960{tail}",
            f"(0121) 496 0{tail}",
            f"+44 7700 900{tail}",
            f"0117 496 0{tail}",
            f"0131 496 0{tail}",
        ],
    )


def email(rng: np.random.Generator, first: str | None = None, surname: str | None = None) -> str:
    """An e-mail address, from the person's name when given."""
    if first is None or surname is None:
        _, first, surname = person_parts(rng)
    first, surname = first.lower(), surname.lower().replace("'", "").replace("-", "")
    local = choice(
        rng,
        [
            f"{first}.{surname}",
            f"{first[0]}{surname}",
            f"{first}{surname[:3]}",
            f"{first}.{surname}{int(rng.integers(1, 99))}",
            f"{surname}.{first[0]}",
        ],
    )
    return f"{local}@{choice(rng, MAIL_DOMAINS)}"


def street(rng: np.random.Generator) -> str:
    """``14 Mill Lane``, ``Flat 3, 22 Victoria Road``, ``7a Church Street``."""
    road = f"{choice(rng, STREETS)} {choice(rng, STREET_TYPES)}"
    number = int(rng.integers(1, 240))
    r = rng.random()
    if r < 0.2:
        return f"Flat {int(rng.integers(1, 30))}, {number} {road}"
    if r < 0.3:
        return f"{number}{choice(rng, ['a', 'b', 'A'])} {road}"
    return f"{number} {road}"


def town(rng: np.random.Generator) -> str:
    """A town line: ``Leeds``, ``Headingley, Leeds``, ``Halifax, West Yorkshire``."""
    r = rng.random()
    if r < 0.25:
        return f"{choice(rng, AREAS)}, {choice(rng, TOWNS)}"
    if r < 0.45:
        return f"{choice(rng, TOWNS)}, {choice(rng, COUNTIES)}"
    return choice(rng, TOWNS).upper() if rng.random() < 0.3 else choice(rng, TOWNS)
