"""Figures for the awards demo: project titles per category, non-member cities, judges, text pieces.

The entries are generated deterministically from these lists (see demo.py). They are plausible
illustrations for the demo, not the historical entries of the WeGO Awards.
"""

TITLES = {
    "services": [
        "One-Stop Civil Service Portal", "Mobile Civil Complaints App", "e-Permit: Building Permits Online",
        "Online Business Registration in One Day", "Smart Kiosks for Certificates", "Unified Citizen e-Payment",
        "e-Health Appointment Service", "Digital Land Records Service", "Online Property Tax Payment",
        "SMS Alerts for Public Services", "Network of Citizen Service Centres", "Paperless Social Welfare Applications",
        "e-Procurement for Local Suppliers", "Online Marriage and Birth Registration", "Integrated Call Centre for City Services",
        "Digital Business Licence Renewal",
    ],
    "efficiency": [
        "Integrated Administrative Information System", "Electronic Document Management and Approval",
        "Shared Data Centre for City Agencies", "GIS-Based Urban Planning Platform", "Knowledge Management for Civil Servants",
        "Real-Time Budget Execution Dashboard", "Cloud Migration of Municipal Services", "e-Archive of City Records",
        "Performance Management System", "Automated Revenue Collection", "Interoperability Framework for City Agencies",
        "Digital Human Resources Management", "Fleet Management for Municipal Vehicles", "Paperless City Council",
    ],
    "open-city": [
        "Open Data Portal", "Participatory Budgeting Online", "Mayor's Open Office Online", "Policy Idea Bank",
        "Public Procurement Transparency Portal", "Live Streaming of Council Meetings",
        "Citizen Reporting of Potholes and Streetlights", "Open Spending Tracker", "e-Petitions Platform",
        "Youth Civic Participation App", "Open Transit Data API", "Online Public Hearings", "Open Contracting Dashboard",
    ],
    "urban-management": [
        "Integrated Traffic Management Centre", "Flood Early Warning System", "Integrated CCTV Control Centre for Safety",
        "Smart Street Lighting", "Air Quality Monitoring Network", "Intelligent Bus Information System",
        "Smart Parking Guidance", "Solid Waste Collection Tracking", "Disaster Response Coordination Platform",
        "Smart Water Leak Detection", "Energy Management for Public Buildings", "Integrated Emergency Call Centre",
        "3D Spatial Information for Urban Planning", "Real-Time Public Transport Card System",
    ],
    "digital-divide": [
        "Free Public Wi-Fi in Markets and Parks", "Digital Literacy for Senior Citizens",
        "Community e-Centres in Rural Districts", "Accessible City Websites for People with Disabilities",
        "Refurbished Computers for Low-Income Families", "Mobile Library and Internet Bus",
        "SMS Services for Feature Phones", "Digital Skills for Women Entrepreneurs", "Multilingual e-Services for Migrants",
        "e-Learning for Out-of-School Youth", "Telecentres in Informal Settlements", "Tablets for Village Health Workers",
    ],
}

PROBLEMS = {
    "services": [
        "Citizens queued for hours at district offices for routine certificates.",
        "Requests went through several desks and took weeks to answer.",
        "People outside the centre travelled far for simple permits.",
    ],
    "efficiency": [
        "Departments kept the same data in separate systems and re-typed it by hand.",
        "Paper files slowed approvals and were often lost between offices.",
        "Managers had no up-to-date view of spending and workloads.",
    ],
    "open-city": [
        "Citizens could not see how decisions were made or money was spent.",
        "Few residents took part in consultations, mostly the same voices.",
        "Public information was scattered and hard to reuse.",
    ],
    "urban-management": [
        "Congestion and slow emergency response cost lives and time every day.",
        "Floods and incidents were noticed late and handled by agencies that did not talk to each other.",
        "Street lighting, water and energy were managed without real-time data.",
    ],
    "digital-divide": [
        "Older, poorer and rural residents could not use the new online services.",
        "Many households had no computer and no affordable connection.",
        "People with disabilities could not read most public websites.",
    ],
}

SOLUTIONS = {
    "services": "A single online and mobile channel, backed by connected back-office systems, with service centres for those who prefer to come in person.",
    "efficiency": "A shared platform connecting the departments, with electronic files, workflows and dashboards used by every office.",
    "open-city": "An online platform publishing data and decisions, and letting residents propose, comment and vote, with results reported back.",
    "urban-management": "Sensors and cameras feeding an integrated control centre, with agencies sharing one operational picture and mobile alerts.",
    "digital-divide": "Free access points, hands-on training by trained volunteers and simple services designed with the people who use them.",
}

