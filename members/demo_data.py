"""Demo data for the ``seed_demo`` management command: plain Python data only.

This module builds a realistic demo world for the WeGO Portal: member organisations
(cities and local governments, associations, companies and national ICT institutions)
with their officials, the two WeGO regional offices (Asia: Chengdu, 2013; Europe:
Ulyanovsk Region, 2014) and WeGO's partners with their memoranda of understanding.

Every figure here is approximate and for demonstration only. Populations are rounded
orders of magnitude taken from public censuses or estimates for the city proper or the
local government's area; they are not authoritative statistics. Joining dates, MOU dates
not given in the background document, e-mail addresses, phone numbers and the names of
officials are invented. Officials are fictitious people, not the real office-holders.
The companies are fictitious, and their websites use the reserved ``.example`` top-level
domain. Companies, associations and national institutions have no population
(``None``), so their population year and source are empty too.

Conventions:
- ``country`` is an ISO 3166-1 alpha-2 code; the WeGO region follows from it through
  ``members.regions``.
- ``joined_on`` is an ISO date string (founding members: "2010-09-07") or ``None``
  for applicants, whose ``category`` is "".
- ``officials``: the focal point comes first; full members have at least one delegate.
- Region codes: asia, europe, africa, americas, middle_east, oceania.
"""

FOUNDING_DATE = "2010-09-07"

