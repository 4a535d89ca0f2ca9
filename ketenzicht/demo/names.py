"""Name pools per nationality and the spelling variants organisations produce.

The pools hold common given and family names of each nationality as they are
written in Dutch registrations. The variant tables hold the alternative
spellings that transliteration produces (Mohammed / Muhammad / Mohamed,
Tesfay / Tesfaye, Somali Maxamed), so the variation step can write the same
name the way another organisation would. Ukrainian names are kept in Cyrillic
and transliterated with one of the systems in use (the Ukrainian passport
system, the English/Russian style and the Dutch style).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    languages: str
    # "family_first": Vietnamese order (family, middle, given).
    order: str = "given_family"
    # Patronymic naming (Eritrea, Somalia): the "family name" is the father's given
    # name, optionally followed by the grandfather's.
    patronymic: bool = False
    middle_male: tuple[str, ...] = ()
    middle_female: tuple[str, ...] = ()
    # Share of persons known by one name only (common for Afghans).
    single_name_share: float = 0.0
    cyrillic: bool = False
    fathers: tuple[str, ...] = field(default_factory=tuple)


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ARABIC_MALE = _t(
    "Mohammed Ahmad Omar Ali Hassan Hussein Khaled Mahmoud Youssef Abdullah Ibrahim Mustafa "
    "Karim Bilal Amir Rami Samer Tarek Ziad Hamza Mazen Fadi Yaser Anas Majd Qusai Wael"
)
ARABIC_FEMALE = _t(
    "Fatima Aisha Mariam Noor Rania Layla Yasmin Huda Amal Zainab Rasha Salma Hala Dima Reem "
    "Lina Nour Ghada Batoul Sidra"
)

POOLS: dict[str, NamePool] = {
    "VNM": NamePool(
        male=_t(
            "Anh Minh Hùng Dũng Tuấn Nam Long Huy Quang Thanh Hải Sơn Đức Phúc Khánh Bảo "
            "Tùng Quân Hiếu Thắng Cường Trung Vinh Phong"
        ),
        female=_t(
            "Lan Hương Linh Trang Thảo Mai Ngọc Hoa Nhung Phương Hằng Vy Yến Huyền Thu "
            "Loan Diệp Quỳnh"
        ),
        family=_t(
            "Nguyễn Nguyễn Nguyễn Trần Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ "
            "Hồ Ngô Dương Lý Đinh Trịnh Đào"
        ),
        middle_male=_t("Văn Văn Văn Đức Minh Hữu Quốc Công Thành"),
        middle_female=_t("Thị Thị Thị Ngọc Thu Thanh Kim"),
        order="family_first",
        languages="Vietnamees",
    ),
    "ERI": NamePool(
        male=_t(
            "Yonas Dawit Tesfay Filmon Merhawi Biniam Kibrom Samuel Henok Robel Awet "
            "Yohannes Mulugeta Abel Amanuel Efrem Natnael Simon Temesgen Teklit Mehari "
            "Berhane Goitom Haben"
        ),
        female=_t(
            "Helen Selam Senait Lidya Yordanos Saba Rahel Mebrat Hiwet Eden Feven Winta "
            "Luwam Ruta Hanna Semhar"
        ),
        family=(),
        fathers=_t(
            "Tesfamariam Gebremedhin Haile Tekle Berhane Ghebreyesus Woldu Kidane Habte "
            "Mehari Zerai Weldemichael Abraha Tesfay Yohannes Gebru Kahsay Asmerom "
            "Tewelde Negash Ghirmay Okbay Andemariam"
        ),
        patronymic=True,
        languages="Tigrinya",
    ),
    "SYR": NamePool(
        male=ARABIC_MALE,
        female=ARABIC_FEMALE,
        family=_t(
            "al-Ahmad al-Hassan al-Khalil Haddad al-Hamoud Darwish Khoury al-Ali al-Masri "
            "Sabbagh al-Shami Najjar Kassab al-Halabi Hamdan al-Hussein Suleiman Ismail "
            "al-Omar Sheikh-Mousa Alloush Ibrahim Qassem"
        ),
        languages="Arabisch",
    ),
    "IRQ": NamePool(
        male=ARABIC_MALE,
        female=ARABIC_FEMALE,
        family=_t(
            "al-Jubouri al-Obaidi al-Dulaimi al-Tamimi Kareem al-Saadi Hussein Jabbar "
            "al-Rubaie Mahdi al-Shammari al-Zubaidi Abbas Kadhim al-Musawi Hamad"
        ),
        languages="Arabisch, Koerdisch",
    ),
    "MAR": NamePool(
        male=_t(
            "Mohamed Youssef Hamza Soufiane Ayoub Anas Ilyas Mehdi Rachid Said Hicham Adil "
            "Zakaria Othmane Nabil Bilal Yassine Imad Marouane Achraf Badr"
        ),
        female=_t(
            "Fatima Khadija Meryem Salma Imane Sanaa Nadia Houda Samira Hajar Zineb Asmae "
            "Kaoutar Loubna"
        ),
        family=_t(
            "El-Amrani Benali El-Idrissi Bouzid Ouali El-Fassi Benjelloun Tazi Alaoui "
            "Chakir Bennani Ait-Ahmed Haddou Ziani El-Ouardi Boukhari Lahlou Amrani "
            "Bakkali Ouazzani Rifi"
        ),
        languages="Arabisch, Tamazight",
    ),
    "DZA": NamePool(
        male=_t(
            "Mohamed Walid Sofiane Yacine Nassim Karim Amine Bilal Islam Mehdi Riad "
            "Redouane Abdelkader Hamza Youcef Sami Adel Fares Ayoub Lotfi"
        ),
        female=_t("Amina Meriem Sarah Lina Yasmine Nour Imane Khadidja Asma Rym Sabrina Nesrine"),
        family=_t(
            "Benaissa Belkacem Boudiaf Haddad Mansouri Cherif Kaci Meziane Benyahia "
            "Hamidi Saadi Boumediene Djebbar Bensalem Larbi Ouali Slimani Zerrouki"
        ),
        languages="Arabisch, Frans",
    ),
    "AFG": NamePool(
        male=_t(
            "Ahmad Mohammad Ali Abdul Rahim Karim Sohrab Bashir Nasir Jawad Habib Samiullah "
            "Zabihullah Hekmatullah Shafiq Omid Mirwais Rohullah Wahid Farid Hamid Sayed "
            "Mustafa Naveed Jamshid"
        ),
        female=_t(
            "Fatima Zahra Maryam Parwana Mursal Shabnam Nazanin Soraya Farzana Marzia "
            "Hamida Sakina Zarghona Madina"
        ),
        family=_t(
            "Ahmadi Rahimi Karimi Hakimi Noori Hussaini Mohammadi Sultani Amiri Jalali "
            "Popal Stanekzai Yousufzai Sadat Safi Haidari Azizi Qaderi Rezaei Wardak "
            "Nazari Sharifi Hotak"
        ),
        single_name_share=0.3,
        languages="Dari, Pashto",
    ),
    "NGA": NamePool(
        male=_t(
            "Chinedu Emeka Oluwaseun Tunde Ikechukwu Uche Babatunde Samuel Daniel Godwin "
            "Victor Kingsley Osas Efosa Friday Sunday Goodluck Prince Ifeanyi Musa"
        ),
        female=_t(
            "Blessing Joy Precious Favour Gift Faith Esther Mercy Osaretin Eghosa "
            "Adesuwa Ngozi Chioma Amaka Funmilayo Oluwakemi Success Princess Happiness "
            "Patience"
        ),
        family=_t(
            "Okafor Okonkwo Adeyemi Osagie Igbinedion Ogbebor Eze Obi Nwosu Adebayo "
            "Ibrahim Bello Omoregie Osaro Edosomwan Ehigiator Uwaifo Okoro Aigbe "
            "Obasuyi Idahosa Ogunleye"
        ),
        languages="Engels, Edo",
    ),
    "SOM": NamePool(
        male=_t(
            "Abdi Abdirahman Mohamed Ahmed Hassan Abdullahi Omar Ali Yusuf Mahad Liban "
            "Bashir Abdiaziz Mustafe Guled Hamse Said Farhan"
        ),
        female=_t(
            "Hodan Fadumo Amina Sahra Hawa Ifrah Nimco Ayaan Asha Ubah Hibo Sagal Muna Filsan"
        ),
        family=(),
        fathers=_t(
            "Abdi Warsame Farah Jama Hersi Egal Osman Nur Samatar Mohamud Guled Aden "
            "Ismail Mohamed Ahmed Hassan Yusuf Abdullahi Ali Duale Elmi"
        ),
        patronymic=True,
        languages="Somalisch",
    ),
    "UKR": NamePool(
        male=_t(
            "Олександр Андрій Сергій Дмитро Микола Олег Юрій Володимир Іван Максим "
            "Віталій Богдан Артем Денис"
        ),
        female=_t(
            "Олена Ірина Наталія Тетяна Оксана Юлія Катерина Анастасія Вікторія "
            "Світлана Марія Дарина Ольга Софія"
        ),
        family=_t(
            "Шевченко Коваленко Бондаренко Ткаченко Кравченко Мельник Бойко Олійник "
            "Коваль Мороз Лисенко Марченко Руденко Савченко Петренко Ковальчук "
            "Поліщук Гнатюк Шевчук Романенко"
        ),
        cyrillic=True,
        languages="Oekraïens, Russisch",
    ),
    "TUR": NamePool(
        male=_t(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Yusuf Ömer Burak "
            "Serkan Kemal Deniz Barış Cemal Recep Halil Mahmut"
        ),
        female=_t(
            "Ayşe Fatma Zeynep Elif Emine Hatice Merve Esra Özlem Gülsüm Dilan Rojda Şirin Leyla"
        ),
        family=_t(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan "
            "Doğan Kılıç Aslan Çetin Kara Koç Kurt Altun Bozkurt Ekinci Güler"
        ),
        languages="Turks, Koerdisch",
    ),
    "GIN": NamePool(
        male=_t(
            "Mamadou Ibrahima Alpha Amadou Abdoulaye Ousmane Moussa Sekou Mohamed Thierno "
            "Boubacar Souleymane Lansana Alseny Mamadi Fodé"
        ),
        female=_t(
            "Mariama Fatoumata Aissatou Kadiatou Hawa Aminata Djenabou Oumou Hadja Mabinty "
            "Kadija Ramatoulaye"
        ),
        family=_t(
            "Diallo Diallo Barry Bah Sow Camara Condé Keita Sylla Touré Soumah Bangoura "
            "Kouyaté Traoré Baldé Cissé Kaba Konaté Doumbouya"
        ),
        languages="Pular, Frans",
    ),
}

NATIONALITIES: tuple[str, ...] = tuple(POOLS)

# Groups of spellings of one name. Every member is a variant of the others.
_VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    # Arabic
    ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Mohammad", "Muhammed"),
    ("Ahmad", "Ahmed", "Ahmet"),
    ("Youssef", "Yousef", "Yusuf", "Youcef", "Yossef"),
    ("Hussein", "Hussain", "Husain", "Houssein", "Hossein"),
    ("Hassan", "Hasan", "Hassen"),
    ("Omar", "Umar", "Omer"),
    ("Khaled", "Khalid", "Chaled"),
    ("Mahmoud", "Mahmud", "Mahmood"),
    ("Abdullah", "Abdallah", "Abdulla", "Abdellah"),
    ("Ibrahim", "Ebrahim", "Brahim", "Ibraheem"),
    ("Mustafa", "Mustapha", "Moustafa", "Mostafa", "Mustafe"),
    ("Fatima", "Fatma", "Fatemeh", "Fatuma"),
    ("Aisha", "Aicha", "Aysha", "Aischa"),
    ("Mariam", "Maryam", "Meriem", "Meryem", "Miriam"),
    ("Noor", "Nour", "Nur", "Nuur"),
    ("Layla", "Leila", "Laila", "Leyla"),
    ("Zainab", "Zaynab", "Zeinab"),
    ("Yasmin", "Yasmine", "Jasmin"),
    ("Karim", "Kareem", "Kerim"),
    ("Tarek", "Tariq", "Tarik"),
    ("Ziad", "Ziyad", "Zyad"),
    ("Hamza", "Hamzah", "Hamze"),
    ("Rachid", "Rashid", "Rasheed"),
    ("Said", "Saeed", "Saïd", "Sayed", "Sayyid"),
    ("Zakaria", "Zakariya", "Zakariyya"),
    ("Soufiane", "Sofiane", "Sufyan", "Sofian"),
    ("Ayoub", "Ayyub", "Ayoeb"),
    ("Othmane", "Othman", "Osman", "Usman", "Cusmaan"),
    ("Walid", "Waleed", "Oualid"),
    ("Amine", "Amin", "Ameen"),
    ("Yacine", "Yassine", "Yassin", "Yasin"),
    ("Redouane", "Ridwan", "Redwan"),
    ("Ilyas", "Ilias", "Elias"),
    ("Mehdi", "Mahdi"),
    ("Hicham", "Hisham", "Hisam"),
    ("Bilal", "Belal"),
    ("Khadija", "Khadidja", "Khadeeja", "Kadija"),
    ("Qassem", "Kassem", "Qasim", "Kasim"),
    ("Suleiman", "Sulaiman", "Souleymane", "Sulayman", "Sleiman"),
    ("Ismail", "Ismael", "Esmail"),
    ("Kadhim", "Kazim", "Kadim"),
    ("Abbas", "Abas"),
    # Afghan
    ("Noori", "Nuri", "Noory"),
    ("Hussaini", "Husaini", "Hosseini"),
    ("Yousufzai", "Yousafzai", "Yusufzai"),
    ("Qaderi", "Qadiri", "Kaderi"),
    ("Rezaei", "Rezai", "Rezayi"),
    ("Samiullah", "Sami Ullah", "Samiulla"),
    ("Zabihullah", "Zabiullah", "Zabihulla"),
    ("Hekmatullah", "Hikmatullah"),
    ("Rohullah", "Ruhullah"),
    ("Mirwais", "Mir Wais", "Mirways"),
    # Tigrinya
    ("Tesfay", "Tesfaye", "Tesfai", "Tesfa"),
    ("Tesfamariam", "Tesfamaryam", "Tesfa Mariam"),
    ("Gebremedhin", "Ghebremedhin", "Gebremedin", "Gebre Medhin"),
    ("Ghebreyesus", "Gebreyesus", "Gebre Yesus"),
    ("Haile", "Hayle", "Hailu"),
    ("Tekle", "Teklay", "Tecle"),
    ("Berhane", "Berhe", "Berhan"),
    ("Woldu", "Weldu"),
    ("Weldemichael", "Woldemichael", "Welde Michael"),
    ("Yohannes", "Yohanes", "Johannes", "Yowhannes"),
    ("Dawit", "Dawid", "Dawitt"),
    ("Merhawi", "Mirhawi"),
    ("Kibrom", "Kbrom"),
    ("Mulugeta", "Mulgeta"),
    ("Amanuel", "Emanuel", "Amanual"),
    ("Natnael", "Natanael"),
    ("Temesgen", "Temesghen"),
    ("Abraha", "Abreha"),
    ("Yordanos", "Yordanus"),
    ("Senait", "Senayt"),
    ("Semhar", "Semhare"),
    ("Hiwet", "Hiwot"),
    ("Ghirmay", "Girmay"),
    # Somali orthography (Somali Latin uses x and c)
    ("Abdullahi", "Cabdullahi", "Abdulahi"),
    ("Abdirahman", "Cabdiraxmaan", "Abdirahmaan"),
    ("Mohamud", "Maxamuud", "Mahamoud"),
    ("Fadumo", "Faadumo", "Fatumo"),
    ("Ali", "Cali", "Aly"),
    ("Abdi", "Cabdi"),
    ("Aden", "Aaden", "Adan"),
    ("Jama", "Jaamac"),
    ("Hawa", "Xaawo", "Hawo"),
    ("Sahra", "Sahro", "Zahra"),
    # West African
    ("Mamadou", "Mamadu", "Mamoudou"),
    ("Ibrahima", "Ibrahim"),
    ("Aissatou", "Aïssatou", "Aysatou", "Aissata"),
    ("Fatoumata", "Fatumata", "Fatimata"),
    ("Kadiatou", "Kadijatou", "Hadiatou"),
    ("Ousmane", "Ousman", "Usman"),
    ("Thierno", "Tierno", "Cerno"),
    ("Boubacar", "Aboubacar", "Bubakar"),
    ("Djenabou", "Jenabou", "Dienabou"),
    ("Abdoulaye", "Abdulaye", "Abdoulay"),
    ("Chinedu", "Chinedum"),
    ("Ikechukwu", "Ikechuku"),
    ("Igbinedion", "Igbinidion"),
    ("Omoregie", "Omorogie"),
    ("Oluwaseun", "Seun", "Oluwasegun"),
    ("Babatunde", "Tunde"),
    ("Funmilayo", "Funmi"),
    ("Osaretin", "Osarentin"),
    ("Idahosa", "Idehosa"),
    # Vietnamese middle names are often dropped or merged
    ("Văn", "Van"),
    ("Thị", "Thi"),
    # Turkish spellings as Dutch forms write them without the Turkish letters
    ("Hüseyin", "Huseyin", "Hueseyin", "Hussein"),
    ("Öztürk", "Ozturk", "Oeztuerk"),
    ("Özdemir", "Ozdemir", "Oezdemir"),
    ("Ömer", "Omer", "Oemer"),
)

VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in _VARIANT_GROUPS:
    for _name in _group:
        VARIANTS[_name] = tuple(v for v in _group if v != _name) + VARIANTS.get(_name, ())

# --- Cyrillic (Ukrainian) transliteration --------------------------------------

_UA_NATIONAL = {  # Ukrainian national system (2010), used in passports
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
}
# Word-initial forms of the national system.
_UA_NATIONAL_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Older English-style romanisation (and forms taken over from Russian documents).
_UA_ENGLISH = dict(
    _UA_NATIONAL, **{"й": "y", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi", "і": "i", "ь": ""}
)
# Dutch transliteration as Dutch officials write names by ear.
_UA_DUTCH = dict(
    _UA_NATIONAL,
    **{
        "ж": "zj",
        "х": "ch",
        "ц": "ts",
        "ч": "tsj",
        "ш": "sj",
        "щ": "sjtsj",
        "у": "oe",
        "ю": "joe",
        "я": "ja",
        "й": "j",
        "є": "je",
        "ї": "ji",
        "и": "y",
        "г": "h",
    },
)
# Russian forms of the same given names (Oleksandr / Aleksandr).
_RUSSIAN_FORMS = {
    "Олександр": "Aleksandr",
    "Андрій": "Andrey",
    "Сергій": "Sergey",
    "Дмитро": "Dmitriy",
    "Микола": "Nikolay",
    "Олег": "Oleg",
    "Юрій": "Yuriy",
    "Володимир": "Vladimir",
    "Іван": "Ivan",
    "Максим": "Maksim",
    "Віталій": "Vitaliy",
    "Олена": "Elena",
    "Ірина": "Irina",
    "Наталія": "Natalia",
    "Тетяна": "Tatiana",
    "Юлія": "Yulia",
    "Катерина": "Ekaterina",
    "Анастасія": "Anastasia",
    "Вікторія": "Viktoria",
    "Світлана": "Svetlana",
    "Марія": "Maria",
    "Ольга": "Olga",
    "Софія": "Sofia",
    "Артем": "Artem",
    "Денис": "Denis",
}
TRANSLITERATIONS: tuple[str, ...] = ("national", "english", "dutch", "russian")


def transliterate(word: str, system: str = "national") -> str:
    """Romanise a Ukrainian name in one of the systems organisations use."""
    if system == "russian" and word in _RUSSIAN_FORMS:
        return _RUSSIAN_FORMS[word]
    table = {"national": _UA_NATIONAL, "english": _UA_ENGLISH, "dutch": _UA_DUTCH}.get(
        system, _UA_NATIONAL
    )
    out = []
    for i, ch in enumerate(word):
        low = ch.lower()
        if system == "national" and i == 0 and low in _UA_NATIONAL_INITIAL:
            latin = _UA_NATIONAL_INITIAL[low]
        else:
            latin = table.get(low, low)
        out.append(latin.capitalize() if ch.isupper() else latin)
    return "".join(out)


def romanise(name: str, system: str = "national") -> str:
    return " ".join(transliterate(part, system) for part in name.split())


# --- Arabic article -------------------------------------------------------------

ARTICLE_FORMS: tuple[str, ...] = ("al-", "Al-", "Al ", "El-", "el-", "El ", "Al", "")


def article_variant(family: str, rng: random.Random) -> str:
    """al-Hassan as Al Hassan, El-Hassan, Alhassan or Hassan."""
    lower = family.lower()
    for prefix in ("al-", "el-"):
        if lower.startswith(prefix):
            stem = family[len(prefix) :]
            form = rng.choice(ARTICLE_FORMS)
            return f"{form}{stem}" if form else stem
    return family


def spelling_variant(token: str, rng: random.Random) -> str | None:
    """Another spelling of one name token, or None when none is known."""
    options = VARIANTS.get(token)
    return rng.choice(options) if options else None


# --- Dutch staff names (the demo users) -------------------------------------------

DUTCH_GIVEN = _t(
    "Anouk Sanne Lotte Fleur Eva Iris Marloes Esther Judith Femke Ingrid Miriam Karin Nathalie "
    "Priya Fatima Samira Yasmina Lieke Saskia Ruud Jeroen Bas Thijs Martijn Joost Erik Pieter "
    "Sander Maarten Hans Wouter Niels Koen Mohamed Hakan Rachid Dennis Vincent Arjen"
)
DUTCH_FAMILY = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "van Dijk",
    "Postma",
    "Kramer",
    "El Amrani",
    "Yilmaz",
    "Ramdin",
    "Koster",
    "Hoekstra",
    "Prins",
    "Huisman",
    "Veenstra",
    "van Wijk",
    "Willems",
    "Sedney",
    "Boukhari",
    "Verbeek",
)