RESULTS = {
    "services": ["Processing time fell from {a} days to {b}.", "{n} thousand requests were filed online in the first year."],
    "efficiency": ["Paper use fell by {p}%.", "Approvals now take {b} days instead of {a}."],
    "open-city": ["{n} thousand residents took part.", "{d} datasets are open and reused by {k} applications."],
    "urban-management": ["Average response time fell by {p}%.", "Travel times on main corridors fell by {q}%."],
    "digital-divide": ["{n} thousand people were trained.", "{k} community centres are connected."],
}

# Cities and public organisations that are not WeGO members in the demo (name, ISO country).
NON_MEMBERS = [
    ("Busan Metropolitan City", "KR"), ("Daejeon", "KR"), ("Da Nang", "VN"), ("Ho Chi Minh City", "VN"),
    ("Cebu City", "PH"), ("Davao City", "PH"), ("Surabaya", "ID"), ("Bandung", "ID"), ("Penang Island City Council", "MY"),
    ("Pune Municipal Corporation", "IN"), ("Bhubaneswar", "IN"), ("Lalitpur Metropolitan City", "NP"),
    ("Samarkand", "UZ"), ("Astana", "KZ"), ("Yekaterinburg", "RU"), ("Izmir Metropolitan Municipality", "TR"),
    ("Mombasa County", "KE"), ("Kisumu", "KE"), ("Cape Town", "ZA"), ("Casablanca", "MA"), ("Medellín", "CO"),
    ("Guadalajara", "MX"), ("Curitiba", "BR"), ("Porto Alegre", "BR"), ("Santiago de Chile", "CL"), ("Lisbon", "PT"),
    ("Tallinn", "EE"), ("Yokohama", "JP"), ("Sendai", "JP"), ("Hangzhou", "CN"), ("Wuhan", "CN"), ("Thimphu", "BT"),
    ("Malé City Council", "MV"), ("Vientiane Capital", "LA"), ("Dili", "TL"), ("Kathmandu Metropolitan City", "NP"),
]

# Members that enter in the demo (looked up by name in the members seed).
MEMBER_ENTRANTS = [
    "Seoul", "Hanoi", "Quezon City", "Makati", "Tashkent", "Dhaka South", "Dhaka North", "Jakarta", "Ulaanbaatar",
    "Seberang Perai", "San Fernando La Union", "Chengdu", "Pokhara", "Bharatpur", "Phnom Penh", "Bangkok", "Almaty",
    "Ulyanovsk Region", "Barcelona", "Kazan", "Nairobi", "Khartoum State", "Addis Ababa", "Kampala", "Kigali",
    "Mexico City", "Bogotá", "Quito", "Hebron", "Beyoğlu", "Amman", "Muscat",
]

JUDGES = [
    ("Helen Carter", "GB", "London", "Professor of Digital Government"),
    ("Daniel Moreau", "FR", "Lyon", "Former Chief Information Officer, city administration"),
    ("Anna Keller", "DE", "Berlin", "Researcher, public-sector innovation"),
    ("Kenji Watanabe", "JP", "Tokyo", "Senior Adviser, e-Government policy"),
    ("Sarah Mitchell", "US", "Boston", "Director, civic technology programme"),
    ("Rajesh Iyer", "SG", "Singapore", "Smart Nation consultant"),
    ("Lucía Fernández", "AR", "Buenos Aires", "Professor of Public Administration"),
    ("Olusegun Adebayo", "ZA", "Johannesburg", "Open data specialist"),
    ("Mark Thompson", "AU", "Melbourne", "Urban informatics researcher"),
    ("Ingrid Larsen", "DK", "Aarhus", "Head of digital services, municipal association"),
]

FIRST_NAMES = [
    "Ana", "Ben", "Chen", "Dara", "Elif", "Farid", "Grace", "Hana", "Ivan", "Jae", "Kemal", "Lina", "Minh", "Nadia",
    "Omar", "Priya", "Quang", "Rosa", "Sami", "Tuya", "Umar", "Vera", "Wei", "Yusuf", "Zara",
]
LAST_NAMES = [
    "Abdi", "Bautista", "Cruz", "Dorj", "Erdem", "Fernandes", "Gurung", "Hossain", "Ivanova", "Jung", "Kariuki",
    "Lim", "Mendoza", "Nguyen", "Osei", "Park", "Rahman", "Santos", "Tan", "Usmonov",
]
VOTER_DOMAINS = ["example.net", "example.com", "mail.example.org", "post.example.net"]
