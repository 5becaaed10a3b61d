"""Build geo/data/countries.csv: every ISO 3166-1 country with names, WCO region and capital.

Run from the repository root with ``python scripts/build_countries.py``; the output is
deterministic (rows sorted by iso3), so a rerun without changes leaves the file identical.

Sources and licences:

- Codes and names: pycountry, which bundles Debian's iso-codes (ISO 3166-1 list and its
  gettext translations; LGPL-2.1-or-later). English is pycountry's common name where it has
  one (e.g. "Bolivia" for "Bolivia, Plurinational State of"), else its short name. French
  comes from the ``fr`` catalogue, Portuguese from ``pt`` (then ``pt_BR``); English is used
  only where a catalogue has no entry, and the script reports those.
- Region: WCO (World Customs Organization) regional membership as of the time of writing,
  kept by hand below. Non-members and territories follow geography.
- Time zone and representative point: the capital (seat of government where that differs),
  compiled by hand from public gazetteers; every zone is checked against ``zoneinfo``.
  A capital is used as the point because it is certainly inside the country, unlike a
  centroid (Chile, Indonesia, Croatia, island states).
"""

from __future__ import annotations

import csv
import gettext
import sys
import zoneinfo
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "geo" / "data" / "countries.csv"
COLUMNS = ("iso2", "iso3", "numeric", "name_en", "name_fr", "name_pt", "region", "timezone",
           "lat", "lon")
GETTEXT_DOMAIN = "iso3166-1"
# European Portuguese first: it is the variant used by the Lusophone African administrations.
PORTUGUESE_CATALOGUES = ("pt", "pt_BR")