MEMBERS = [
    # ------------------------------------------------------------------ Asia
    {
        "name": "Seoul",
        "name_local": "서울특별시",
        "kind": "city",
        "country": "KR",
        "population": 9386034,
        "population_year": 2023,
        "population_source": "Statistics Korea, resident registration",
        "website": "https://english.seoul.go.kr",
        "official_languages": "Korean",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Seoul Metropolitan Government founded WeGO in 2010, serves as its President City "
            "and hosts the Secretariat. It runs the yearly Seoul Program on e-Government with "
            "the Seoul Human Resource Development Center and shares its practices in big data, "
            "citizen communication and transport information with member cities."
        ),
        "officials": [
            {"name": "Kim Ji-hoon", "title": "Director of Global Digital Cooperation", "role": "focal_point"},
            {"name": "Lee Soo-jin", "title": "Senior Officer, Digital Policy Division", "role": "official"},
            {"name": "Park Min-jun", "title": "Director General, Digital Policy Bureau", "role": "delegate"},
        ],
    },
    {
        "name": "Hanoi",
        "name_local": "Hà Nội",
        "kind": "city",
        "country": "VN",
        "population": 8435700,
        "population_year": 2022,
        "population_source": "General Statistics Office of Vietnam",
        "website": "https://hanoi.gov.vn",
        "official_languages": "Vietnamese",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Hanoi was a main beneficiary of the 2015 WeGO Feasibility Study on Civic "
            "Participation-based Systems for handling citizens' complaints, and has completed "
            "the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Nguyễn Thị Thu Hà", "title": "Deputy Director, Department of Information and Communications", "role": "focal_point"},
            {"name": "Trần Văn Minh", "title": "Head of e-Government Division", "role": "official"},
            {"name": "Phạm Quốc Bảo", "title": "Director, Department of Information and Communications", "role": "delegate"},
        ],
    },
    {
        "name": "Quezon City",
        "name_local": "Lungsod Quezon",
        "kind": "city",
        "country": "PH",
        "population": 2960048,
        "population_year": 2020,
        "population_source": "Philippine Statistics Authority, 2020 census",
        "website": "https://quezoncity.gov.ph",
        "official_languages": "Filipino, English",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Quezon City received the Civic Participation-based System developed in the 2015 "
            "WeGO Feasibility Study and has completed the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Maria Cristina Dela Cruz", "title": "Head, Information Technology Development Department", "role": "focal_point"},
            {"name": "Jose Ramon Santos", "title": "Systems Development Officer", "role": "official"},
            {"name": "Ana Liza Reyes", "title": "City Administrator", "role": "delegate"},
        ],
    },
    {
        "name": "Makati",
        "name_local": "Lungsod ng Makati",
        "kind": "city",
        "country": "PH",
        "population": 629616,
        "population_year": 2020,
        "population_source": "Philippine Statistics Authority, 2020 census",
        "website": "https://www.makati.gov.ph",
        "official_languages": "Filipino, English",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Makati, a business district of Metro Manila, offers online permits and payments "
            "to residents and businesses and has completed the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Roberto Villanueva", "title": "Head, Information Technology Office", "role": "focal_point"},
            {"name": "Katrina Mae Bautista", "title": "e-Services Coordinator", "role": "official"},
            {"name": "Eduardo Garcia", "title": "Secretary to the Mayor", "role": "delegate"},
        ],
    },
    {
        "name": "Tashkent",
        "name_local": "Toshkent",
        "kind": "city",
        "country": "UZ",
        "population": 2956400,
        "population_year": 2023,
        "population_source": "Statistics Agency of Uzbekistan",
        "website": "https://tashkent.uz",
        "official_languages": "Uzbek",
        "joined_on": "2012-11-14",
        "category": "full",
        "status": "active",
        "description": (
            "Tashkent city administration has moved public services to online portals and "
            "single-window service centres, and has completed the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Jasur Karimov", "title": "Head of Information Technologies Department", "role": "focal_point"},
            {"name": "Dilnoza Rakhimova", "title": "Chief Specialist, Digital Services", "role": "official"},
            {"name": "Bakhtiyor Yusupov", "title": "Deputy Khokim for Digital Development", "role": "delegate"},
        ],
    },
    {
        "name": "Dhaka South",
        "name_local": "ঢাকা দক্ষিণ সিটি কর্পোরেশন",
        "kind": "city",
        "country": "BD",
        "population": 4299345,
        "population_year": 2022,
        "population_source": "Bangladesh Bureau of Statistics, 2022 census",
        "website": "https://dscc.gov.bd",
        "official_languages": "Bengali",
        "joined_on": "2013-06-20",
        "category": "full",
        "status": "active",
        "description": (
            "Dhaka South City Corporation provides online trade licences and holding tax "
            "services and has completed the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Md. Rafiqul Islam", "title": "System Analyst, ICT Cell", "role": "focal_point"},
            {"name": "Farhana Akter", "title": "Assistant Programmer", "role": "official"},
            {"name": "Mohammad Abdul Karim", "title": "Chief Executive Officer", "role": "delegate"},
        ],
    },
    {
        "name": "Dhaka North",
        "name_local": "ঢাকা উত্তর সিটি কর্পোরেশন",
        "kind": "city",
        "country": "BD",
        "population": 5979537,
        "population_year": 2022,
        "population_source": "Bangladesh Bureau of Statistics, 2022 census",
        "website": "https://dncc.gov.bd",
        "official_languages": "Bengali",
        "joined_on": "2013-06-20",
        "category": "full",
        "status": "active",
        "description": (
            "Dhaka North City Corporation runs online birth registration and citizen complaint "
            "services and holds a CeDS account."
        ),
        "officials": [
            {"name": "Tanvir Ahmed", "title": "Head of ICT Cell", "role": "focal_point"},
            {"name": "Nusrat Jahan", "title": "Programmer", "role": "official"},
            {"name": "Shahidul Haque", "title": "Secretary", "role": "delegate"},
        ],
    },
    {
        "name": "Jakarta",
        "name_local": "",
        "kind": "city",
        "country": "ID",
        "population": 10562088,
        "population_year": 2020,
        "population_source": "Statistics Indonesia (BPS), 2020 census",
        "website": "https://jakarta.go.id",
        "official_languages": "Indonesian",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "The Provincial Government of DKI Jakarta operates a smart city unit and a citizen "
            "reporting application, and holds a CeDS account."
        ),
        "officials": [
            {"name": "Dewi Kartika Sari", "title": "Head of Smart City Management Unit", "role": "focal_point"},
            {"name": "Budi Santoso", "title": "Data and Applications Officer", "role": "official"},
            {"name": "Agus Hermawan", "title": "Head, Communication, Informatics and Statistics Agency", "role": "delegate"},
        ],
    },
    {
        "name": "Ulaanbaatar",
        "name_local": "Улаанбаатар",
        "kind": "city",
        "country": "MN",
        "population": 1691800,
        "population_year": 2022,
        "population_source": "National Statistics Office of Mongolia",
        "website": "https://ulaanbaatar.mn",
        "official_languages": "Mongolian",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "The Capital City Governor's Office of Ulaanbaatar is extending online public "
            "services and an open data portal, and holds a CeDS account."
        ),
        "officials": [
            {"name": "Batbayar Ganbold", "title": "Head of ICT Department", "role": "focal_point"},
            {"name": "Oyunchimeg Tsend", "title": "Specialist, e-Governance", "role": "official"},
            {"name": "Enkhbold Dorj", "title": "Deputy Governor", "role": "delegate"},
        ],
    },
    {
        "name": "Seberang Perai",
        "name_local": "",
        "kind": "city",
        "country": "MY",
        "population": 946092,
        "population_year": 2020,
        "population_source": "Department of Statistics Malaysia, 2020 census",
        "website": "https://www.mbsp.gov.my",
        "official_languages": "Malay",
        "joined_on": "2014-03-25",
        "category": "full",
        "status": "active",
        "description": (
            "Seberang Perai City Council in Penang state offers online licensing and complaint "
            "services and has been working through the CeDS self-assessment."
        ),
        "officials": [
            {"name": "Nurul Huda binti Ahmad", "title": "Director of Information Technology", "role": "focal_point"},
            {"name": "Lim Wei Jie", "title": "Assistant IT Officer", "role": "official"},
            {"name": "Mohd Faizal bin Ismail", "title": "City Secretary", "role": "delegate"},
        ],
    },
    {
        "name": "San Fernando La Union",
        "name_local": "",
        "kind": "city",
        "country": "PH",
        "population": 125640,
        "population_year": 2020,
        "population_source": "Philippine Statistics Authority, 2020 census",
        "website": "https://sanfernandocity.gov.ph",
        "official_languages": "Filipino, English, Ilocano",
        "joined_on": "2012-10-30",
        "category": "full",
        "status": "active",
        "description": (
            "The City of San Fernando, La Union was a main beneficiary of the 2015 WeGO "
            "Feasibility Study on Civic Participation-based Systems and has completed the CeDS "
            "self-assessment."
        ),
        "officials": [
            {"name": "Mark Anthony Flores", "title": "City ICT Officer", "role": "focal_point"},
            {"name": "Jennifer Ramos", "title": "Planning Officer", "role": "official"},
            {"name": "Ricardo Ancheta", "title": "City Administrator", "role": "delegate"},
        ],
    },
    {
        "name": "Chengdu",
        "name_local": "成都市",
        "kind": "city",
        "country": "CN",
        "population": 21403000,
        "population_year": 2022,
        "population_source": "Chengdu Bureau of Statistics, permanent residents",
        "website": "https://www.chengdu.gov.cn",
        "official_languages": "Chinese",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Chengdu hosts the WeGO Asia Regional Office, opened in 2013, and hosted the 3rd "
            "WeGO General Assembly in 2014. Its regional training programs present the city's "
            "digital government services and information security practice."
        ),
        "officials": [
            {"name": "Wang Lei", "title": "Director, WeGO Asia Regional Office", "role": "focal_point"},
            {"name": "Liu Yang", "title": "Program Officer, International Cooperation", "role": "official"},
            {"name": "Zhang Wei", "title": "Deputy Director, Municipal Big Data Centre", "role": "delegate"},
        ],
    },
    {
        "name": "Pokhara",
        "name_local": "पोखरा महानगरपालिका",
        "kind": "city",
        "country": "NP",
        "population": 518452,
        "population_year": 2021,
        "population_source": "National Statistics Office of Nepal, 2021 census",
        "website": "https://pokharamun.gov.np",
        "official_languages": "Nepali",
        "joined_on": "2014-05-12",
        "category": "associate",
        "status": "active",
        "description": (
            "Pokhara Metropolitan City received the Civic Participation-based System delivered "
            "with the 2015 WeGO Feasibility Study for handling citizens' complaints."
        ),
        "officials": [
            {"name": "Sushil Gurung", "title": "IT Officer", "role": "focal_point"},
            {"name": "Anita Poudel", "title": "Administrative Officer", "role": "official"},
        ],
    },
    {
        "name": "Bharatpur",
        "name_local": "भरतपुर महानगरपालिका",
        "kind": "city",
        "country": "NP",
        "population": 369377,
        "population_year": 2021,
        "population_source": "National Statistics Office of Nepal, 2021 census",
        "website": "https://bharatpurmun.gov.np",
        "official_languages": "Nepali",
        "joined_on": "2014-05-12",
        "category": "associate",
        "status": "active",
        "description": (
            "Bharatpur Metropolitan City received the Civic Participation-based System delivered "
            "with the 2015 WeGO Feasibility Study."
        ),
        "officials": [
            {"name": "Ramesh Adhikari", "title": "Information Technology Officer", "role": "focal_point"},
            {"name": "Sita Shrestha", "title": "Information Officer", "role": "official"},
        ],
    },
    {
        "name": "Phnom Penh",
        "name_local": "រាជធានីភ្នំពេញ",
        "kind": "city",
        "country": "KH",
        "population": 2281951,
        "population_year": 2019,
        "population_source": "National Institute of Statistics, 2019 census",
        "website": "https://phnompenh.gov.kh",
        "official_languages": "Khmer",
        "joined_on": "2015-09-08",
        "category": "associate",
        "status": "active",
        "description": (
            "Phnom Penh Capital Administration is building one-window online services for "
            "permits and civil registration."
        ),
        "officials": [
            {"name": "Sok Dara", "title": "Director, Department of Information Technology", "role": "focal_point"},
            {"name": "Chan Sophea", "title": "Deputy Chief of Office, e-Services", "role": "official"},
        ],
    },
    {
        "name": "Bangkok",
        "name_local": "กรุงเทพมหานคร",
        "kind": "city",
        "country": "TH",
        "population": 5471588,
        "population_year": 2023,
        "population_source": "Department of Provincial Administration, registered population",
        "website": "https://www.bangkok.go.th",
        "official_languages": "Thai",
        "joined_on": "2016-06-15",
        "category": "associate",
        "status": "active",
        "description": (
            "The Bangkok Metropolitan Administration operates an online citizen issue-reporting "
            "platform and is expanding its open data services."
        ),
        "officials": [
            {"name": "Somchai Wongsawat", "title": "Director, Information Technology Division", "role": "focal_point"},
            {"name": "Pimchanok Srisuk", "title": "Computer Technical Officer", "role": "official"},
        ],
    },
    {
        "name": "Almaty",
        "name_local": "Алматы",
        "kind": "city",
        "country": "KZ",
        "population": 2211198,
        "population_year": 2023,
        "population_source": "Bureau of National Statistics of Kazakhstan",
        "website": "https://www.gov.kz/memleket/entities/almaty",
        "official_languages": "Kazakh, Russian",
        "joined_on": "2017-09-27",
        "category": "full",
        "status": "active",
        "description": (
            "Almaty city akimat runs a smart city programme with online public services and a "
            "city situation centre."
        ),
        "officials": [
            {"name": "Aigerim Nurlanovna Seitkali", "title": "Head of Digitalization Department", "role": "focal_point"},
            {"name": "Yerlan Bekov", "title": "Chief Specialist, Smart City Projects", "role": "official"},
            {"name": "Daniyar Abenov", "title": "Deputy Akim", "role": "delegate"},
        ],
    },
    {
        "name": "Colombo",
        "name_local": "කොළඹ",
        "kind": "city",
        "country": "LK",
        "population": 648000,
        "population_year": 2021,
        "population_source": "Department of Census and Statistics, estimate",
        "website": "https://www.colombo.mc.gov.lk",
        "official_languages": "Sinhala, Tamil",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "Colombo Municipal Council has applied for membership to exchange experience on "
            "online municipal services and revenue systems."
        ),
        "officials": [
            {"name": "Nimal Perera", "title": "Head of Information Technology", "role": "focal_point"},
            {"name": "Shalini Fernando", "title": "Management Assistant, Municipal Commissioner's Office", "role": "official"},
        ],
    },
    {
        "name": "Bishkek",
        "name_local": "Бишкек",
        "kind": "city",
        "country": "KG",
        "population": 1145000,
        "population_year": 2022,
        "population_source": "National Statistical Committee of the Kyrgyz Republic",
        "website": "https://meria.kg",
        "official_languages": "Kyrgyz, Russian",
        "joined_on": "2013-04-18",
        "category": "associate",
        "status": "withdrawn",
        "description": (
            "Bishkek City Hall took part in WeGO training programs on electronic services "
            "before withdrawing its membership."
        ),
        "officials": [
            {"name": "Aibek Tashiev", "title": "Head of Information Technologies Unit", "role": "focal_point"},
            {"name": "Gulnara Osmonova", "title": "Specialist, International Relations", "role": "official"},
        ],
    },
    # ---------------------------------------------------------------- Europe
    {
        "name": "Ulyanovsk Region",
        "name_local": "Ульяновская область",
        "kind": "city",
        "country": "RU",
        "population": 1196745,
        "population_year": 2021,
        "population_source": "Rosstat, 2021 census",
        "website": "https://ulgov.ru",
        "official_languages": "Russian",
        "joined_on": "2012-11-14",
        "category": "full",
        "status": "active",
        "description": (
            "Ulyanovsk Region hosts the WeGO Europe Regional Office, opened in 2014, and hosted "
            "the 4th WeGO General Assembly in 2017. Its webinars present the region's open data "
            "policies in public utilities and healthcare."
        ),
        "officials": [
            {"name": "Elena Smirnova", "title": "Head, WeGO Europe Regional Office", "role": "focal_point"},
            {"name": "Dmitry Volkov", "title": "Adviser, Ministry of Digital Economy and Competition", "role": "official"},
            {"name": "Sergey Kuznetsov", "title": "Minister of Digital Economy and Competition", "role": "delegate"},
        ],
    },
    {
        "name": "Barcelona",
        "name_local": "",
        "kind": "city",
        "country": "ES",
        "population": 1655956,
        "population_year": 2023,
        "population_source": "Spanish Statistical Office (INE)",
        "website": "https://www.barcelona.cat",
        "official_languages": "Catalan, Spanish",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Barcelona City Council hosted the 2nd WeGO General Assembly in 2012 and the city "
            "hosts the annual Smart City Expo World Congress."
        ),
        "officials": [
            {"name": "Laia Puig Ferrer", "title": "Head of International Relations, Digital Innovation", "role": "focal_point"},
            {"name": "Jordi Martínez Soler", "title": "Project Manager, Municipal Institute of Information Technology", "role": "official"},
            {"name": "Marta Casals Vidal", "title": "Commissioner for Digital Innovation", "role": "delegate"},
        ],
    },
    {
        "name": "Kazan",
        "name_local": "Казань",
        "kind": "city",
        "country": "RU",
        "population": 1308660,
        "population_year": 2021,
        "population_source": "Rosstat, 2021 census",
        "website": "https://kzn.ru",
        "official_languages": "Russian, Tatar",
        "joined_on": "2016-10-05",
        "category": "associate",
        "status": "active",
        "description": (
            "Kazan city executive committee provides municipal services through regional "
            "online portals and public service centres."
        ),
        "officials": [
            {"name": "Rustam Galiev", "title": "Head of Informatization Department", "role": "focal_point"},
            {"name": "Alsu Khairullina", "title": "Chief Specialist, International Relations", "role": "official"},
        ],
    },
    # ---------------------------------------------------------------- Africa
    {
        "name": "Nairobi",
        "name_local": "",
        "kind": "city",
        "country": "KE",
        "population": 4397073,
        "population_year": 2019,
        "population_source": "Kenya National Bureau of Statistics, 2019 census",
        "website": "https://nairobi.go.ke",
        "official_languages": "English, Swahili",
        "joined_on": FOUNDING_DATE,
        "category": "full",
        "status": "active",
        "description": (
            "Nairobi City County collects rates, permits and parking fees through online and "
            "mobile payment channels and holds a CeDS account."
        ),
        "officials": [
            {"name": "Wanjiku Kamau", "title": "Director of ICT", "role": "focal_point"},
            {"name": "Brian Otieno", "title": "Systems Administrator", "role": "official"},
            {"name": "Peter Mwangi", "title": "County Executive Committee Member for Innovation and Digital Economy", "role": "delegate"},
        ],
    },
    {
        "name": "Khartoum State",
        "name_local": "ولاية الخرطوم",
        "kind": "city",
        "country": "SD",
        "population": 8020000,
        "population_year": 2018,
        "population_source": "Central Bureau of Statistics, projection",
        "website": "https://khartoum.gov.sd",
        "official_languages": "Arabic, English",
        "joined_on": "2012-11-14",
        "category": "full",
        "status": "active",
        "description": (
            "Khartoum State government is computerising civil registration and revenue "
            "collection and holds a CeDS account."
        ),
        "officials": [
            {"name": "Ahmed Osman Elamin", "title": "Director General, Information Centre", "role": "focal_point"},
            {"name": "Sara Abdelrahman", "title": "e-Government Projects Officer", "role": "official"},
            {"name": "Mohamed Hassan Ali", "title": "Secretary General of the State Government", "role": "delegate"},
        ],
    },
    {
        "name": "Addis Ababa",
        "name_local": "አዲስ አበባ",
        "kind": "city",
        "country": "ET",
        "population": 3945000,
        "population_year": 2023,
        "population_source": "Ethiopian Statistics Service, projection",
        "website": "https://www.addisababa.gov.et",
        "official_languages": "Amharic",
        "joined_on": "2013-09-10",
        "category": "full",
        "status": "active",
        "description": (
            "Officials of Addis Ababa City Administration attended the WeGO eGovFrame Technical "
            "Training and Service Program in Seoul in 2015, and the city is applying the "
            "eGovFrame to its own applications."
        ),
        "officials": [
            {"name": "Meron Tadesse", "title": "Director, Innovation and Technology Development", "role": "focal_point"},
            {"name": "Dawit Bekele", "title": "Software Development Team Leader", "role": "official"},
            {"name": "Abebe Girma", "title": "Head, Innovation and Technology Development Bureau", "role": "delegate"},
        ],
    },
    {
        "name": "Kampala",
        "name_local": "",
        "kind": "city",
        "country": "UG",
        "population": 1709900,
        "population_year": 2020,
        "population_source": "Uganda Bureau of Statistics, projection",
        "website": "https://www.kcca.go.ug",
        "official_languages": "English, Swahili",
        "joined_on": "2014-10-23",
        "category": "full",
        "status": "active",
        "description": (
            "Kampala Capital City Authority uses an electronic revenue system and online "
            "service applications for trading licences and building permits."
        ),
        "officials": [
            {"name": "Grace Nakato", "title": "Manager, Information Technology", "role": "focal_point"},
            {"name": "Joseph Okello", "title": "Business Analyst", "role": "official"},
            {"name": "Robert Ssempala", "title": "Director, Revenue Collection", "role": "delegate"},
        ],
    },
    {
        "name": "Kigali",
        "name_local": "",
        "kind": "city",
        "country": "RW",
        "population": 1745555,
        "population_year": 2022,
        "population_source": "National Institute of Statistics of Rwanda, 2022 census",
        "website": "https://www.kigalicity.gov.rw",
        "official_languages": "Kinyarwanda, English, French, Swahili",
        "joined_on": "2015-05-20",
        "category": "associate",
        "status": "active",
        "description": (
            "The City of Kigali delivers permits and other municipal services through the "
            "national online services portal."
        ),
        "officials": [
            {"name": "Aline Uwimana", "title": "ICT Officer", "role": "focal_point"},
            {"name": "Jean Claude Habimana", "title": "Urban Planning Officer", "role": "official"},
        ],
    },
    {
        "name": "Accra",
        "name_local": "",
        "kind": "city",
        "country": "GH",
        "population": 284124,
        "population_year": 2021,
        "population_source": "Ghana Statistical Service, 2021 census (metropolitan area)",
        "website": "https://ama.gov.gh",
        "official_languages": "English",
        "joined_on": "2016-02-11",
        "category": "associate",
        "status": "active",
        "description": (
            "Accra Metropolitan Assembly is digitising business operating permits and property "
            "rate collection."
        ),
        "officials": [
            {"name": "Kwame Mensah", "title": "Head of Management Information Systems", "role": "focal_point"},
            {"name": "Akosua Boateng", "title": "Development Planning Officer", "role": "official"},
        ],
    },
    {
        "name": "Dakar",
        "name_local": "",
        "kind": "city",
        "country": "SN",
        "population": 1278000,
        "population_year": 2023,
        "population_source": "ANSD, 2023 census (department of Dakar)",
        "website": "https://www.villededakar.sn",
        "official_languages": "French",
        "joined_on": "2017-03-15",
        "category": "associate",
        "status": "active",
        "description": (
            "The City of Dakar is modernising civil status registration and its municipal "
            "information systems."
        ),
        "officials": [
            {"name": "Aminata Diop", "title": "Head of Information Systems Division", "role": "focal_point"},
            {"name": "Moussa Ndiaye", "title": "Civil Status Digitisation Project Officer", "role": "official"},
        ],
    },
    {
        "name": "Dar es Salaam",
        "name_local": "",
        "kind": "city",
        "country": "TZ",
        "population": 5383728,
        "population_year": 2022,
        "population_source": "National Bureau of Statistics, 2022 census",
        "website": "https://www.dcc.go.tz",
        "official_languages": "Swahili, English",
        "joined_on": "2015-11-04",
        "category": "associate",
        "status": "active",
        "description": (
            "Dar es Salaam City Council collects local revenue through an electronic "
            "government payment gateway."
        ),
        "officials": [
            {"name": "Neema Mwakalinga", "title": "Head of ICT Unit", "role": "focal_point"},
            {"name": "Hamisi Juma", "title": "Systems Analyst", "role": "official"},
        ],
    },
    {
        "name": "Lagos State",
        "name_local": "",
        "kind": "city",
        "country": "NG",
        "population": 15388000,
        "population_year": 2022,
        "population_source": "National Population Commission, projection",
        "website": "https://lagosstate.gov.ng",
        "official_languages": "English",
        "joined_on": "2018-07-09",
        "category": "associate",
        "status": "active",
        "description": (
            "Lagos State Government is expanding online tax, land and permit services under "
            "its smart city programme."
        ),
        "officials": [
            {"name": "Oluwaseun Adeyemi", "title": "Director, Ministry of Innovation, Science and Technology", "role": "focal_point"},
            {"name": "Chiamaka Okafor", "title": "Senior Programme Officer", "role": "official"},
        ],
    },
    # -------------------------------------------------------------- Americas
    {
        "name": "Mexico City",
        "name_local": "Ciudad de México",
        "kind": "city",
        "country": "MX",
        "population": 9209944,
        "population_year": 2020,
        "population_source": "INEGI, 2020 census",
        "website": "https://www.cdmx.gob.mx",
        "official_languages": "Spanish",
        "joined_on": "2014-11-18",
        "category": "full",
        "status": "active",
        "description": (
            "The Government of Mexico City offers online procedures through a single digital "
            "window and publishes open data through its Digital Agency for Public Innovation."
        ),
        "officials": [
            {"name": "Alejandra Hernández López", "title": "Director of Digital Government", "role": "focal_point"},
            {"name": "Luis Fernando Ramírez", "title": "Coordinator of Open Data", "role": "official"},
            {"name": "Carlos Mendoza Ruiz", "title": "General Coordinator, Digital Agency for Public Innovation", "role": "delegate"},
        ],
    },
    {
        "name": "Bogotá",
        "name_local": "",
        "kind": "city",
        "country": "CO",
        "population": 7907281,
        "population_year": 2023,
        "population_source": "DANE, population projection",
        "website": "https://bogota.gov.co",
        "official_languages": "Spanish",
        "joined_on": "2016-09-21",
        "category": "associate",
        "status": "active",
        "description": (
            "The Mayor's Office of Bogotá provides procedures online through the city's "
            "service guide and citizen service centres."
        ),
        "officials": [
            {"name": "Catalina Gómez Restrepo", "title": "Chief Information Officer, General Secretariat", "role": "focal_point"},
            {"name": "Andrés Felipe Rojas", "title": "Digital Transformation Adviser", "role": "official"},
        ],
    },
    {
        "name": "Quito",
        "name_local": "",
        "kind": "city",
        "country": "EC",
        "population": 2679722,
        "population_year": 2022,
        "population_source": "INEC, 2022 census (Metropolitan District)",
        "website": "https://www.quito.gob.ec",
        "official_languages": "Spanish",
        "joined_on": "2015-10-07",
        "category": "full",
        "status": "active",
        "description": (
            "The Metropolitan District of Quito offers online municipal procedures and "
            "publishes open data on city services."
        ),
        "officials": [
            {"name": "Gabriela Andrade Vega", "title": "Director of Technology and Innovation", "role": "focal_point"},
            {"name": "Diego Salazar", "title": "e-Services Analyst", "role": "official"},
            {"name": "Santiago Cevallos", "title": "Secretary General of Planning", "role": "delegate"},
        ],
    },
    {
        "name": "Lima",
        "name_local": "",
        "kind": "city",
        "country": "PE",
        "population": 10004141,
        "population_year": 2022,
        "population_source": "INEI, estimate (Metropolitan Lima)",
        "website": "https://www.munlima.gob.pe",
        "official_languages": "Spanish",
        "joined_on": "2017-06-14",
        "category": "associate",
        "status": "active",
        "description": (
            "The Metropolitan Municipality of Lima is moving licences and administrative "
            "procedures to online channels."
        ),
        "officials": [
            {"name": "Rosa María Quispe", "title": "Manager of Information Technology", "role": "focal_point"},
            {"name": "Jorge Luis Castillo", "title": "Process Modernisation Specialist", "role": "official"},
        ],
    },
    {
        "name": "Montevideo",
        "name_local": "",
        "kind": "city",
        "country": "UY",
        "population": 1302954,
        "population_year": 2023,
        "population_source": "INE Uruguay, 2023 census",
        "website": "https://montevideo.gub.uy",
        "official_languages": "Spanish",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "The Intendencia de Montevideo has applied for membership to share experience on "
            "open data and online municipal procedures."
        ),
        "officials": [
            {"name": "Valentina Pereira", "title": "Director of Information Technology", "role": "focal_point"},
            {"name": "Martín Rodríguez", "title": "International Relations Officer", "role": "official"},
        ],
    },
    # ----------------------------------------------------------- Middle East
    {
        "name": "Hebron",
        "name_local": "الخليل",
        "kind": "city",
        "country": "PS",
        "population": 201063,
        "population_year": 2017,
        "population_source": "Palestinian Central Bureau of Statistics, 2017 census",
        "website": "https://www.hebron-city.ps",
        "official_languages": "Arabic",
        "joined_on": "2012-11-14",
        "category": "full",
        "status": "active",
        "description": (
            "Hebron Municipality provides utility billing and building permit services online "
            "and holds a CeDS account."
        ),
        "officials": [
            {"name": "Khaled Al-Natsheh", "title": "Director of Information Technology", "role": "focal_point"},
            {"name": "Rania Abu Sneineh", "title": "Systems Engineer", "role": "official"},
            {"name": "Yousef Al-Jabari", "title": "Municipal Director General", "role": "delegate"},
        ],
    },
    {
        "name": "Beyoğlu",
        "name_local": "",
        "kind": "city",
        "country": "TR",
        "population": 224121,
        "population_year": 2023,
        "population_source": "TurkStat, address-based population registration",
        "website": "https://www.beyoglu.bel.tr",
        "official_languages": "Turkish",
        "joined_on": "2013-06-20",
        "category": "full",
        "status": "active",
        "description": (
            "Beyoğlu Municipality in Istanbul hosted the WeGO Executive Committee Meeting in "
            "2016 and offers online municipal services and payments."
        ),
        "officials": [
            {"name": "Ayşe Yılmaz", "title": "Director of Information Technologies", "role": "focal_point"},
            {"name": "Mehmet Demir", "title": "Foreign Relations Officer", "role": "official"},
            {"name": "Emre Kaya", "title": "Deputy Mayor", "role": "delegate"},
        ],
    },
    {
        "name": "Ramallah",
        "name_local": "رام الله",
        "kind": "city",
        "country": "PS",
        "population": 38998,
        "population_year": 2017,
        "population_source": "Palestinian Central Bureau of Statistics, 2017 census",
        "website": "https://www.ramallah.ps",
        "official_languages": "Arabic",
        "joined_on": "2015-04-28",
        "category": "associate",
        "status": "active",
        "description": (
            "Ramallah Municipality offers online payment of municipal fees and a citizen "
            "service centre with electronic case tracking."
        ),
        "officials": [
            {"name": "Lina Hamdan", "title": "Head of IT Department", "role": "focal_point"},
            {"name": "Omar Barghouti", "title": "GIS Unit Coordinator", "role": "official"},
        ],
    },
    {
        "name": "Amman",
        "name_local": "عمّان",
        "kind": "city",
        "country": "JO",
        "population": 4061150,
        "population_year": 2022,
        "population_source": "Department of Statistics, estimate (Greater Amman Municipality)",
        "website": "https://www.ammancity.gov.jo",
        "official_languages": "Arabic",
        "joined_on": "2014-10-23",
        "category": "full",
        "status": "active",
        "description": (
            "Greater Amman Municipality provides e-services for permits and fees and runs a "
            "smart city programme."
        ),
        "officials": [
            {"name": "Rami Al-Khatib", "title": "Director of Information Technology", "role": "focal_point"},
            {"name": "Dana Haddad", "title": "Smart City Projects Coordinator", "role": "official"},
            {"name": "Faisal Al-Majali", "title": "Deputy City Manager", "role": "delegate"},
        ],
    },
    {
        "name": "Muscat",
        "name_local": "مسقط",
        "kind": "city",
        "country": "OM",
        "population": 1302440,
        "population_year": 2020,
        "population_source": "National Centre for Statistics and Information, 2020 census",
        "website": "https://www.mm.gov.om",
        "official_languages": "Arabic",
        "joined_on": "2016-05-17",
        "category": "associate",
        "status": "active",
        "description": (
            "Muscat Municipality provides building permits and municipal licences through "
            "online services."
        ),
        "officials": [
            {"name": "Salim Al-Harthy", "title": "Director of Information Technology", "role": "focal_point"},
            {"name": "Maryam Al-Balushi", "title": "e-Services Specialist", "role": "official"},
        ],
    },
    {
        "name": "Kuwait City",
        "name_local": "مدينة الكويت",
        "kind": "city",
        "country": "KW",
        "population": 594000,
        "population_year": 2021,
        "population_source": "PACI, Capital Governorate estimate",
        "website": "https://www.baladia.gov.kw",
        "official_languages": "Arabic",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "Kuwait Municipality has applied for membership to exchange experience on online "
            "building permits and municipal inspections."
        ),
        "officials": [
            {"name": "Abdullah Al-Mutairi", "title": "Director of Information Systems", "role": "focal_point"},
            {"name": "Noura Al-Sabah", "title": "International Cooperation Officer", "role": "official"},
        ],
    },
    # --------------------------------------------------------------- Oceania
    {
        "name": "Suva",
        "name_local": "",
        "kind": "city",
        "country": "FJ",
        "population": 93970,
        "population_year": 2017,
        "population_source": "Fiji Bureau of Statistics, 2017 census",
        "website": "https://www.suvacity.org",
        "official_languages": "English, Fijian, Fiji Hindi",
        "joined_on": "2016-11-08",
        "category": "associate",
        "status": "active",
        "description": (
            "Suva City Council is introducing online rates payment and licence applications."
        ),
        "officials": [
            {"name": "Litia Vakaloloma", "title": "IT Manager", "role": "focal_point"},
            {"name": "Ravinesh Prasad", "title": "Revenue Systems Officer", "role": "official"},
        ],
    },
    {
        "name": "Port Moresby",
        "name_local": "",
        "kind": "city",
        "country": "PG",
        "population": 400000,
        "population_year": 2021,
        "population_source": "National Statistical Office, estimate (National Capital District)",
        "website": "https://www.ncdc.gov.pg",
        "official_languages": "English, Tok Pisin, Hiri Motu",
        "joined_on": "2017-09-27",
        "category": "associate",
        "status": "active",
        "description": (
            "The National Capital District Commission is digitising business licensing and "
            "city revenue collection in Port Moresby."
        ),
        "officials": [
            {"name": "Kila Vagi", "title": "Manager, Information and Communication Technology", "role": "focal_point"},
            {"name": "Esther Kaupa", "title": "Corporate Planning Officer", "role": "official"},
        ],
    },
    {
        "name": "Apia",
        "name_local": "",
        "kind": "city",
        "country": "WS",
        "population": 37391,
        "population_year": 2016,
        "population_source": "Samoa Bureau of Statistics, 2016 census (Apia Urban Area)",
        "website": "https://www.samoagovt.ws",
        "official_languages": "Samoan, English",
        "joined_on": "2018-05-22",
        "category": "associate",
        "status": "active",
        "description": (
            "Apia takes part through the Government of Samoa, which is extending online public "
            "services to residents of the urban area."
        ),
        "officials": [
            {"name": "Faleolo Tuilagi", "title": "Principal ICT Officer", "role": "focal_point"},
            {"name": "Sina Leota", "title": "Urban Planning Officer", "role": "official"},
        ],
    },
    {
        "name": "Port Vila",
        "name_local": "",
        "kind": "city",
        "country": "VU",
        "population": 49034,
        "population_year": 2020,
        "population_source": "Vanuatu National Statistics Office, 2020 census",
        "website": "https://www.portvilacity.gov.vu",
        "official_languages": "Bislama, English, French",
        "joined_on": "2019-04-10",
        "category": "associate",
        "status": "active",
        "description": (
            "Port Vila Municipal Council is computerising business licences and property "
            "records."
        ),
        "officials": [
            {"name": "Jean-Pierre Kalsakau", "title": "IT Officer", "role": "focal_point"},
            {"name": "Mary Tari", "title": "Town Clerk's Office Coordinator", "role": "official"},
        ],
    },
    {
        "name": "Nuku'alofa",
        "name_local": "",
        "kind": "city",
        "country": "TO",
        "population": 23221,
        "population_year": 2016,
        "population_source": "Tonga Statistics Department, 2016 census",
        "website": "https://www.gov.to",
        "official_languages": "Tongan, English",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "Nuku'alofa has applied for membership to join WeGO training programs on online "
            "public services."
        ),
        "officials": [
            {"name": "Sione Fifita", "title": "Senior ICT Officer", "role": "focal_point"},
            {"name": "Mele Taufa", "title": "Policy Officer", "role": "official"},
        ],
    },
    # -------------------------------------------- Friendship members (associations)
    {
        "name": "Association of Cities of Vietnam",
        "name_local": "Hiệp hội các đô thị Việt Nam",
        "kind": "association",
        "country": "VN",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://acvn.vn",
        "official_languages": "Vietnamese",
        "joined_on": "2015-03-19",
        "category": "friendship",
        "status": "active",
        "description": (
            "The national association of Vietnamese urban local governments shares e-government "
            "practice among its member cities and towns."
        ),
        "officials": [
            {"name": "Lê Thị Hồng Nhung", "title": "Head of International Cooperation", "role": "focal_point"},
            {"name": "Đỗ Đức Thắng", "title": "Programme Officer", "role": "official"},
        ],
    },
    {
        "name": "League of Cities of the Philippines",
        "name_local": "Liga ng mga Lungsod ng Pilipinas",
        "kind": "association",
        "country": "PH",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://lcp.org.ph",
        "official_languages": "Filipino, English",
        "joined_on": "2014-10-23",
        "category": "friendship",
        "status": "active",
        "description": (
            "The league of the component and highly urbanised cities of the Philippines "
            "supports its members with policy advocacy and capacity building, including on "
            "digital services."
        ),
        "officials": [
            {"name": "Patricia Mendoza", "title": "Programme Manager, Capacity Development", "role": "focal_point"},
            {"name": "Carlo Aquino", "title": "Research Officer", "role": "official"},
        ],
    },
    {
        "name": "Union of Municipalities of Marmara",
        "name_local": "Marmara Belediyeler Birliği",
        "kind": "association",
        "country": "TR",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://www.marmara.gov.tr",
        "official_languages": "Turkish",
        "joined_on": "2016-02-24",
        "category": "friendship",
        "status": "active",
        "description": (
            "The union of local governments in the Marmara region of Turkey runs training and "
            "exchange programmes for its member municipalities, including on smart cities."
        ),
        "officials": [
            {"name": "Zeynep Arslan", "title": "International Relations Coordinator", "role": "focal_point"},
            {"name": "Burak Şahin", "title": "Smart Cities Project Specialist", "role": "official"},
        ],
    },
    # ---------------------------------------------- Corporate members (fictitious)
    {
        "name": "Hanbit Smart City Solutions Co.",
        "name_local": "한빛스마트시티솔루션",
        "kind": "company",
        "country": "KR",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://hanbit-smartcity.example",
        "official_languages": "Korean, English",
        "joined_on": "2018-03-14",
        "category": "corporate",
        "status": "active",
        "description": (
            "A demo Korean company that builds civil complaint and city data platforms for local "
            "governments."
        ),
        "officials": [
            {"name": "Choi Yoon-seo", "title": "Head of Public Sector Business", "role": "focal_point"},
            {"name": "Jung Hyun-woo", "title": "Solutions Architect", "role": "official"},
        ],
    },
    {
        "name": "Saebit Civic Cloud Co., Ltd.",
        "name_local": "새빛시빅클라우드",
        "kind": "company",
        "country": "KR",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://saebit-civiccloud.example",
        "official_languages": "Korean, English",
        "joined_on": "2019-06-05",
        "category": "corporate",
        "status": "active",
        "description": (
            "A demo company that offers cloud hosting and e-government framework integration "
            "services to municipalities."
        ),
        "officials": [
            {"name": "Han So-young", "title": "Global Partnerships Manager", "role": "focal_point"},
            {"name": "Oh Jae-won", "title": "Chief Technology Officer", "role": "official"},
        ],
    },
    {
        "name": "Meridian Civic Technologies Ltd.",
        "name_local": "",
        "kind": "company",
        "country": "KE",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://meridian-civictech.example",
        "official_languages": "English",
        "joined_on": "2019-11-20",
        "category": "corporate",
        "status": "active",
        "description": (
            "A demo company that builds mobile payment and revenue collection systems for county "
            "and city governments."
        ),
        "officials": [
            {"name": "Achieng Odhiambo", "title": "Director, Government Solutions", "role": "focal_point"},
            {"name": "David Kiprono", "title": "Lead Engineer", "role": "official"},
        ],
    },
    {
        "name": "Andes GovData S.A.S.",
        "name_local": "",
        "kind": "company",
        "country": "CO",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://andes-govdata.example",
        "official_languages": "Spanish",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "A demo company that provides open data portals and analytics services to "
            "municipalities; its corporate membership application is pending."
        ),
        "officials": [
            {"name": "Juliana Ospina", "title": "Chief Executive Officer", "role": "focal_point"},
            {"name": "Camilo Herrera", "title": "Data Services Manager", "role": "official"},
        ],
    },
    {
        "name": "Andean Association of Municipalities (demo)",
        "name_local": "Asociación Andina de Municipalidades",
        "kind": "association",
        "country": "PE",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://andean-municipalities.example",
        "official_languages": "Spanish",
        "joined_on": None,
        "category": "",
        "status": "applicant",
        "description": (
            "A fictitious regional association of municipalities; its Friendship membership "
            "application waits for the Secretariat and then the Executive Committee's confirmation."
        ),
        "officials": [
            {"name": "Lucía Huamán", "title": "Executive Secretary", "role": "focal_point"},
        ],
    },
    # ------------------------------------------------ National ICT institutions
    {
        "name": "National Information Technology Authority",
        "name_local": "",
        "kind": "institution",
        "country": "UG",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://www.nita.go.ug",
        "official_languages": "English",
        "joined_on": "2017-09-27",
        "category": "associate",
        "status": "active",
        "description": (
            "Uganda's national authority that coordinates and regulates information technology "
            "services in government, including shared e-government infrastructure."
        ),
        "officials": [
            {"name": "Patience Atuhaire", "title": "Manager, e-Government Services", "role": "focal_point"},
            {"name": "Samuel Mugisha", "title": "Senior Officer, Planning and Standards", "role": "official"},
        ],
    },
    {
        "name": "National Information Technology Development Agency",
        "name_local": "",
        "kind": "institution",
        "country": "NG",
        "population": None,
        "population_year": None,
        "population_source": "",
        "website": "https://nitda.gov.ng",
        "official_languages": "English",
        "joined_on": "2018-10-16",
        "category": "associate",
        "status": "active",
        "description": (
            "Nigeria's federal agency for information technology development, which sets "
            "standards and guidelines for digital public services."
        ),
        "officials": [
            {"name": "Ibrahim Musa", "title": "Head, e-Government Development", "role": "focal_point"},
            {"name": "Ngozi Eze", "title": "Principal Officer, Digital Services", "role": "official"},
        ],
    },
]


