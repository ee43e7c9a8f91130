"""Words that look like place names in capitalised text but are not places.

``COMMON_WORDS``: English words (and demonyms) that never become a one-word place, however
many villages the gazetteer has by that name. ``BLOCKED_PHRASES``: actor, outlet and
organisation names whose words must not yield places ("Islamic State of Iraq and Syria" is
not a mention of Iraq or Syria). ``PERSON_TITLES``: a capitalised word after these is a
person. ``GIVEN_NAMES``: common first names; a run of capitalised words that starts with one
is a person ("Rami Abdel-Rahman", "Ahmed Jamil"), unless the whole run is a known place.
``FUNCTION_WORDS``: capitalised at a sentence start ("The", "A", "But"), never part of a
toponym. ``TOPONYM_HEADS``: generic first words of Arabic toponyms (Tal, Bab, Deir, Kafr):
alone before another capitalised word they are the head of a longer, unknown name.
"""

from __future__ import annotations

__all__ = [
    "BLOCKED_PHRASES",
    "COMMON_WORDS",
    "FUNCTION_WORDS",
    "GIVEN_NAMES",
    "PERSON_TITLES",
    "TOPONYM_HEADS",
]

_COMMON = """
a about above across after again against all almost alone along already also although always
am among an and another any anyone anything are area areas around as at attack attacks away
back bad base bases be became because become been before began behind being below best better
between big both but by call called came can cannot case center central centre chief city
civil clash clashes close come coming could country countryside day days dead death deaths
did different do does done down during each early east eastern eight either else end enough
even ever every eye face fact far few field fields fight fighting final fire first five for
force forces former four free friday from front full further gas general get give go good
government great group groups had half hand has have he head heavy her here high him his home
hospital hour hours house how however human i if in into is it its just key kill killed
kind known large last late later least left less let life like line little local long made
main major make man many march may me member members men might military mine minister monday
more most mother move much must my name nation national near need never new news next night
nine no none nor north northern not now number of off office official officials oil old on
once one only open or order other our out over own part party peace people place plan plant
point police power president public put rain rather reach read real region report reports
right road rock round rule run said same saturday saw say second see seven she should show
side since six small so some south southern spring state states station still stop street
strong such summer sunday support sure take ten than that the their them then there these
they third this those three through thursday time to today told too top total town towns
toward tower tuesday two under union unit until up upon us use very village villages war was
water way we wednesday week well were west western what when where which while white who
whole why will with within without woman women work world would year years yet you young
january february april june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
army navy air airport airbase brigade division regiment battalion militia militias rebels
rebel regime troops soldiers fighters jihadists jihadist gunmen security intelligence
observatory agency press media network coalition council committee ministry court prison
university school mosque church market square bridge dam gate camp hill mount mountain valley
river lake sea island desert plain border crossing highway
syrian iraqi turkish russian american iranian lebanese jordanian israeli kurdish kurd kurds
arab arabs arabic islamic islamist islamists sunni shia shiite shiites alawite alawites druze
christian christians assyrian armenian turkmen palestinian palestinians european british
french german saudi qatari egyptian afghan afghans pakistani yemeni libyan western eastern
muslim muslims jewish yazidi yazidis circassian bedouin
god allah prophet sheikh shaykh imam emir wali mayor governor king prince
mr mrs ms dr gen col maj capt lt sgt brig
hit mare bath mobile reading nice split bar aid hope gaza strip
isis isil is daesh daish nusra hezbollah hizbollah qaeda sdf ypg ypj fsa hts pyd pkk saa ndf
sham tahrir ahrar jaish fatah liwa faylaq harakat jabhat ansar
breaking update updated reuters afp ap sana sohr bbc cnn
photo video footage image images source sources
levant baath ba'ath eid ramadan christmas easter jaysh jeish jaish jish
terms privacy policy contact legal copyright cookie cookies
"""

_FUNCTION = """
a an the i but and or nor if in on at of to for by with as from into onto it its he she we
they this that these those his her their our my your you no not so yet then there here
when while after before since until during although though because what which who whom
whose why how where all any each every some such both either neither one also only even
just still meanwhile however moreover but thus hence later earlier today yesterday tonight
"""

FUNCTION_WORDS = frozenset(_FUNCTION.split())

_GIVEN = """
abu abou umm um mohammed mohammad muhammad mohamed mohamad ahmed ahmad ali hassan hasan hussein husain
hussain omar umar khaled khalid abdullah abdallah mahmoud mahmud mustafa mostafa ibrahim
youssef yousef yusuf youssif bashar hafez rami jamil jameel ayman laith walid waleed samir
nabil fadi ghassan hisham tarek tariq ziad maher bassel basel riad riyad salim salem adnan
anas issam essam karim kareem majid faisal fahd saleh salih sami hamza hamzeh imad emad osama
usama raed rafik rafiq nizar wael wassim zahran hadi hamid hamed jihad kamal louay luay
marwan moaz muhannad mohannad nasser qasim qassem rashid saad sayed suleiman sulayman talal
tamer yasser yasin yassin zaid zakaria abdel abdul abd abdulrahman abdelrahman suhail
suheil issa eisa musa moussa haidar haider ammar anwar aziz bilal daoud dawood fawaz ghazi
habib hani hazem jaber jamal jawad kinan mazen mouaz munir nadim naji omran qais rabih
radwan raad rasheed sadiq safwan samer shadi sharif tawfiq wajih wisam yahya zuhair fares
feras firas ayham bassam hosam husam jumaa mounir nawras qusay wafiq fawzi lina rana
reem fatima fatma aisha zainab maryam mariam hala nour
john mike michael david james peter paul donald barack vladimir sergei sergey recep tayyip
francois emmanuel angela theresa boris hillary antonio staffan ban kofi lakhdar rex jim
javad mevlut ashton mark stephen steve robert richard william george thomas
"""