# WCO region of every ISO 3166-1 entry. WCO members follow their WCO region (so Israel,
# Türkiye and the Central Asian CIS states are in Europe, Iran and Afghanistan in
# Asia/Pacific, Sudan and Mauritania as the WCO places them); territories follow geography.
REGION_BY_ISO3: dict[str, str] = {
    # East and Southern Africa
    "AGO": "ESA", "BDI": "ESA", "BWA": "ESA", "COM": "ESA", "DJI": "ESA", "ERI": "ESA",
    "ETH": "ESA", "KEN": "ESA", "LSO": "ESA", "MDG": "ESA", "MOZ": "ESA", "MUS": "ESA",
    "MWI": "ESA", "NAM": "ESA", "RWA": "ESA", "SOM": "ESA", "SSD": "ESA", "SWZ": "ESA",
    "SYC": "ESA", "TZA": "ESA", "UGA": "ESA", "ZAF": "ESA", "ZMB": "ESA", "ZWE": "ESA",
    # Indian Ocean territories off East Africa, and Bouvet (nearest land is South Africa).
    "ATF": "ESA", "BVT": "ESA", "MYT": "ESA", "REU": "ESA",
    # West and Central Africa
    "BEN": "WCA", "BFA": "WCA", "CAF": "WCA", "CIV": "WCA", "CMR": "WCA", "COD": "WCA",
    "COG": "WCA", "CPV": "WCA", "GAB": "WCA", "GHA": "WCA", "GIN": "WCA", "GMB": "WCA",
    "GNB": "WCA", "GNQ": "WCA", "LBR": "WCA", "MLI": "WCA", "MRT": "WCA", "NER": "WCA",
    "NGA": "WCA", "SEN": "WCA", "SLE": "WCA", "STP": "WCA", "TCD": "WCA", "TGO": "WCA",
    # Saint Helena, Ascension and Tristan da Cunha: South Atlantic, off West Africa.
    "SHN": "WCA",
    # North of Africa, Near and Middle East
    "ARE": "MENA", "BHR": "MENA", "DZA": "MENA", "EGY": "MENA", "ESH": "MENA", "IRQ": "MENA",
    "JOR": "MENA", "KWT": "MENA", "LBN": "MENA", "LBY": "MENA", "MAR": "MENA", "OMN": "MENA",
    "PSE": "MENA", "QAT": "MENA", "SAU": "MENA", "SDN": "MENA", "SYR": "MENA", "TUN": "MENA",
    "YEM": "MENA",
    # Europe (the WCO region includes the CIS countries, Türkiye and Israel)
    "ALB": "EUR", "AND": "EUR", "ARM": "EUR", "AUT": "EUR", "AZE": "EUR", "BEL": "EUR",
    "BGR": "EUR", "BIH": "EUR", "BLR": "EUR", "CHE": "EUR", "CYP": "EUR", "CZE": "EUR",
    "DEU": "EUR", "DNK": "EUR", "ESP": "EUR", "EST": "EUR", "FIN": "EUR", "FRA": "EUR",
    "GBR": "EUR", "GEO": "EUR", "GRC": "EUR", "HRV": "EUR", "HUN": "EUR", "IRL": "EUR",
    "ISL": "EUR", "ISR": "EUR", "ITA": "EUR", "KAZ": "EUR", "KGZ": "EUR", "LIE": "EUR",
    "LTU": "EUR", "LUX": "EUR", "LVA": "EUR", "MCO": "EUR", "MDA": "EUR", "MKD": "EUR",
    "MLT": "EUR", "MNE": "EUR", "NLD": "EUR", "NOR": "EUR", "POL": "EUR", "PRT": "EUR",
    "ROU": "EUR", "RUS": "EUR", "SMR": "EUR", "SRB": "EUR", "SVK": "EUR", "SVN": "EUR",
    "SWE": "EUR", "TJK": "EUR", "TKM": "EUR", "TUR": "EUR", "UKR": "EUR", "UZB": "EUR",
    "VAT": "EUR",
    # European territories
    "ALA": "EUR", "FRO": "EUR", "GGY": "EUR", "GIB": "EUR", "IMN": "EUR", "JEY": "EUR",
    "SJM": "EUR",
    # Asia/Pacific
    "AFG": "AP", "AUS": "AP", "BGD": "AP", "BRN": "AP", "BTN": "AP", "CHN": "AP",
    "FJI": "AP", "FSM": "AP", "HKG": "AP", "IDN": "AP", "IND": "AP", "IRN": "AP",
    "JPN": "AP", "KHM": "AP", "KIR": "AP", "KOR": "AP", "LAO": "AP", "LKA": "AP",
    "MAC": "AP", "MDV": "AP", "MHL": "AP", "MMR": "AP", "MNG": "AP", "MYS": "AP",
    "NPL": "AP", "NRU": "AP", "NZL": "AP", "PAK": "AP", "PHL": "AP", "PLW": "AP",
    "PNG": "AP", "PRK": "AP", "SGP": "AP", "SLB": "AP", "THA": "AP", "TLS": "AP",
    "TON": "AP", "TUV": "AP", "TWN": "AP", "VNM": "AP", "VUT": "AP", "WSM": "AP",
    # Pacific and Indian Ocean territories, and Antarctica (reached through the
    # Australian and New Zealand gateways).
    "ASM": "AP", "ATA": "AP", "CCK": "AP", "COK": "AP", "CXR": "AP", "GUM": "AP",
    "HMD": "AP", "IOT": "AP", "MNP": "AP", "NCL": "AP", "NFK": "AP", "NIU": "AP",
    "PCN": "AP", "PYF": "AP", "TKL": "AP", "UMI": "AP", "WLF": "AP",
    # Americas and the Caribbean
    "ARG": "AMER", "ATG": "AMER", "BHS": "AMER", "BLZ": "AMER", "BOL": "AMER", "BRA": "AMER",
    "BRB": "AMER", "CAN": "AMER", "CHL": "AMER", "COL": "AMER", "CRI": "AMER", "CUB": "AMER",
    "DMA": "AMER", "DOM": "AMER", "ECU": "AMER", "GRD": "AMER", "GTM": "AMER", "GUY": "AMER",
    "HND": "AMER", "HTI": "AMER", "JAM": "AMER", "KNA": "AMER", "LCA": "AMER", "MEX": "AMER",
    "NIC": "AMER", "PAN": "AMER", "PER": "AMER", "PRY": "AMER", "SLV": "AMER", "SUR": "AMER",
    "TTO": "AMER", "URY": "AMER", "USA": "AMER", "VCT": "AMER", "VEN": "AMER",
    # Caribbean, North and South Atlantic territories
    "ABW": "AMER", "AIA": "AMER", "BES": "AMER", "BLM": "AMER", "BMU": "AMER", "CUW": "AMER",
    "CYM": "AMER", "FLK": "AMER", "GLP": "AMER", "GRL": "AMER", "GUF": "AMER", "MAF": "AMER",
    "MSR": "AMER", "MTQ": "AMER", "PRI": "AMER", "SGS": "AMER", "SPM": "AMER", "SXM": "AMER",
    "TCA": "AMER", "VGB": "AMER", "VIR": "AMER",
}