REGIONAL_OFFICES = [
    {
        "name": "WeGO Asia Regional Office",
        "host": "Chengdu",
        "host_member": "Chengdu",
        "regions": ["asia", "oceania"],
        "contact_email": "aro@we-gov.example",
        "contact_phone": "+86 28 6000 0000",
        "address": "Tianfu Software Park, Chengdu High-tech Zone, Chengdu, Sichuan, China",
        "opened_on": "2013-10-16",
    },
    {
        "name": "WeGO Europe Regional Office",
        "host": "Ulyanovsk Region",
        "host_member": "Ulyanovsk Region",
        "regions": ["europe"],
        "contact_email": "ero@we-gov.example",
        "contact_phone": "+7 8422 00 00 00",
        "address": "Ulyanovsk, Ulyanovsk Region, Russian Federation",
        # Officially opened at the CeBIT exhibition in Hannover, March 2014.
        "opened_on": "2014-03-11",
    },
]


PARTNERS = [
    {
        "name": "United Nations",
        "acronym": "UN",
        "kind": "international",
        "website": "https://www.un.org",
        "description": (
            "WeGO cooperates with the United Nations on e-government development and capacity "
            "building for cities and local governments."
        ),
        "mous": [
            {
                "signed_on": "2011-06-23",
                "scope": "Cooperation on e-government research, capacity building and knowledge sharing for local governments.",
                "document_title": "Memorandum of Understanding between the United Nations and WeGO",
            },
        ],
    },
    {
        "name": "World Bank",
        "acronym": "WB",
        "kind": "development_bank",
        "website": "https://www.worldbank.org",
        "description": (
            "WeGO developed the City e-Government Diagnostic and Solution Framework (CeDS) in "
            "partnership with the World Bank and co-organised Smart Cities webinars with the "
            "World Bank Institute."
        ),
        "mous": [
            {
                "signed_on": "2011-10-19",
                "scope": "Joint work on city e-government diagnostics, toolkits and webinars for member cities.",
                "document_title": "Memorandum of Understanding between the World Bank and WeGO",
            },
        ],
    },
    {
        "name": "National Information Society Agency of Korea",
        "acronym": "NIA",
        "kind": "government_agency",
        "website": "https://www.nia.or.kr",
        "description": (
            "WeGO's technical partner for the WeGO eGovFrame Technical Training and Service "
            "Program; its Global Academy co-organises the Jeju Workshop."
        ),
        "mous": [
            {
                "signed_on": "2014-04-17",
                "scope": "Technical training and remote support on the WeGO eGovFrame for member cities.",
                "document_title": "Memorandum of Understanding between NIA and WeGO",
            },
        ],
    },
    {
        "name": "United Cities and Local Governments Asia-Pacific",
        "acronym": "UCLG ASPAC",
        "kind": "association",
        "website": "https://uclg-aspac.org",
        "description": (
            "The Asia-Pacific section of United Cities and Local Governments; WeGO works with it "
            "on local government participation in global urban agendas such as Habitat III."
        ),
        "mous": [
            {
                "signed_on": "2015-09-08",
                "scope": "Joint promotion of e-government among local governments in Asia-Pacific and mutual participation in events.",
                "document_title": "Memorandum of Understanding between UCLG ASPAC and WeGO",
            },
        ],
    },
    {
        "name": "Export-Import Bank of Korea",
        "acronym": "KEXIM",
        "kind": "development_bank",
        "website": "https://www.koreaexim.go.kr",
        "description": (
            "Korea's export credit agency; under its 2016 MOU it reviews the WeGO Feasibility "
            "Project Plan and may finance additional feasibility studies for member cities."
        ),
        "mous": [
            {
                "signed_on": "2016-03-24",
                "scope": "Funding of additional feasibility studies and related workshops for member cities.",
                "document_title": "Memorandum of Understanding between the Export-Import Bank of Korea and WeGO",
            },
        ],
    },
    {
        "name": "Korea Local Informatization Research and Development Institute",
        "acronym": "KLID",
        "kind": "government_agency",
        "website": "https://www.klid.or.kr",
        "description": (
            "The Korean institute supporting local government information systems, which "
            "shares Korean local e-government experience with WeGO members."
        ),
        "mous": [
            {
                "signed_on": "2016-06-29",
                "scope": "Sharing of Korean local e-government systems and expertise with WeGO members.",
                "document_title": "Memorandum of Understanding between KLID and WeGO",
            },
        ],
    },
    {
        "name": "Asian Development Bank",
        "acronym": "ADB",
        "kind": "development_bank",
        "website": "https://www.adb.org",
        "description": (
            "Co-organised with WeGO and NIA's Global Academy the inaugural Jeju Workshop on "
            "Smart City and e-Government in May 2016."
        ),
        "mous": [
            {
                "signed_on": "2016-05-23",
                "scope": "Joint training on smart city and e-government for officials of Asia-Pacific cities.",
                "document_title": "Letter of Intent between the Asian Development Bank and WeGO",
            },
        ],
    },
    {
        "name": "International Telecommunication Union",
        "acronym": "ITU",
        "kind": "international",
        "website": "https://www.itu.int",
        "description": (
            "The United Nations specialised agency for information and communication "
            "technologies; WeGO cooperates with it on smart and sustainable cities."
        ),
        "mous": [
            {
                "signed_on": "2017-06-07",
                "scope": "Cooperation on smart sustainable city standards and knowledge sharing with local governments.",
                "document_title": "Memorandum of Understanding between ITU and WeGO",
            },
        ],
    },
    {
        "name": "Seoul Human Resource Development Center",
        "acronym": "SHRDC",
        "kind": "government_agency",
        "website": "https://hrd.seoul.go.kr",
        "description": (
            "The training institute of Seoul Metropolitan Government, partner of the yearly "
            "Seoul Program on e-Government since 2011."
        ),
        "mous": [
            {
                "signed_on": "2011-03-15",
                "scope": "Joint organisation of the yearly Seoul Program e-Government training for WeGO members.",
                "document_title": "Agreement on the WeGO e-Government Training Program (Seoul Program)",
            },
        ],
    },
    {
        "name": "United Nations Human Settlements Programme",
        "acronym": "UN-Habitat",
        "kind": "international",
        "website": "https://unhabitat.org",
        "description": (
            "The United Nations programme for sustainable urban development; WeGO joined it in "
            "preparing for Habitat III and the New Urban Agenda."
        ),
        "mous": [
            {
                "signed_on": "2016-10-18",
                "scope": "Cooperation on digital urban governance in the implementation of the New Urban Agenda.",
                "document_title": "Memorandum of Understanding between UN-Habitat and WeGO",
            },
        ],
    },
    {
        "name": "United Nations Economic and Social Commission for Asia and the Pacific",
        "acronym": "UNESCAP",
        "kind": "international",
        "website": "https://www.unescap.org",
        "description": (
            "The regional commission of the United Nations for Asia and the Pacific; WeGO works "
            "with it on ICT for sustainable urban development."
        ),
        "mous": [
            {
                "signed_on": "2016-08-30",
                "scope": "Joint activities on e-government and ICT for sustainable urban development in Asia and the Pacific.",
                "document_title": "Memorandum of Understanding between UNESCAP and WeGO",
            },
        ],
    },
    {
        "name": "TM Forum",
        "acronym": "TMF",
        "kind": "association",
        "website": "https://www.tmforum.org",
        "description": (
            "An industry association of digital service providers; WeGO collaborated with it on "
            "the Smart City Maturity and Benchmark Model."
        ),
        "mous": [
            {
                "signed_on": "2015-11-17",
                "scope": "Development of the Smart City Maturity and Benchmark Model and its use by member cities.",
                "document_title": "Memorandum of Understanding between TM Forum and WeGO",
            },
        ],
    },
]