GIVEN_NAMES = frozenset(_GIVEN.split())

_HEADS = """
tal tall tel tell bab khan deir dayr dair kafr kfar kafar ain ayn ein jabal jebel jabel wadi
ras beit bayt qasr bir jisr maarat marj hayy harat tall souq suq khirbet khirbat arab mazraat burj tallat hay
"""

TOPONYM_HEADS = frozenset(_HEADS.split())

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# weekdays in the plural too: "Fridays for Future", "Mondays" are no towns (Furaydis)
COMMON_WORDS = frozenset(_COMMON.split()) | {f"{d}s" for d in _WEEKDAYS}

BLOCKED_PHRASES = frozenset(
    {
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Greater Syria",
        "Islamic State of Iraq and al-Sham",
        "Islamic State in Iraq and Syria",
        "Islamic State in Iraq and the Levant",
        "Islamic State of Iraq",
        "Islamic State",
        "Syrian Observatory for Human Rights",
        "Syrian Observatory",
        "Free Syrian Army",
        "Syrian Democratic Forces",
        "Syrian Arab Army",
        "Syrian Arab News Agency",
        "Syrian Arab Red Crescent",
        "Syrian Arab Republic Government",
        "Syrian Civil Defence",
        "Syrian Civil Defense",
        "Syrian National Coalition",
        "Syrian National Council",
        "Syrian Network for Human Rights",
        "Syrian American Medical Society",
        "Jaish al-Islam",
        "Jaysh al-Islam",
        "Jaish al-Fatah",
        "Jaish al-Izza",
        "Jaish al-Sunna",
        "Ahrar al-Sham",
        "Jabhat al-Nusra",
        "Jabhat Fateh al-Sham",
        "Jabhat Fatah al-Sham",
        "Nusra Front",
        "al-Nusra Front",
        "Hayat Tahrir al-Sham",
        "Hay'at Tahrir al-Sham",
        "Tahrir al-Sham",
        "Faylaq al-Rahman",
        "Faylaq al-Sham",
        "Harakat Nour al-Din al-Zenki",
        "Nour al-Din al-Zenki",
        "Liwa al-Quds",
        "Liwa Fatemiyoun",
        "Liwa Zainebiyoun",
        "Jund al-Aqsa",
        "Jund al-Sham",
        "Asharq Al-Awsat",
        "Asharq al-Awsat",
        "Al-Sharq al-Awsat",
        "Daily Star",
        "Associated Press",
        "Al Jazeera",
        "Al-Jazeera",
        "Al Arabiya",
        "Al-Arabiya",
        "Al Manar",
        "Al-Manar",
        "Al Mayadeen",
        "Al-Mayadeen",
        "Middle East Eye",
        "Kurdistan Workers' Party",
        "Kurdistan Workers Party",
        "Kurdistan Regional Government",
        "People's Protection Units",
        "Popular Mobilization Forces",
        "Popular Mobilisation Forces",
        "Iraqi Security Forces",
        "Lebanese Army",
        "Turkish Armed Forces",
        "Islamic Revolutionary Guard Corps",
        "Revolutionary Guard",
        "National Defense Forces",
        "National Defence Forces",
        "National Defense Army",
        "Desert Hawks",
        "Tiger Forces",
        "Republican Guard",
        "Euphrates Shield",
        "Olive Branch",
        "Operation Euphrates Shield",
        "Deir ez-Zor Military Council",
        "Manbij Military Council",
        "Boko Haram",
        "Al Shabaab",
        "Al-Shabaab",
        "Al Shabab",
        "Allied Democratic Forces",
        "Raqqa Is Being Slaughtered Silently",
        "United Nations",
        "Security Council",
        "Human Rights Watch",
        "Amnesty International",
        "Doctors Without Borders",
        "Red Cross",
        "Red Crescent",
        "White Helmets",
        "Pentagon",
        "White House",
        "Old City",
        "Downing Street",
        "Kremlin",
        "State Department",
        "Central Command",
    }
)

PERSON_TITLES = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Gen",
        "Maj",
        "Col",
        "Capt",
        "Lt",
        "Brig",
        "Sgt",
        "Cpl",
        "Pvt",
        "Adm",
        "Gov",
        "Sen",
        "Rep",
        "Prof",
        "Sheikh",
        "Shaykh",
        "President",
        "Minister",
        "Premier",
        "Colonel",
        "General",
        "Major",
        "Brigadier",
        "Lieutenant",
        "Captain",
        "Sergeant",
        "Commander",
        "Emir",
        "Amir",
        "King",
        "Prince",
        "Imam",
        "Mufti",
        "Ambassador",
        "Envoy",
        "Secretary",
        "Spokesman",
        "Judge",
        "Mayor",
        "Governor",
        "Pope",
        "Patriarch",
        "Bishop",
        "Father",
        "Brother",
        "Sister",
        "Mister",
        "Madam",
        "Lord",
        "Sir",
        "Chancellor",
        "Chairman",
        "Director",
        "Chief",
    ]
)