# Capital (or seat of government), its latitude and longitude in decimal degrees, and its
# IANA time zone. Multi-zone countries take the capital's zone (United States: New York,
# Russia: Moscow, Brazil: São Paulo, Australia: Sydney, ...). Territories without a capital
# use their main settlement or station.
CAPITALS: dict[str, tuple[str, float, float, str]] = {
    "ABW": ("Oranjestad", 12.5240, -70.0270, "America/Aruba"),
    "AFG": ("Kabul", 34.5553, 69.2075, "Asia/Kabul"),
    "AGO": ("Luanda", -8.8390, 13.2894, "Africa/Luanda"),
    "AIA": ("The Valley", 18.2170, -63.0578, "America/Anguilla"),
    "ALA": ("Mariehamn", 60.0973, 19.9348, "Europe/Mariehamn"),
    "ALB": ("Tirana", 41.3275, 19.8187, "Europe/Tirane"),
    "AND": ("Andorra la Vella", 42.5063, 1.5218, "Europe/Andorra"),
    "ARE": ("Abu Dhabi", 24.4539, 54.3773, "Asia/Dubai"),
    "ARG": ("Buenos Aires", -34.6037, -58.3816, "America/Argentina/Buenos_Aires"),
    "ARM": ("Yerevan", 40.1792, 44.4991, "Asia/Yerevan"),
    "ASM": ("Pago Pago", -14.2756, -170.7020, "Pacific/Pago_Pago"),
    "ATA": ("McMurdo Station", -77.8463, 166.6682, "Antarctica/McMurdo"),
    "ATF": ("Port-aux-Français", -49.3500, 70.2167, "Indian/Kerguelen"),
    "ATG": ("St. John's", 17.1274, -61.8468, "America/Antigua"),
    "AUS": ("Canberra", -35.2809, 149.1300, "Australia/Sydney"),
    "AUT": ("Vienna", 48.2082, 16.3738, "Europe/Vienna"),
    "AZE": ("Baku", 40.4093, 49.8671, "Asia/Baku"),
    "BDI": ("Gitega", -3.4264, 29.9308, "Africa/Bujumbura"),
    "BEL": ("Brussels", 50.8503, 4.3517, "Europe/Brussels"),
    "BEN": ("Porto-Novo", 6.4969, 2.6289, "Africa/Porto-Novo"),
    "BES": ("Kralendijk", 12.1443, -68.2655, "America/Kralendijk"),
    "BFA": ("Ouagadougou", 12.3714, -1.5197, "Africa/Ouagadougou"),
    "BGD": ("Dhaka", 23.8103, 90.4125, "Asia/Dhaka"),
    "BGR": ("Sofia", 42.6977, 23.3219, "Europe/Sofia"),
    "BHR": ("Manama", 26.2285, 50.5860, "Asia/Bahrain"),
    "BHS": ("Nassau", 25.0443, -77.3504, "America/Nassau"),
    "BIH": ("Sarajevo", 43.8563, 18.4131, "Europe/Sarajevo"),
    "BLM": ("Gustavia", 17.8962, -62.8498, "America/St_Barthelemy"),
    "BLR": ("Minsk", 53.9006, 27.5590, "Europe/Minsk"),
    "BLZ": ("Belmopan", 17.2510, -88.7590, "America/Belize"),
    "BMU": ("Hamilton", 32.2949, -64.7814, "Atlantic/Bermuda"),
    "BOL": ("La Paz", -16.4897, -68.1193, "America/La_Paz"),
    "BRA": ("Brasília", -15.7939, -47.8828, "America/Sao_Paulo"),
    "BRB": ("Bridgetown", 13.0975, -59.6167, "America/Barbados"),
    "BRN": ("Bandar Seri Begawan", 4.9031, 114.9398, "Asia/Brunei"),
    "BTN": ("Thimphu", 27.4728, 89.6390, "Asia/Thimphu"),
    # Uninhabited; UTC matches its longitude (3° E).
    "BVT": ("Bouvet Island", -54.4232, 3.4132, "Etc/UTC"),
    "BWA": ("Gaborone", -24.6282, 25.9231, "Africa/Gaborone"),
    "CAF": ("Bangui", 4.3947, 18.5582, "Africa/Bangui"),
    "CAN": ("Ottawa", 45.4215, -75.6972, "America/Toronto"),
    "CCK": ("West Island", -12.1880, 96.8290, "Indian/Cocos"),
    "CHE": ("Bern", 46.9480, 7.4474, "Europe/Zurich"),
    "CHL": ("Santiago", -33.4489, -70.6693, "America/Santiago"),
    "CHN": ("Beijing", 39.9042, 116.4074, "Asia/Shanghai"),
    "CIV": ("Yamoussoukro", 6.8276, -5.2893, "Africa/Abidjan"),
    "CMR": ("Yaoundé", 3.8480, 11.5021, "Africa/Douala"),
    "COD": ("Kinshasa", -4.4419, 15.2663, "Africa/Kinshasa"),
    "COG": ("Brazzaville", -4.2634, 15.2429, "Africa/Brazzaville"),
    "COK": ("Avarua", -21.2075, -159.7750, "Pacific/Rarotonga"),
    "COL": ("Bogotá", 4.7110, -74.0721, "America/Bogota"),
    "COM": ("Moroni", -11.7172, 43.2473, "Indian/Comoro"),
    "CPV": ("Praia", 14.9330, -23.5133, "Atlantic/Cape_Verde"),
    "CRI": ("San José", 9.9281, -84.0907, "America/Costa_Rica"),
    "CUB": ("Havana", 23.1136, -82.3666, "America/Havana"),
    "CUW": ("Willemstad", 12.1091, -68.9316, "America/Curacao"),
    "CXR": ("Flying Fish Cove", -10.4217, 105.6791, "Indian/Christmas"),
    "CYM": ("George Town", 19.2866, -81.3744, "America/Cayman"),
    "CYP": ("Nicosia", 35.1856, 33.3823, "Asia/Nicosia"),
    "CZE": ("Prague", 50.0755, 14.4378, "Europe/Prague"),
    "DEU": ("Berlin", 52.5200, 13.4050, "Europe/Berlin"),
    "DJI": ("Djibouti", 11.5721, 43.1456, "Africa/Djibouti"),
    "DMA": ("Roseau", 15.3017, -61.3881, "America/Dominica"),
    "DNK": ("Copenhagen", 55.6761, 12.5683, "Europe/Copenhagen"),
    "DOM": ("Santo Domingo", 18.4861, -69.9312, "America/Santo_Domingo"),
    "DZA": ("Algiers", 36.7538, 3.0588, "Africa/Algiers"),
    "ECU": ("Quito", -0.1807, -78.4678, "America/Guayaquil"),
    "EGY": ("Cairo", 30.0444, 31.2357, "Africa/Cairo"),
    "ERI": ("Asmara", 15.3229, 38.9251, "Africa/Asmara"),
    "ESH": ("Laayoune", 27.1253, -13.1625, "Africa/El_Aaiun"),
    "ESP": ("Madrid", 40.4168, -3.7038, "Europe/Madrid"),
    "EST": ("Tallinn", 59.4370, 24.7536, "Europe/Tallinn"),
    "ETH": ("Addis Ababa", 9.0300, 38.7400, "Africa/Addis_Ababa"),
    "FIN": ("Helsinki", 60.1699, 24.9384, "Europe/Helsinki"),
    "FJI": ("Suva", -18.1248, 178.4501, "Pacific/Fiji"),
    "FLK": ("Stanley", -51.6977, -57.8517, "Atlantic/Stanley"),
    "FRA": ("Paris", 48.8566, 2.3522, "Europe/Paris"),
    "FRO": ("Tórshavn", 62.0079, -6.7900, "Atlantic/Faroe"),
    "FSM": ("Palikir", 6.9248, 158.1610, "Pacific/Pohnpei"),
    "GAB": ("Libreville", 0.4162, 9.4673, "Africa/Libreville"),
    "GBR": ("London", 51.5074, -0.1278, "Europe/London"),
    "GEO": ("Tbilisi", 41.7151, 44.8271, "Asia/Tbilisi"),
    "GGY": ("St Peter Port", 49.4542, -2.5361, "Europe/Guernsey"),
    "GHA": ("Accra", 5.6037, -0.1870, "Africa/Accra"),
    "GIB": ("Gibraltar", 36.1408, -5.3536, "Europe/Gibraltar"),
    "GIN": ("Conakry", 9.6412, -13.5784, "Africa/Conakry"),
    "GLP": ("Basse-Terre", 15.9985, -61.7255, "America/Guadeloupe"),
    "GMB": ("Banjul", 13.4549, -16.5790, "Africa/Banjul"),
    "GNB": ("Bissau", 11.8817, -15.6178, "Africa/Bissau"),
    "GNQ": ("Malabo", 3.7504, 8.7371, "Africa/Malabo"),
    "GRC": ("Athens", 37.9838, 23.7275, "Europe/Athens"),
    "GRD": ("St. George's", 12.0561, -61.7488, "America/Grenada"),
    "GRL": ("Nuuk", 64.1814, -51.6941, "America/Nuuk"),
    "GTM": ("Guatemala City", 14.6349, -90.5069, "America/Guatemala"),
    "GUF": ("Cayenne", 4.9224, -52.3135, "America/Cayenne"),
    "GUM": ("Hagåtña", 13.4757, 144.7489, "Pacific/Guam"),
    "GUY": ("Georgetown", 6.8013, -58.1551, "America/Guyana"),
    "HKG": ("Hong Kong", 22.3193, 114.1694, "Asia/Hong_Kong"),
    "HMD": ("Heard Island", -53.0818, 73.5042, "Indian/Kerguelen"),
    "HND": ("Tegucigalpa", 14.0723, -87.1921, "America/Tegucigalpa"),
    "HRV": ("Zagreb", 45.8150, 15.9819, "Europe/Zagreb"),
    "HTI": ("Port-au-Prince", 18.5944, -72.3074, "America/Port-au-Prince"),
    "HUN": ("Budapest", 47.4979, 19.0402, "Europe/Budapest"),
    "IDN": ("Jakarta", -6.2088, 106.8456, "Asia/Jakarta"),
    "IMN": ("Douglas", 54.1523, -4.4861, "Europe/Isle_of_Man"),
    "IND": ("New Delhi", 28.6139, 77.2090, "Asia/Kolkata"),
    "IOT": ("Diego Garcia", -7.3133, 72.4111, "Indian/Chagos"),
    "IRL": ("Dublin", 53.3498, -6.2603, "Europe/Dublin"),
    "IRN": ("Tehran", 35.6892, 51.3890, "Asia/Tehran"),
    "IRQ": ("Baghdad", 33.3152, 44.3661, "Asia/Baghdad"),
    "ISL": ("Reykjavík", 64.1466, -21.9426, "Atlantic/Reykjavik"),
    # West Jerusalem (the Knesset), inside the pre-1967 line whichever map is drawn.
    "ISR": ("Jerusalem", 31.7767, 35.2054, "Asia/Jerusalem"),
    "ITA": ("Rome", 41.9028, 12.4964, "Europe/Rome"),
    "JAM": ("Kingston", 17.9712, -76.7936, "America/Jamaica"),
    "JEY": ("Saint Helier", 49.1860, -2.1069, "Europe/Jersey"),
    "JOR": ("Amman", 31.9454, 35.9284, "Asia/Amman"),
    "JPN": ("Tokyo", 35.6762, 139.6503, "Asia/Tokyo"),
    "KAZ": ("Astana", 51.1605, 71.4704, "Asia/Almaty"),
    "KEN": ("Nairobi", -1.2921, 36.8219, "Africa/Nairobi"),
    "KGZ": ("Bishkek", 42.8746, 74.5698, "Asia/Bishkek"),
    "KHM": ("Phnom Penh", 11.5564, 104.9282, "Asia/Phnom_Penh"),
    "KIR": ("South Tarawa", 1.3290, 172.9790, "Pacific/Tarawa"),
    "KNA": ("Basseterre", 17.3026, -62.7177, "America/St_Kitts"),
    "KOR": ("Seoul", 37.5665, 126.9780, "Asia/Seoul"),
    "KWT": ("Kuwait City", 29.3759, 47.9774, "Asia/Kuwait"),
    "LAO": ("Vientiane", 17.9757, 102.6331, "Asia/Vientiane"),
    "LBN": ("Beirut", 33.8938, 35.5018, "Asia/Beirut"),
    "LBR": ("Monrovia", 6.3156, -10.8074, "Africa/Monrovia"),
    "LBY": ("Tripoli", 32.8872, 13.1913, "Africa/Tripoli"),
    "LCA": ("Castries", 14.0101, -60.9875, "America/St_Lucia"),
    "LIE": ("Vaduz", 47.1410, 9.5209, "Europe/Vaduz"),
    "LKA": ("Sri Jayawardenepura Kotte", 6.8868, 79.9187, "Asia/Colombo"),
    "LSO": ("Maseru", -29.3151, 27.4869, "Africa/Maseru"),
    "LTU": ("Vilnius", 54.6872, 25.2797, "Europe/Vilnius"),
    "LUX": ("Luxembourg", 49.6116, 6.1319, "Europe/Luxembourg"),
    "LVA": ("Riga", 56.9496, 24.1052, "Europe/Riga"),
    "MAC": ("Macao", 22.1987, 113.5439, "Asia/Macau"),
    "MAF": ("Marigot", 18.0708, -63.0501, "America/Marigot"),
    "MAR": ("Rabat", 34.0209, -6.8416, "Africa/Casablanca"),
    "MCO": ("Monaco", 43.7384, 7.4246, "Europe/Monaco"),
    "MDA": ("Chișinău", 47.0105, 28.8638, "Europe/Chisinau"),
    "MDG": ("Antananarivo", -18.8792, 47.5079, "Indian/Antananarivo"),
    "MDV": ("Malé", 4.1755, 73.5093, "Indian/Maldives"),
    "MEX": ("Mexico City", 19.4326, -99.1332, "America/Mexico_City"),
    "MHL": ("Majuro", 7.0897, 171.3803, "Pacific/Majuro"),
    "MKD": ("Skopje", 41.9981, 21.4254, "Europe/Skopje"),
    "MLI": ("Bamako", 12.6392, -8.0029, "Africa/Bamako"),
    "MLT": ("Valletta", 35.8989, 14.5146, "Europe/Malta"),
    "MMR": ("Naypyidaw", 19.7633, 96.0785, "Asia/Yangon"),
    "MNE": ("Podgorica", 42.4304, 19.2594, "Europe/Podgorica"),
    "MNG": ("Ulaanbaatar", 47.8864, 106.9057, "Asia/Ulaanbaatar"),
    "MNP": ("Saipan", 15.1850, 145.7467, "Pacific/Saipan"),
    "MOZ": ("Maputo", -25.9692, 32.5732, "Africa/Maputo"),
    "MRT": ("Nouakchott", 18.0735, -15.9582, "Africa/Nouakchott"),
    # Brades: the de facto capital since the volcano destroyed Plymouth.
    "MSR": ("Brades", 16.7918, -62.2106, "America/Montserrat"),
    "MTQ": ("Fort-de-France", 14.6161, -61.0588, "America/Martinique"),
    "MUS": ("Port Louis", -20.1609, 57.5012, "Indian/Mauritius"),
    "MWI": ("Lilongwe", -13.9626, 33.7741, "Africa/Blantyre"),
    "MYS": ("Kuala Lumpur", 3.1390, 101.6869, "Asia/Kuala_Lumpur"),
    "MYT": ("Mamoudzou", -12.7806, 45.2279, "Indian/Mayotte"),
    "NAM": ("Windhoek", -22.5609, 17.0658, "Africa/Windhoek"),
    "NCL": ("Nouméa", -22.2758, 166.4580, "Pacific/Noumea"),
    "NER": ("Niamey", 13.5116, 2.1254, "Africa/Niamey"),
    "NFK": ("Kingston", -29.0564, 167.9595, "Pacific/Norfolk"),
    "NGA": ("Abuja", 9.0765, 7.3986, "Africa/Lagos"),
    "NIC": ("Managua", 12.1150, -86.2362, "America/Managua"),
    "NIU": ("Alofi", -19.0544, -169.9187, "Pacific/Niue"),
    "NLD": ("Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam"),
    "NOR": ("Oslo", 59.9139, 10.7522, "Europe/Oslo"),
    "NPL": ("Kathmandu", 27.7172, 85.3240, "Asia/Kathmandu"),
    "NRU": ("Yaren", -0.5477, 166.9209, "Pacific/Nauru"),
    "NZL": ("Wellington", -41.2865, 174.7762, "Pacific/Auckland"),
    "OMN": ("Muscat", 23.5880, 58.3829, "Asia/Muscat"),
    "PAK": ("Islamabad", 33.6844, 73.0479, "Asia/Karachi"),
    "PAN": ("Panama City", 8.9824, -79.5199, "America/Panama"),
    "PCN": ("Adamstown", -25.0660, -130.1015, "Pacific/Pitcairn"),
    "PER": ("Lima", -12.0464, -77.0428, "America/Lima"),
    "PHL": ("Manila", 14.5995, 120.9842, "Asia/Manila"),
    "PLW": ("Ngerulmud", 7.5006, 134.6242, "Pacific/Palau"),
    "PNG": ("Port Moresby", -9.4438, 147.1803, "Pacific/Port_Moresby"),
    "POL": ("Warsaw", 52.2297, 21.0122, "Europe/Warsaw"),
    "PRI": ("San Juan", 18.4655, -66.1057, "America/Puerto_Rico"),
    "PRK": ("Pyongyang", 39.0392, 125.7625, "Asia/Pyongyang"),
    "PRT": ("Lisbon", 38.7223, -9.1393, "Europe/Lisbon"),
    "PRY": ("Asunción", -25.2637, -57.5759, "America/Asuncion"),
    # Ramallah: seat of the Palestinian Authority's government, in the West Bank.
    "PSE": ("Ramallah", 31.9038, 35.2034, "Asia/Hebron"),
    "PYF": ("Papeete", -17.5516, -149.5585, "Pacific/Tahiti"),
    "QAT": ("Doha", 25.2854, 51.5310, "Asia/Qatar"),
    "REU": ("Saint-Denis", -20.8823, 55.4504, "Indian/Reunion"),
    "ROU": ("Bucharest", 44.4268, 26.1025, "Europe/Bucharest"),
    "RUS": ("Moscow", 55.7558, 37.6173, "Europe/Moscow"),
    "RWA": ("Kigali", -1.9441, 30.0619, "Africa/Kigali"),
    "SAU": ("Riyadh", 24.7136, 46.6753, "Asia/Riyadh"),
    "SDN": ("Khartoum", 15.5007, 32.5599, "Africa/Khartoum"),
    "SEN": ("Dakar", 14.7167, -17.4677, "Africa/Dakar"),
    "SGP": ("Singapore", 1.2903, 103.8520, "Asia/Singapore"),
    "SGS": ("King Edward Point", -54.2833, -36.4930, "Atlantic/South_Georgia"),
    "SHN": ("Jamestown", -15.9244, -5.7181, "Atlantic/St_Helena"),
    "SJM": ("Longyearbyen", 78.2232, 15.6267, "Arctic/Longyearbyen"),
    "SLB": ("Honiara", -9.4456, 159.9729, "Pacific/Guadalcanal"),
    "SLE": ("Freetown", 8.4657, -13.2317, "Africa/Freetown"),
    "SLV": ("San Salvador", 13.6929, -89.2182, "America/El_Salvador"),
    "SMR": ("San Marino", 43.9424, 12.4578, "Europe/San_Marino"),
    "SOM": ("Mogadishu", 2.0469, 45.3182, "Africa/Mogadishu"),
    "SPM": ("Saint-Pierre", 46.7811, -56.1764, "America/Miquelon"),
    "SRB": ("Belgrade", 44.7866, 20.4489, "Europe/Belgrade"),
    "SSD": ("Juba", 4.8594, 31.5713, "Africa/Juba"),
    "STP": ("São Tomé", 0.3365, 6.7273, "Africa/Sao_Tome"),
    "SUR": ("Paramaribo", 5.8520, -55.2038, "America/Paramaribo"),
    "SVK": ("Bratislava", 48.1486, 17.1077, "Europe/Bratislava"),
    "SVN": ("Ljubljana", 46.0569, 14.5058, "Europe/Ljubljana"),
    "SWE": ("Stockholm", 59.3293, 18.0686, "Europe/Stockholm"),
    "SWZ": ("Mbabane", -26.3054, 31.1367, "Africa/Mbabane"),
    "SXM": ("Philipsburg", 18.0260, -63.0458, "America/Lower_Princes"),
    "SYC": ("Victoria", -4.6191, 55.4513, "Indian/Mahe"),
    "SYR": ("Damascus", 33.5138, 36.2765, "Asia/Damascus"),
    "TCA": ("Cockburn Town", 21.4612, -71.1419, "America/Grand_Turk"),
    "TCD": ("N'Djamena", 12.1348, 15.0557, "Africa/Ndjamena"),
    "TGO": ("Lomé", 6.1256, 1.2254, "Africa/Lome"),
    "THA": ("Bangkok", 13.7563, 100.5018, "Asia/Bangkok"),
    "TJK": ("Dushanbe", 38.5598, 68.7870, "Asia/Dushanbe"),
    # Tokelau has no capital; the administration rotates between the three atolls.
    "TKL": ("Fakaofo", -9.3650, -171.2150, "Pacific/Fakaofo"),
    "TKM": ("Ashgabat", 37.9601, 58.3261, "Asia/Ashgabat"),
    "TLS": ("Dili", -8.5569, 125.5603, "Asia/Dili"),
    "TON": ("Nuku'alofa", -21.1394, -175.2049, "Pacific/Tongatapu"),
    "TTO": ("Port of Spain", 10.6549, -61.5019, "America/Port_of_Spain"),
    "TUN": ("Tunis", 36.8065, 10.1815, "Africa/Tunis"),
    "TUR": ("Ankara", 39.9334, 32.8597, "Europe/Istanbul"),
    "TUV": ("Funafuti", -8.5211, 179.1983, "Pacific/Funafuti"),
    "TWN": ("Taipei", 25.0330, 121.5654, "Asia/Taipei"),
    "TZA": ("Dodoma", -6.1630, 35.7516, "Africa/Dar_es_Salaam"),
    "UGA": ("Kampala", 0.3476, 32.5825, "Africa/Kampala"),
    "UKR": ("Kyiv", 50.4501, 30.5234, "Europe/Kyiv"),
    "UMI": ("Wake Island", 19.2823, 166.6470, "Pacific/Wake"),
    "URY": ("Montevideo", -34.9011, -56.1645, "America/Montevideo"),
    "USA": ("Washington", 38.9072, -77.0369, "America/New_York"),
    "UZB": ("Tashkent", 41.2995, 69.2401, "Asia/Tashkent"),
    "VAT": ("Vatican City", 41.9029, 12.4534, "Europe/Vatican"),
    "VCT": ("Kingstown", 13.1600, -61.2248, "America/St_Vincent"),
    "VEN": ("Caracas", 10.4806, -66.9036, "America/Caracas"),
    "VGB": ("Road Town", 18.4286, -64.6185, "America/Tortola"),
    "VIR": ("Charlotte Amalie", 18.3419, -64.9307, "America/St_Thomas"),
    "VNM": ("Hanoi", 21.0278, 105.8342, "Asia/Ho_Chi_Minh"),
    "VUT": ("Port Vila", -17.7334, 168.3273, "Pacific/Efate"),
    "WLF": ("Mata-Utu", -13.2825, -176.1745, "Pacific/Wallis"),
    "WSM": ("Apia", -13.8506, -171.7513, "Pacific/Apia"),
    "YEM": ("Sana'a", 15.3694, 44.1910, "Asia/Aden"),
    "ZAF": ("Pretoria", -25.7479, 28.2293, "Africa/Johannesburg"),
    "ZMB": ("Lusaka", -15.3875, 28.3228, "Africa/Lusaka"),
    "ZWE": ("Harare", -17.8252, 31.0335, "Africa/Harare"),
}


