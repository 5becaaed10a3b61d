"""Trafficking scenarios the demo generator draws seizures from.

Each scenario is a plausible flow seen in real operations (species, commodity lines,
source, transit and destination countries, transport modes), so that the demo's maps,
routes and species breakdowns look like an operation a commander knows. Countries are
ISO-3 codes; a species missing from the taxon list is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemProfile:
    """One kind of commodity line: CITES term and unit, typical size and value."""

    term: str
    unit: str
    median: float
    spread: float = 0.9
    live: bool = False
    usd_per_unit: float = 0.0
    weight: float = 1.0


@dataclass(frozen=True)
class Scenario:
    """A trafficking flow: what moves, from where, through where, to where, and how."""

    key: str
    weight: float
    species: tuple[tuple[str, float], ...]
    items: tuple[ItemProfile, ...]
    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    transits: tuple[str, ...] = ()
    transit_probability: float = 0.3
    modes: tuple[tuple[str, float], ...] = (("air_passenger", 1.0),)
    concealments: tuple[str, ...] = ("",)
    internal: bool = False


WEST_CENTRAL_AFRICA = ("NGA", "CMR", "COD", "CAF", "COG", "GAB", "CIV", "GHA", "LBR", "SLE",
                       "GIN", "TGO", "BEN", "SEN", "MLI", "BFA", "TCD", "GNQ")
EAST_SOUTH_AFRICA = ("KEN", "TZA", "MOZ", "UGA", "ZMB", "ZWE", "AGO", "ETH", "MWI", "ZAF",
                     "NAM", "BWA", "MDG", "RWA", "SSD")
EAST_ASIA = ("VNM", "CHN", "THA", "MYS", "LAO", "KHM", "HKG", "SGP")
GULF = ("ARE", "QAT", "SAU", "KWT", "OMN", "BHR")
EUROPE_HUBS = ("BEL", "FRA", "NLD", "DEU", "GBR", "ESP", "PRT", "ITA", "CHE", "AUT", "POL",
               "CZE")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="ivory",
        weight=8,
        species=(("Loxodonta africana", 0.8), ("Loxodonta cyclotis", 0.1),
                 ("Elephas maximus", 0.1)),
        items=(
            ItemProfile("TUS", "NUM", 4, 0.8, usd_per_unit=6000, weight=2),
            ItemProfile("TUS", "KIL", 60, 1.1, usd_per_unit=700, weight=2),
            ItemProfile("IVC", "NUM", 6, 1.0, usd_per_unit=250, weight=2),
            ItemProfile("IVC", "KIL", 3, 1.0, usd_per_unit=900),
            ItemProfile("IVP", "KIL", 8, 1.0, usd_per_unit=500),
        ),
        origins=("KEN", "TZA", "MOZ", "UGA", "COD", "CMR", "NGA", "ZMB", "ZWE", "AGO", "CAF",
                 "COG", "GAB", "MWI"),
        destinations=("VNM", "CHN", "THA", "MYS", "LAO", "KHM", "HKG"),
        transits=("ETH", "ARE", "QAT", "TUR", "KEN", "NGA", "MYS", "SGP"),
        transit_probability=0.45,
        modes=(("sea_container", 0.3), ("air_cargo", 0.2), ("air_passenger", 0.3),
               ("express_courier", 0.05), ("road", 0.15)),
        concealments=("Hidden in timber logs", "Checked luggage, wrapped in foil",
                      "Declared as plastic scrap", "False bottom of suitcase", ""),
    ),
    Scenario(
        key="pangolin",
        weight=9,
        species=(("Phataginus tricuspis", 0.45), ("Smutsia gigantea", 0.2),
                 ("Phataginus tetradactyla", 0.1), ("Manis javanica", 0.2),
                 ("Manis pentadactyla", 0.05)),
        items=(
            ItemProfile("SCA", "KIL", 80, 1.6, usd_per_unit=250, weight=5),
            ItemProfile("BOD", "NUM", 3, 0.9, usd_per_unit=300),
            ItemProfile("MEA", "KIL", 12, 0.9, usd_per_unit=40),
            ItemProfile("LIV", "NUM", 2, 0.6, live=True, usd_per_unit=500, weight=0.6),
        ),
        origins=("NGA", "CMR", "COD", "CAF", "COG", "GAB", "CIV", "GHA", "LBR", "SLE", "GIN",
                 "UGA", "IDN", "MYS"),
        destinations=("VNM", "CHN", "LAO", "THA"),
        transits=("NGA", "TGO", "BEN", "ETH", "ARE", "SGP", "MYS", "TUR"),
        transit_probability=0.4,
        modes=(("sea_container", 0.45), ("air_cargo", 0.2), ("air_passenger", 0.2),
               ("road", 0.15)),
        concealments=("Declared as cashew nuts", "Mixed with frozen fish",
                      "Sacks labelled as ginger", "Hidden under charcoal", ""),
    ),
    Scenario(
        key="rhino_horn",
        weight=3,
        species=(("Ceratotherium simum", 0.7), ("Diceros bicornis", 0.3)),
        items=(
            ItemProfile("HOR", "NUM", 3, 0.8, usd_per_unit=40000, weight=2),
            ItemProfile("HOR", "KIL", 6, 0.9, usd_per_unit=20000),
            ItemProfile("HOP", "KIL", 0.8, 0.8, usd_per_unit=15000),
        ),
        origins=("ZAF", "MOZ", "NAM", "ZWE", "KEN", "BWA"),
        destinations=("VNM", "CHN", "LAO", "THA", "MYS"),
        transits=("ETH", "QAT", "ARE", "MYS", "KEN"),
        transit_probability=0.6,
        modes=(("air_passenger", 0.6), ("air_cargo", 0.2), ("express_courier", 0.1),
               ("road", 0.1)),
        concealments=("Wrapped in carbon paper in checked bag", "Inside wooden sculptures",
                      "Coated in wax", ""),
    ),
    Scenario(
        key="live_birds",
        weight=6,
        species=(("Psittacus erithacus", 0.35), ("Ara ararauna", 0.1), ("Ara macao", 0.05),
                 ("Amazona aestiva", 0.1), ("Cacatua sulphurea", 0.08),
                 ("Poicephalus senegalus", 0.08), ("Agapornis fischeri", 0.08),
                 ("Copsychus malabaricus", 0.08), ("Falco cherrug", 0.08)),
        items=(ItemProfile("LIV", "NUM", 18, 1.2, live=True, usd_per_unit=600, weight=4),
               ItemProfile("EGG", "NUM", 20, 0.8, usd_per_unit=300),
               ItemProfile("FEA", "KIL", 2, 0.8, usd_per_unit=80, weight=0.4)),
        origins=("CMR", "COD", "COG", "GAB", "NGA", "BRA", "BOL", "PER", "COL", "IDN", "PAK",
                 "SEN", "MLI"),
        destinations=("ARE", "KWT", "SAU", "TUR", "ZAF", "BEL", "NLD", "ESP", "PRT", "USA",
                      "MEX", "PHL", "QAT"),
        transits=("ETH", "ARE", "TUR", "BEL"),
        transit_probability=0.25,
        modes=(("air_cargo", 0.35), ("air_passenger", 0.3), ("road", 0.25),
               ("sea_vessel", 0.1)),
        concealments=("Plastic tubes in hand luggage", "Crates declared as poultry",
                      "Hidden in car door panels", ""),
    ),
    Scenario(
        key="live_reptiles",
        weight=8,
        species=(("Astrochelys radiata", 0.2), ("Astrochelys yniphora", 0.03),
                 ("Geochelone elegans", 0.15), ("Python regius", 0.15),
                 ("Testudo graeca", 0.08), ("Heosemys annandalii", 0.05),
                 ("Cuora amboinensis", 0.08), ("Varanus salvator", 0.05),
                 ("Chamaeleo calyptratus", 0.06), ("Furcifer pardalis", 0.06),
                 ("Pogona vitticeps", 0.03), ("Boa constrictor", 0.06)),
        items=(ItemProfile("LIV", "NUM", 40, 1.3, live=True, usd_per_unit=120, weight=5),
               ItemProfile("SKI", "NUM", 20, 1.0, usd_per_unit=60)),
        origins=("MDG", "IND", "LKA", "TGO", "GHA", "BEN", "IDN", "MEX", "MAR", "DZA", "MYS"),
        destinations=("THA", "MYS", "CHN", "HKG", "USA", "DEU", "NLD", "JPN", "KOR", "FRA"),
        transits=("ARE", "MYS", "THA", "KEN", "ETH"),
        transit_probability=0.35,
        modes=(("air_passenger", 0.45), ("air_cargo", 0.3), ("postal", 0.15),
               ("express_courier", 0.1)),
        concealments=("Socks inside suitcase", "Boxes declared as toys",
                      "Parcels declared as clothing", ""),
    ),
    Scenario(
        key="eels",
        weight=4,
        species=(("Anguilla anguilla", 1.0),),
        items=(ItemProfile("LIV", "KIL", 40, 0.9, live=True, usd_per_unit=3000),),
        origins=("FRA", "ESP", "PRT", "GBR", "MAR"),
        destinations=("HKG", "CHN", "JPN", "VNM", "THA"),
        transits=("DEU", "NLD", "TUR", "BEL"),
        transit_probability=0.5,
        modes=(("air_passenger", 0.6), ("air_cargo", 0.3), ("road", 0.1)),
        concealments=("Oxygenated bags in suitcases", "Under frozen fish in cool boxes", ""),
    ),
    Scenario(
        key="totoaba",
        weight=1,
        species=(("Totoaba macdonaldi", 1.0),),
        items=(ItemProfile("SWI", "KIL", 15, 0.9, usd_per_unit=20000, weight=2),
               ItemProfile("SWI", "NUM", 30, 0.8, usd_per_unit=8000)),
        origins=("MEX",),
        destinations=("CHN", "HKG"),
        transits=("USA", "KOR", "JPN"),
        transit_probability=0.7,
        modes=(("air_passenger", 0.5), ("air_cargo", 0.2), ("road", 0.3)),
        concealments=("Declared as dried fish", "Hidden in vehicle spare tyre", ""),
    ),
    Scenario(
        key="sharks",
        weight=4,
        species=(("Sphyrna lewini", 0.35), ("Carcharhinus falciformis", 0.35),
                 ("Alopias pelagicus", 0.15), ("Isurus oxyrinchus", 0.15)),
        items=(ItemProfile("FIN", "KIL", 150, 1.3, usd_per_unit=200),),
        origins=("ECU", "PER", "BRA", "MOZ", "TZA", "IDN", "LKA", "MEX", "YEM"),
        destinations=("HKG", "CHN", "SGP", "VNM", "THA"),
        transits=("SGP", "ARE", "PAN"),
        transit_probability=0.3,
        modes=(("sea_container", 0.6), ("air_cargo", 0.4)),
        concealments=("Declared as dried fish maw", "Mixed with legal fish products", ""),
    ),
    Scenario(
        key="sea_cucumbers",
        weight=3,
        species=(("Isostichopus fuscus", 0.5), ("Holothuria scabra", 0.5)),
        items=(ItemProfile("BOD", "KIL", 200, 1.2, usd_per_unit=150),),
        origins=("MEX", "ECU", "LKA", "MDG", "TZA", "MOZ", "PNG", "IND"),
        destinations=("HKG", "CHN", "SGP"),
        transits=("SGP", "MYS", "ARE"),
        transit_probability=0.3,
        modes=(("sea_container", 0.5), ("air_cargo", 0.3), ("sea_vessel", 0.2)),
        concealments=("Declared as dried seafood", ""),
    ),
    Scenario(
        key="timber",
        weight=5,
        species=(("Pterocarpus erinaceus", 0.35), ("Dalbergia", 0.2),
                 ("Dalbergia cochinchinensis", 0.1), ("Pterocarpus santalinus", 0.15),
                 ("Swietenia macrophylla", 0.1), ("Cedrela odorata", 0.05),
                 ("Pericopsis elata", 0.05)),
        items=(ItemProfile("TIM", "CUM", 25, 1.0, usd_per_unit=1500, weight=3),
               ItemProfile("SAW", "CUM", 12, 0.9, usd_per_unit=2000),
               ItemProfile("LOG", "NUM", 60, 1.0, usd_per_unit=400),
               ItemProfile("TIM", "KIL", 9000, 1.0, usd_per_unit=2.5)),
        origins=("GMB", "SEN", "MLI", "NGA", "GHA", "MDG", "IND", "LAO", "MMR", "BRA", "PER",
                 "BOL", "GNB", "CMR"),
        destinations=("CHN", "VNM", "HKG", "IND", "ARE"),
        transits=("GMB", "TGO", "SGP", "MYS"),
        transit_probability=0.25,
        modes=(("sea_container", 0.7), ("road", 0.25), ("rail", 0.05)),
        concealments=("Declared as ordinary hardwood", "Under sawn pine in container", ""),
    ),
    Scenario(
        key="agarwood",
        weight=3,
        species=(("Aquilaria malaccensis", 0.5), ("Aquilaria", 0.3), ("Gyrinops", 0.2)),
        items=(ItemProfile("CHP", "KIL", 30, 1.0, usd_per_unit=900, weight=3),
               ItemProfile("EXT", "LTR", 2, 0.8, usd_per_unit=20000),
               ItemProfile("DER", "KIL", 5, 0.8, usd_per_unit=300)),
        origins=("IDN", "MYS", "PNG", "LAO", "VNM", "KHM", "MMR", "BGD"),
        destinations=("ARE", "SAU", "KWT", "QAT", "CHN", "OMN"),
        transits=("SGP", "MYS", "THA"),
        transit_probability=0.25,
        modes=(("air_passenger", 0.5), ("air_cargo", 0.3), ("express_courier", 0.2)),
        concealments=("Declared as incense", "In checked luggage", ""),
    ),
    Scenario(
        key="bushmeat_primates",
        weight=4,
        species=(("Pan troglodytes", 0.15), ("Gorilla gorilla", 0.05),
                 ("Cercopithecus mona", 0.1), ("Mandrillus sphinx", 0.1),
                 ("Chlorocebus sabaeus", 0.1), ("Philantomba monticola", 0.2),
                 ("Atherurus africanus", 0.15), ("Phataginus tricuspis", 0.15)),
        items=(ItemProfile("MEA", "KIL", 10, 0.9, usd_per_unit=30, weight=4),
               ItemProfile("LIV", "NUM", 1, 0.4, live=True, usd_per_unit=5000),
               ItemProfile("SKU", "NUM", 2, 0.6, usd_per_unit=100)),
        origins=("CMR", "NGA", "COD", "GAB", "CIV", "GHA", "GIN", "COG"),
        destinations=("BEL", "FRA", "GBR", "DEU", "CHE", "ESP", "ITA", "USA"),
        transits=("BEL", "FRA", "MAR", "ETH"),
        transit_probability=0.2,
        modes=(("air_passenger", 0.85), ("postal", 0.15)),
        concealments=("Smoked meat in checked bag", "Declared as dried fish", ""),
    ),
    Scenario(
        key="big_cats",
        weight=3,
        species=(("Panthera tigris", 0.35), ("Panthera pardus", 0.3), ("Panthera leo", 0.15),
                 ("Panthera onca", 0.1), ("Panthera uncia", 0.05), ("Neofelis nebulosa", 0.05)),
        items=(ItemProfile("SKI", "NUM", 1, 0.5, usd_per_unit=10000, weight=2),
               ItemProfile("BON", "KIL", 6, 0.8, usd_per_unit=1500),
               ItemProfile("TEE", "NUM", 8, 0.7, usd_per_unit=300),
               ItemProfile("CLA", "NUM", 12, 0.7, usd_per_unit=150)),
        origins=("IND", "NPL", "BGD", "MMR", "LAO", "THA", "ZAF", "TZA", "BOL", "BRA", "MOZ"),
        destinations=("CHN", "VNM", "LAO", "THA"),
        transits=("NPL", "MMR", "LAO", "QAT"),
        transit_probability=0.35,
        modes=(("road", 0.4), ("air_passenger", 0.35), ("express_courier", 0.15),
               ("postal", 0.1)),
        concealments=("Under vegetables in truck", "Parcel declared as handicrafts", ""),
    ),
    Scenario(
        key="marine_curios",
        weight=3,
        species=(("Eretmochelys imbricata", 0.25), ("Corallium rubrum", 0.1),
                 ("Tridacna gigas", 0.15), ("Aliger gigas", 0.2), ("Scleractinia", 0.2),
                 ("Hippocampus kuda", 0.1)),
        items=(ItemProfile("CAR", "NUM", 10, 1.0, usd_per_unit=80, weight=2),
               ItemProfile("SHE", "NUM", 15, 1.0, usd_per_unit=40),
               ItemProfile("COR", "KIL", 20, 1.0, usd_per_unit=60),
               ItemProfile("BOD", "KIL", 5, 1.0, usd_per_unit=400)),
        origins=("IDN", "PHL", "FJI", "BHS", "JAM", "DOM", "CUB", "MDG", "HND", "NIC"),
        destinations=("USA", "DEU", "ITA", "CHN", "FRA", "ESP", "HKG"),
        transits=("USA", "PAN", "SGP"),
        transit_probability=0.2,
        modes=(("air_passenger", 0.45), ("postal", 0.25), ("express_courier", 0.15),
               ("sea_container", 0.15)),
        concealments=("Souvenirs in checked bag", "Parcel declared as jewellery", ""),
    ),
    Scenario(
        key="plants",
        weight=3,
        species=(("Orchidaceae", 0.35), ("Cactaceae", 0.2), ("Euphorbia", 0.1),
                 ("Aloe", 0.1), ("Saussurea costus", 0.1), ("Panax quinquefolius", 0.1),
                 ("Prunus africana", 0.05)),
        items=(ItemProfile("LIV", "NUM", 60, 1.1, live=True, usd_per_unit=15, weight=3),
               ItemProfile("ROO", "KIL", 25, 1.0, usd_per_unit=200),
               ItemProfile("DPL", "KIL", 10, 1.0, usd_per_unit=40),
               ItemProfile("BAR", "KIL", 300, 1.0, usd_per_unit=5)),
        origins=("THA", "VNM", "MEX", "CHL", "BRA", "MDG", "ZAF", "IND", "USA", "CMR"),
        destinations=("DEU", "NLD", "GBR", "JPN", "USA", "CHN", "KOR", "FRA"),
        transits=("NLD", "DEU"),
        transit_probability=0.15,
        modes=(("postal", 0.4), ("express_courier", 0.25), ("air_passenger", 0.25),
               ("air_cargo", 0.1)),
        concealments=("Parcel declared as seeds", "Wrapped in newspaper in luggage", ""),
    ),
    Scenario(
        key="caviar",
        weight=2,
        species=(("Acipenser gueldenstaedtii", 0.5), ("Huso huso", 0.3),
                 ("Acipenser baerii", 0.2)),
        items=(ItemProfile("CAV", "KIL", 4, 1.0, usd_per_unit=2500),),
        origins=("RUS", "KAZ", "IRN", "AZE", "UKR", "ROU", "BGR"),
        destinations=("DEU", "FRA", "POL", "USA", "ARE", "GBR", "CHE"),
        transits=("TUR", "POL", "DEU"),
        transit_probability=0.3,
        modes=(("road", 0.5), ("air_passenger", 0.3), ("express_courier", 0.2)),
        concealments=("Unlabelled tins in cool box", "Hidden in car boot", ""),
    ),
    Scenario(
        key="skins_leather",
        weight=4,
        species=(("Python reticulatus", 0.3), ("Crocodylus niloticus", 0.25),
                 ("Caiman crocodilus", 0.15), ("Crocodylus porosus", 0.1),
                 ("Varanus salvator", 0.1), ("Python bivittatus", 0.1)),
        items=(ItemProfile("SKI", "NUM", 25, 1.2, usd_per_unit=150, weight=2),
               ItemProfile("LPS", "NUM", 12, 1.0, usd_per_unit=300, weight=2),
               ItemProfile("SHO", "NUM", 4, 0.7, usd_per_unit=600),
               ItemProfile("HAN", "NUM", 3, 0.7, usd_per_unit=2000)),
        origins=("IDN", "MYS", "NGA", "ZWE", "COL", "BOL", "VNM", "THA", "MLI"),
        destinations=("ITA", "FRA", "CHE", "USA", "JPN", "DEU", "ESP", "SGP"),
        transits=("SGP", "ARE", "FRA"),
        transit_probability=0.2,
        modes=(("express_courier", 0.35), ("postal", 0.25), ("air_passenger", 0.3),
               ("air_cargo", 0.1)),
        concealments=("Declared as cow leather", "Personal effects", ""),
    ),
    Scenario(
        key="medicine",
        weight=3,
        species=(("Moschus moschiferus", 0.2), ("Ursus thibetanus", 0.25),
                 ("Saiga tatarica", 0.2), ("Panax ginseng", 0.15),
                 ("Saussurea costus", 0.1), ("Hippocampus kuda", 0.1)),
        items=(ItemProfile("MED", "NUM", 40, 1.2, usd_per_unit=25, weight=2),
               ItemProfile("GAB", "NUM", 5, 0.8, usd_per_unit=800),
               ItemProfile("MUS", "GRM", 120, 0.9, usd_per_unit=50),
               ItemProfile("HOR", "NUM", 10, 0.9, usd_per_unit=300),
               ItemProfile("POW", "KIL", 2, 1.0, usd_per_unit=400)),
        origins=("CHN", "RUS", "IND", "NPL", "MNG", "KAZ", "VNM", "KOR"),
        destinations=("CHN", "HKG", "KOR", "USA", "VNM", "GBR", "CAN", "AUS"),
        transits=("HKG", "KOR"),
        transit_probability=0.2,
        modes=(("postal", 0.35), ("express_courier", 0.25), ("air_passenger", 0.3),
               ("road", 0.1)),
        concealments=("Declared as food supplements", "Boxes of traditional remedies", ""),
    ),
    Scenario(
        key="domestic",
        weight=7,
        species=(("Crocodylus niloticus", 0.1), ("Python regius", 0.1),
                 ("Psittacus erithacus", 0.1), ("Panthera pardus", 0.05),
                 ("Loxodonta africana", 0.1), ("Phataginus tricuspis", 0.1),
                 ("Eretmochelys imbricata", 0.05), ("Chelonia mydas", 0.1),
                 ("Pterocarpus erinaceus", 0.1), ("Ara macao", 0.05),
                 ("Macaca fascicularis", 0.05), ("Aquilaria malaccensis", 0.1)),
        items=(ItemProfile("LIV", "NUM", 3, 1.0, live=True, usd_per_unit=200, weight=3),
               ItemProfile("MEA", "KIL", 8, 0.9, usd_per_unit=20),
               ItemProfile("SKI", "NUM", 2, 0.8, usd_per_unit=150),
               ItemProfile("TRO", "NUM", 1, 0.4, usd_per_unit=1000)),
        origins=(),
        destinations=(),
        modes=(("road", 0.6), ("other", 0.25), ("pedestrian", 0.15)),
        concealments=("Market stall", "Roadside check", "Private residence", ""),
        internal=True,
    ),
)

# Countries with a larger share of reports (busy hubs, large enforcement agencies).
REPORTING_WEIGHT = {
    "NGA": 4, "KEN": 3, "CHN": 5, "VNM": 4, "THA": 4, "MYS": 3, "USA": 4, "GBR": 3,
    "NLD": 3, "BEL": 3, "FRA": 3, "ZAF": 3, "IND": 4, "IDN": 3, "BRA": 3, "MEX": 3,
    "HKG": 3, "UGA": 2, "TZA": 2, "CMR": 2, "MOZ": 2, "DEU": 3, "ESP": 2, "PRT": 2,
}

FRENCH_SPEAKING = ("BEN", "BFA", "BDI", "CMR", "CAF", "TCD", "COM", "COD", "COG", "CIV",
                   "DJI", "GAB", "GIN", "HTI", "MDG", "MLI", "MRT", "MAR", "NER", "RWA",
                   "SEN", "TGO", "TUN", "DZA", "FRA", "BEL", "CHE", "LUX", "MCO", "SYC",
                   "VUT", "GNQ")
PORTUGUESE_SPEAKING = ("AGO", "BRA", "CPV", "GNB", "MOZ", "PRT", "STP", "TLS")