def _catalogue(languages: tuple[str, ...]) -> gettext.GNUTranslations:
    """The first iso3166-1 gettext catalogue that pycountry ships among the languages."""
    for language in languages:
        try:
            return gettext.translation(GETTEXT_DOMAIN, pycountry.LOCALES_DIR, [language])
        except FileNotFoundError:
            continue
    raise FileNotFoundError(f"no {GETTEXT_DOMAIN} catalogue for any of {languages}")


def _translate(catalogue: gettext.GNUTranslations, *names: str) -> str | None:
    """Translation of the first name the catalogue knows; None if it knows none of them."""
    # _catalog is the parsed .mo file; gettext() alone cannot tell "no entry" from a
    # translation that happens to equal the English (Angola, Canada, Mali...).
    known: dict[str, str] = catalogue._catalog  # type: ignore[attr-defined]
    for name in names:
        if known.get(name):
            return known[name]
    return None


def build_rows() -> tuple[list[dict[str, str]], list[str]]:
    """Country rows sorted by iso3, and a note for each name that fell back to English."""
    catalogues = {"fr": _catalogue(("fr",)), "pt": _catalogue(PORTUGUESE_CATALOGUES)}
    countries = sorted(pycountry.countries, key=lambda country: country.alpha_3)
    codes = {country.alpha_3 for country in countries}
    problems = [f"{code}: no region" for code in sorted(codes - REGION_BY_ISO3.keys())]
    problems += [f"{code}: no capital" for code in sorted(codes - CAPITALS.keys())]
    problems += [f"{code}: not in ISO 3166-1" for code in
                 sorted((REGION_BY_ISO3.keys() | CAPITALS.keys()) - codes)]
    zones = zoneinfo.available_timezones()
    problems += [f"{code}: unknown time zone {zone}" for code, (_, _, _, zone) in
                 sorted(CAPITALS.items()) if zone not in zones]
    if problems:
        raise SystemExit("cannot build countries.csv:\n  " + "\n  ".join(problems))

    rows, fallbacks = [], []
    for country in countries:
        # The common name is what people say ("Tanzania"); translate it first, then the
        # short name, since the catalogues carry both.
        english = getattr(country, "common_name", None) or country.name
        names = {"name_en": english}
        for language, catalogue in catalogues.items():
            translated = _translate(catalogue, english, country.name)
            if translated is None:
                fallbacks.append(f"{country.alpha_3} {language}: {english}")
            names[f"name_{language}"] = translated or english
        _, lat, lon, zone = CAPITALS[country.alpha_3]
        rows.append({
            "iso2": country.alpha_2,
            "iso3": country.alpha_3,
            "numeric": country.numeric,
            **names,
            "region": REGION_BY_ISO3[country.alpha_3],
            "timezone": zone,
            "lat": f"{lat:.4f}",
            "lon": f"{lon:.4f}",
        })
    return rows, fallbacks


def main() -> int:
    """Write countries.csv and report names that fell back to English."""
    rows, fallbacks = build_rows()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUTPUT}")
    for note in fallbacks:
        print(f"  English fallback: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
